import OfftakeRandom

/// What a scenario field is when its key is left out.
public enum FieldDefault: Sendable, Hashable {
    /// Leaving the key out is an error.
    case required
    /// Left out, the field is this constant (base units).
    case value(Double)
    /// Left out, the field is absent (nil): what it sets is off.
    case absent
    /// A rule the reader applies by hand, in the words of the docs' field reference (`one of the prices`).
    case rule(String)
}

/// One key of a scenario entity: its YAML name, unit, domain, default, meaning, and where its value
/// sits in the model. The tables of ``FieldTable`` (ScenarioFields.swift) drive the scenario reader's
/// known keys and numeric reads, the writer, ``Scenario/parameterSlots`` and the check of
/// docs/model.md's field reference, so a new numeric field is one row there (plus the model property).
public struct Field<Root>: @unchecked Sendable {
    public enum Access {
        /// A number or distribution.
        case number(WritableKeyPath<Root, Distribution>)
        /// An optional number or distribution; `forced` reads it when present.
        case optionalNumber(WritableKeyPath<Root, Distribution?>, forced: WritableKeyPath<Root, Distribution>)
        /// A nested mapping, list, map of named entries or schedule, walked by its own table.
        case nested(Nested)
        /// Read and written by hand (ids, text, months, keywords, matrices, …).
        case other
    }

    /// What a nested row contributes to the catalogue and to the field reference.
    public struct Nested {
        /// The row's own pattern in the field reference, given its key: `growth`, `tranches[]`, `<regime>`, `training_mw.<date>`.
        let pattern: (String) -> String
        /// Appends the parameters inside `root` (reached by the key path, nil when `Root` is `Scenario`) under the id and file paths of `root`.
        let slots: (Root, WritableKeyPath<Scenario, Root>?, String, String, inout [ParameterSlot]) -> Void
        /// The rows inside, under a pattern.
        let describe: (String) -> [FieldDescription]
        /// A schedule: one number per date, a leaf of the field reference.
        let isSchedule: Bool
        /// A map of named entries that sit in the parent mapping (regimes): no key of its own.
        let isEntries: Bool
        /// Fields that sit in the parent mapping (a provider's financials): their keys are the parent's.
        var inlineKeys: [String]? = nil
        /// Appends the optional blocks left out inside `root`, under the id and file paths of `root`.
        var absentBlocks: (Root, String, String, inout [AbsentBlock]) -> Void = { _, _, _, _ in }
        /// The keys a block, or each entry of a list, must have: its table's required rows.
        var requiredKeys: [String] = []
    }

    /// The YAML key.
    public let key: String
    /// The docs' unit: the quantity's unit for numbers (`money`, `annual rate`, …), else `id`, `month`, `text`, ….
    public let unit: String
    /// The kind numbers are read in; `.unspecified` for other fields.
    public let kind: QuantityKind
    public let domain: ValueDomain
    public let `default`: FieldDefault
    /// One line, as in the field reference.
    public let meaning: String
    public let access: Access
    /// Whether the field is there in a given value (nil: whenever its entity is): a price of the contract's form, a kind's block.
    public let isPresent: ((Root) -> Bool)?

    public var isNumber: Bool {
        switch access {
        case .number, .optionalNumber: return true
        case .nested(let n): return n.isSchedule
        case .other: return false
        }
    }
}

/// An optional block a scenario leaves out (`providers.acme.other_customers`): an override that reaches
/// into it is told to add the block first.
public struct AbsentBlock: Sendable, Hashable {
    /// The block's path with entity ids (`providers.acme.other_customers`).
    public var path: String
    /// The block's path as written in the file (`providers[0].other_customers`).
    public var filePath: String
    /// The block's key (`other_customers`).
    public var key: String
    /// The keys the block must have, from its table.
    public var requiredKeys: [String]

