/// A statistic of a metric as the documents' lines carry it (a verdict entry of `offtake.result/1`, a
/// row of `offtake.stress/1` or `offtake.compare/1`): the typed id and statistic, written as the keys
/// `id`, `statistic` and `label` of the line's JSON object.
///
/// The engine words nothing: `label` is written by the ``MetricLabeller`` the JSON encoder carries
/// (OfftakeReport's `ResultJSON.encoder()` gives it the one wording table), and left out without one.
/// Reading a document back ignores its `label`; the report words the line again from its id.
public struct MetricLine: Sendable, Hashable, Codable {
    public var metric: MetricID
    public var statistic: Statistic
    /// The provider of a contract's line, which its wording may name (`c: deferral refused by p`);
    /// nil for other lines and for lines read back from a document (which has no field for it).
    public var counterparty: String?

    public init(_ metric: MetricID, _ statistic: Statistic, counterparty: String? = nil) {
        self.metric = metric
        self.statistic = statistic
        self.counterparty = counterparty
    }

    enum CodingKeys: String, CodingKey { case id, statistic, label }

    /// Writes `id`, `statistic` and, when the encoder carries a ``MetricLabeller``, `label` into the
    /// keyed container of `encoder` (the line's object shares it with the other fields).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(metric, forKey: .id)
        try container.encode(statistic, forKey: .statistic)
        if let labeller = encoder.userInfo[MetricLabeller.key] as? MetricLabeller {
            try container.encode(labeller.label(self), forKey: .label)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        metric = try container.decode(MetricID.self, forKey: .id)
        statistic = try container.decode(Statistic.self, forKey: .statistic)
        counterparty = nil
    }
}

/// The words of a ``MetricLine`` for the documents' `label` fields, handed to the JSON encoder in its
/// `userInfo` under ``key``. It lives with the presentation (one table, in English and French); the
/// engine only defines where the encoder finds it.
public struct MetricLabeller: Sendable {
    public static let key = CodingUserInfoKey(rawValue: "offtake.metricLabeller")!
    public var label: @Sendable (MetricLine) -> String

    public init(label: @escaping @Sendable (MetricLine) -> String) {
        self.label = label
    }
}

/// A line of a document: its ``MetricLine`` (`id`, `statistic`, `label`) and its other fields
/// (`Values`), written as one JSON object. The values read as the line's own properties
/// (`entry.value`, `row.base`).
@dynamicMemberLookup
public struct DocumentLine<Values: Sendable & Codable & Equatable>: Sendable, Codable, Equatable {
    public var line: MetricLine
    public var values: Values

    public init(_ line: MetricLine, _ values: Values) {
        self.line = line
        self.values = values
    }

    public var metric: MetricID { line.metric }
    public var statistic: Statistic { line.statistic }

    public subscript<T>(dynamicMember keyPath: WritableKeyPath<Values, T>) -> T {
        get { values[keyPath: keyPath] }
        set { values[keyPath: keyPath] = newValue }
    }

    public func encode(to encoder: any Encoder) throws {
        try line.encode(to: encoder)
        try values.encode(to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        line = try MetricLine(from: decoder)
        values = try Values(from: decoder)
    }
}