    /// The smallest block that can be added: `other_customers: {revenue0: …, margin: …}`.
    public var minimalForm: String {
        "\(key): {" + requiredKeys.map { "\($0): …" }.joined(separator: ", ") + "}"
    }
}

/// A row of the field reference: a field pattern such as `buyers[].growth.initial` with its table row's facts.
public struct FieldDescription: Sendable, Hashable {
    public var pattern: String
    public var unit: String
    public var kind: QuantityKind
    public var domain: ValueDomain
    public var `default`: FieldDefault
    public var meaning: String
    /// A number (or a schedule of numbers): a parameter of ``Scenario/parameterSlots``.
    public var isNumber: Bool
    /// A block, list or map with rows of its own.
    public var isGroup: Bool
}

/// The fields of one scenario entity, in the order the reader lists them in its "unknown key" messages.
public struct FieldTable<Root>: @unchecked Sendable {
    public let fields: [Field<Root>]
    /// The order of the entity's parameters in ``Scenario/parameterSlots`` when it is not the table's:
    /// relative paths (`funding.round_size`, `spot`); a parameter goes with the longest entry that is its
    /// path or a prefix of it. The catalogue's order fixes the order of the sampler's values and of the
    /// sensitivity groups, so it is kept as it has always been.
    public let catalogueOrder: [String]?

    public init(_ fields: [Field<Root>], catalogueOrder: [String]? = nil) {
        self.fields = fields
        self.catalogueOrder = catalogueOrder
    }

    /// The keys the reader accepts, in order.
    public var keys: [String] {
        fields.flatMap { field -> [String] in
            if case .nested(let n) = field.access {
                if n.isEntries { return [] }
                if let keys = n.inlineKeys { return keys }
            }
            return [field.key]
        }
    }

    public subscript(key: String) -> Field<Root>? { fields.first { $0.key == key } }

    /// The field reference's rows for this table under `prefix` (`buyers[]`, or "" at the top level).
    public func describe(_ prefix: String) -> [FieldDescription] {
        fields.flatMap { field -> [FieldDescription] in
            let pattern: String
            var children: [FieldDescription] = []
            var isGroup = false
            if case .nested(let n) = field.access, n.inlineKeys != nil {
                return n.describe(prefix)
            } else if case .nested(let n) = field.access {
                pattern = FieldTable.join(prefix, n.pattern(field.key))
                if !n.isSchedule {
                    children = n.describe(pattern)
                    isGroup = true
                }
            } else {
                pattern = FieldTable.join(prefix, field.key)
            }
            let row = FieldDescription(pattern: pattern, unit: field.unit, kind: field.kind, domain: field.domain, default: field.default,
                                       meaning: field.meaning, isNumber: field.isNumber, isGroup: isGroup)
            return [row] + children
        }
    }

    /// The parameters of `value` (at `keyPath` in the scenario, nil when `Root` is `Scenario`) whose id
    /// path is `id` and file path `file`, in catalogue order.
    func appendSlots(of value: Root, at keyPath: WritableKeyPath<Scenario, Root>?, id: String, file: String, into slots: inout [ParameterSlot]) {
        var own: [ParameterSlot] = []
        for field in fields where field.isPresent?(value) ?? true {
            switch field.access {
            case .number(let kp):
                own.append(ParameterSlot(path: FieldTable.join(id, field.key), filePath: FieldTable.join(file, field.key),
                                         kind: field.kind, domain: field.domain, keyPath: FieldTable.compose(keyPath, kp)))
            case .optionalNumber(let kp, let forced):
                if value[keyPath: kp] != nil {
                    own.append(ParameterSlot(path: FieldTable.join(id, field.key), filePath: FieldTable.join(file, field.key),
                                             kind: field.kind, domain: field.domain, keyPath: FieldTable.compose(keyPath, forced)))
                }
            case .nested(let n):
                n.slots(value, keyPath, id, file, &own)
            case .other:
                break
            }
        }
        if let order = catalogueOrder {
            let prefix = id.isEmpty ? "" : id + "."
            func rank(_ slot: ParameterSlot) -> Int {
                let relative = slot.path.hasPrefix(prefix) ? String(slot.path.dropFirst(prefix.count)) : slot.path
                var best = (length: -1, index: order.count)
                for (i, entry) in order.enumerated() where entry.count > best.length {
                    if relative == entry || relative.hasPrefix(entry + ".") || relative.hasPrefix(entry + "[") { best = (entry.count, i) }
                }
                return best.index
            }
            own = own.enumerated().sorted { a, b in
                let (ra, rb) = (rank(a.element), rank(b.element))
                return ra != rb ? ra < rb : a.offset < b.offset
            }.map(\.element)
        }
        slots += own
    }

    /// The optional blocks `value` leaves out (id path `id`, file path `file`), walking into the blocks,
    /// lists and entries it has; a block inside a left-out block is not listed (the outer one is).
    func appendAbsentBlocks(of value: Root, id: String, file: String, into blocks: inout [AbsentBlock]) {
        for field in fields {
            guard case .nested(let n) = field.access, !n.isSchedule else { continue }
            switch (field.isPresent?(value) ?? true, field.default) {
            case (true, _):
                n.absentBlocks(value, id, file, &blocks)
            case (false, .absent):
                blocks.append(AbsentBlock(path: FieldTable.join(id, field.key), filePath: FieldTable.join(file, field.key),
                                          key: field.key, requiredKeys: n.requiredKeys))
            case (false, _):
                break
            }
        }
    }

    /// The keys of the rows that must be given: required ones, and those required unless another key
    /// is given (`required unless float_share`), which a new block names as its usual form.
    var requiredKeys: [String] {
        fields.filter {
            if case .rule(let rule) = $0.default { return rule.hasPrefix("required unless") }
            return $0.default == .required
        }.map(\.key)
    }

    static func join(_ prefix: String, _ key: String) -> String { prefix.isEmpty ? key : prefix + "." + key }

    static func compose<T>(_ base: WritableKeyPath<Scenario, Root>?, _ keyPath: WritableKeyPath<Root, T>) -> WritableKeyPath<Scenario, T> {
        // At the top level `Root` is `Scenario`: the key path is used as written (an identity key path
        // appended to it would not compare equal to the literal the engine looks it up with).
        base.map { $0.appending(path: keyPath) } ?? (keyPath as! WritableKeyPath<Scenario, T>)
    }
}

extension Field {
    /// A number or distribution; `default` `.required` or `.value`.
    public static func number(_ key: String, _ kind: QuantityKind, _ domain: ValueDomain, _ default: FieldDefault,
                              _ keyPath: WritableKeyPath<Root, Distribution>, _ meaning: String, when isPresent: ((Root) -> Bool)? = nil) -> Field {
        Field(key: key, unit: Field.unitName(kind), kind: kind, domain: domain, default: `default`, meaning: meaning,
              access: .number(keyPath), isPresent: isPresent)
    }

    /// An optional number or distribution: left out, it is nil.
    public static func optional(_ key: String, _ kind: QuantityKind, _ domain: ValueDomain, _ keyPath: WritableKeyPath<Root, Distribution?>,
                                forced: WritableKeyPath<Root, Distribution>, _ meaning: String, default: FieldDefault = .absent) -> Field {
        Field(key: key, unit: Field.unitName(kind), kind: kind, domain: domain, default: `default`, meaning: meaning,
              access: .optionalNumber(keyPath, forced: forced), isPresent: nil)
    }

    /// A field read and written by hand.
    public static func other(_ key: String, _ unit: String, _ default: FieldDefault, _ meaning: String) -> Field {
        Field(key: key, unit: unit, kind: .unspecified, domain: .real, default: `default`, meaning: meaning, access: .other, isPresent: nil)
    }

    /// A nested mapping that is always there (left out, its own defaults).
    public static func block<T>(_ key: String, _ keyPath: WritableKeyPath<Root, T>, _ table: FieldTable<T>, _ default: FieldDefault,
                                _ meaning: String, when isPresent: ((Root) -> Bool)? = nil) -> Field {
        var nested = Nested(pattern: { $0 }, slots: { value, base, id, file, slots in
            table.appendSlots(of: value[keyPath: keyPath], at: FieldTable<Root>.compose(base, keyPath), id: FieldTable<Root>.join(id, key),
                              file: FieldTable<Root>.join(file, key), into: &slots)
        }, describe: { table.describe($0) }, isSchedule: false, isEntries: false)
        nested.absentBlocks = { value, id, file, blocks in
            table.appendAbsentBlocks(of: value[keyPath: keyPath], id: FieldTable<Root>.join(id, key), file: FieldTable<Root>.join(file, key), into: &blocks)
        }
        nested.requiredKeys = table.requiredKeys
        return Field(key: key, unit: "mapping", kind: .unspecified, domain: .real, default: `default`, meaning: meaning,
                     access: .nested(nested), isPresent: isPresent)
    }

    /// A nested mapping that may be left out (nil).
    public static func optionalBlock<T>(_ key: String, _ keyPath: WritableKeyPath<Root, T?>, forced: WritableKeyPath<Root, T>,
                                        _ table: FieldTable<T>, _ meaning: String) -> Field {
        block(key, forced, table, .absent, meaning, when: { $0[keyPath: keyPath] != nil })
    }

    /// An optional part of the entity whose fields sit in the entity's own mapping (a provider's financials):
    /// present when any of its keys is given.
    public static func inline<T>(_ name: String, _ keyPath: WritableKeyPath<Root, T?>, forced: WritableKeyPath<Root, T>,
                                 _ table: FieldTable<T>) -> Field {
        var nested = Nested(pattern: { _ in "" }, slots: { value, base, id, file, slots in
            guard value[keyPath: keyPath] != nil else { return }
            table.appendSlots(of: value[keyPath: forced], at: FieldTable<Root>.compose(base, forced), id: id, file: file, into: &slots)
        }, describe: { table.describe($0) }, isSchedule: false, isEntries: false)
        nested.inlineKeys = table.keys
        nested.absentBlocks = { value, id, file, blocks in
            guard value[keyPath: keyPath] != nil else { return }
            table.appendAbsentBlocks(of: value[keyPath: forced], id: id, file: file, into: &blocks)
        }
        return Field(key: name, unit: "mapping", kind: .unspecified, domain: .real, default: .absent, meaning: name,
                     access: .nested(nested), isPresent: nil)
    }

    /// A list of entities; their id paths use `id` (`buyers.openai`) when given, else the index (`tranches[2]`).
    public static func list<T>(_ key: String, _ keyPath: WritableKeyPath<Root, [T]>, _ table: FieldTable<T>, id: KeyPath<T, String>?,
                               _ default: FieldDefault, _ meaning: String) -> Field {
        var nested = Nested(pattern: { $0 + "[]" }, slots: { value, base, idPath, file, slots in
            let list = FieldTable<Root>.compose(base, keyPath)
            for (i, item) in value[keyPath: keyPath].enumerated() {
                let itemID = id.map { FieldTable<Root>.join(idPath, "\(key).\(item[keyPath: $0])") } ?? FieldTable<Root>.join(idPath, "\(key)[\(i)]")
                table.appendSlots(of: item, at: list.appending(path: \[T].[i]), id: itemID, file: FieldTable<Root>.join(file, "\(key)[\(i)]"), into: &slots)
            }
        }, describe: { table.describe($0) }, isSchedule: false, isEntries: false)
        nested.absentBlocks = { value, idPath, file, blocks in
            for (i, item) in value[keyPath: keyPath].enumerated() {
                let itemID = id.map { FieldTable<Root>.join(idPath, "\(key).\(item[keyPath: $0])") } ?? FieldTable<Root>.join(idPath, "\(key)[\(i)]")
                table.appendAbsentBlocks(of: item, id: itemID, file: FieldTable<Root>.join(file, "\(key)[\(i)]"), into: &blocks)
            }
        }
        nested.requiredKeys = table.requiredKeys
        return Field(key: key, unit: "list", kind: .unspecified, domain: .real, default: `default`, meaning: meaning,
                     access: .nested(nested), isPresent: nil)
    }

    /// Named entries that sit in the parent mapping beside its own keys (`market.regimes.boom`); `pattern` names them in the docs (`<regime>`).
    public static func entries<T>(_ pattern: String, _ keyPath: WritableKeyPath<Root, [T]>, _ table: FieldTable<T>, name: KeyPath<T, String>,
                                  _ meaning: String) -> Field {
        var nested = Nested(pattern: { _ in pattern }, slots: { value, base, id, file, slots in
            let list = FieldTable<Root>.compose(base, keyPath)
            for (i, item) in value[keyPath: keyPath].enumerated() {
                table.appendSlots(of: item, at: list.appending(path: \[T].[i]), id: FieldTable<Root>.join(id, item[keyPath: name]),
                                  file: FieldTable<Root>.join(file, item[keyPath: name]), into: &slots)
            }
        }, describe: { table.describe($0) }, isSchedule: false, isEntries: true)
        nested.absentBlocks = { value, id, file, blocks in
            for item in value[keyPath: keyPath] {
                table.appendAbsentBlocks(of: item, id: FieldTable<Root>.join(id, item[keyPath: name]), file: FieldTable<Root>.join(file, item[keyPath: name]), into: &blocks)
            }
        }
        return Field(key: pattern, unit: "mapping", kind: .unspecified, domain: .real, default: .required, meaning: meaning,
                     access: .nested(nested), isPresent: nil)
    }

    /// A schedule `{2026: …, 2027: …}`: one number per year or month (`training_mw.2027`).
    public static func schedule(_ key: String, _ kind: QuantityKind, _ domain: ValueDomain, _ default: FieldDefault,
                                _ keyPath: WritableKeyPath<Root, Schedule>, _ meaning: String, when isPresent: ((Root) -> Bool)? = nil) -> Field {
        let nested = Nested(pattern: { $0 + ".<date>" }, slots: { value, base, id, file, slots in
            let schedule = value[keyPath: keyPath], at = FieldTable<Root>.compose(base, keyPath)
            for (j, entry) in schedule.entries.enumerated() {
                let name = "\(key).\(schedule.key(of: entry.month))"
                slots.append(ParameterSlot(path: FieldTable<Root>.join(id, name), filePath: FieldTable<Root>.join(file, name), kind: kind,
                                           domain: domain, keyPath: at.appending(path: \Schedule.entries[j].value)))
            }
        }, describe: { _ in [] }, isSchedule: true, isEntries: false)
        return Field(key: key, unit: Field.unitName(kind), kind: kind, domain: domain, default: `default`, meaning: meaning,
                     access: .nested(nested), isPresent: isPresent)
    }

    /// A schedule that may be left out (nil).
    public static func optionalSchedule(_ key: String, _ kind: QuantityKind, _ domain: ValueDomain, _ keyPath: WritableKeyPath<Root, Schedule?>,
                                        forced: WritableKeyPath<Root, Schedule>, _ meaning: String) -> Field {
        schedule(key, kind, domain, .absent, forced, meaning, when: { $0[keyPath: keyPath] != nil })
    }

    /// The field reference's name of a quantity's unit.
    public static func unitName(_ kind: QuantityKind) -> String {
        switch kind {
        case .money: return "money"
        case .monthlyMoney: return "monthly money"
        case .capacity: return "capacity"
        case .fraction: return "fraction"
        case .annualRate: return "annual rate"
        case .months: return "months"
        case .ratio: return "ratio"
        case .number: return "number"
        case .unspecified: return "any"
        }
    }
}
