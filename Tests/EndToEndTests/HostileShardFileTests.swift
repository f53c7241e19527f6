import Foundation
import Testing

/// Partial results and result documents travel between machines (a cluster's shared storage), so
/// `merge` and `report` read them as hostile input: a file whose checksum is right but whose fields are
/// edge values or of the wrong length must be refused with exit 65 and the JSON path of the field —
/// never trap. Each case edits one field of a genuine file, recomputes the partial's checksum, and runs
/// the command; only the unedited control may succeed (and must then equal the unsharded run).
@Suite struct HostileShardFileTests {
    /// One edit of a JSON document at a path of keys and array indices (`*` is the first key, in sorted
    /// order, of an object whose keys are ids; `#` the first such key whose value has `where`).
    struct Edit: Sendable, CustomStringConvertible {
        enum Change: Sendable { case set(JSONValue), remove, append(JSONValue), appendCopies(Int), reverse }
        var path: [String]
        var change: Change
        /// A text the error message must contain (the field's name), or nil to only require exit 65.
        var names: String?

        init(_ path: String, _ change: Change, names: String? = nil) {
            self.path = path.split(separator: "/").map(String.init)
            self.change = change
            self.names = names
        }

        var description: String { "\(path.joined(separator: "/")) \(change)" }
    }

    /// A JSON value to write (`Sendable`, unlike `Any`).
    enum JSONValue: Sendable, CustomStringConvertible {
        case int(Int), double(Double), string(String), array([JSONValue])
        var any: Any {
            switch self {
            case .int(let i): return NSNumber(value: i)
            case .double(let d): return NSNumber(value: d)
            case .string(let s): return s
            case .array(let a): return a.map(\.any)
            }
        }
        var description: String {
            switch self {
            case .int(let i): return "\(i)"
            case .double(let d): return "\(d)"
            case .string(let s): return "\"\(s)\""
            case .array(let a): return "[\(a.map(\.description).joined(separator: ", "))]"
            }
        }
    }

    /// Applies `edit` to a JSON tree (from JSONSerialization).
    static func applying(_ edit: Edit, to root: Any) throws -> Any {
        func walk(_ node: Any, _ path: ArraySlice<String>) throws -> Any {
            guard let step = path.first else {
                switch edit.change {
                case .set(let value): return value.any
                case .append(let value): return try #require(node as? [Any], "\(edit): not an array") + [value.any]
                case .appendCopies(let n):
                    let array = try #require(node as? [Any], "\(edit): not an array")
                    return array + Array(repeating: try #require(array.last, "\(edit): empty array"), count: n)
                case .reverse: return Array(try #require(node as? [Any], "\(edit): not an array").reversed())
                case .remove: Issue.record("\(edit): remove needs a parent"); return node
                }
            }
            if var array = node as? [Any] {
                let i = try #require(Int(step), "\(edit): \(step) is not an index")
                if path.count == 1, case .remove = edit.change { array.remove(at: i); return array }
                array[i] = try walk(array[i], path.dropFirst())
                return array
            }
            var object = try #require(node as? [String: Any], "\(edit): \(step) of a non-object")
            var key = step
            if step == "*" || step.hasPrefix("#") {
                let wanted = step.dropFirst()
                key = try #require(object.keys.sorted().first { step == "*" || (object[$0] as? [String: Any])?[String(wanted)] != nil },
                                   "\(edit): no key for \(step)")
            }
            if path.count == 1, case .remove = edit.change { object[key] = nil; return object }
            object[key] = try walk(object[key] as Any, path.dropFirst())
            return object
        }
        return try walk(root, edit.path[...])
    }

    /// FNV-1a 64, the partial file's checksum (docs/scale-out.md).
    static func fnv1a64(_ data: Data) -> UInt64 {
        data.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01b3 }
    }

    /// A partial file with `payload` and a correct header.
    static func partialFile(_ payload: Data) -> Data {
        let digits = String(fnv1a64(payload), radix: 16)
        var data = Data("offtake.partial/1 \(String(repeating: "0", count: 16 - digits.count) + digits) \(payload.count)\n".utf8)
        data.append(payload)
        return data
    }

    static let intMin = Int.min, intMax = Int.max
    /// The first metric of the partial's accumulators.
    static let cell = "accumulator/metrics/0"

    static let partialEdits: [Edit] = [
        // Trapped before: abs(Int.min) in BucketStore, lowestLimb + count overflowing in ExactSum.
        Edit("\(cell)/sketch/positive/offset", .set(.int(intMin)), names: "offset"),
        Edit("\(cell)/sketch/negative/offset", .set(.int(intMin)), names: "offset"),
        Edit("\(cell)/moments/sum/lowestLimb", .set(.int(intMax)), names: "lowestLimb"),
        Edit("\(cell)/moments/sumOfSquares/lowestLimb", .set(.int(intMax)), names: "lowestLimb"),
        Edit("\(cell)/sketch/positive/offset", .set(.int(intMax)), names: "offset"),
        Edit("\(cell)/moments/sum/lowestLimb", .set(.int(-1)), names: "lowestLimb"),
        Edit("\(cell)/moments/sum/limbs", .appendCopies(70), names: "limbs"),
        Edit("\(cell)/moments/sum/limbs/0", .set(.int(intMax)), names: "limbs"),
        Edit("\(cell)/moments/sum/limbs/0", .set(.int(-1)), names: "limbs"),
        Edit("\(cell)/moments/sum/limbs", .set(.array([.int(intMax)]))),  // top limb once lowestLimb is 66
        Edit("\(cell)/moments/count", .set(.int(intMin)), names: "count"),
        Edit("\(cell)/moments/count", .set(.int(-1)), names: "count"),
        Edit("\(cell)/moments/count", .set(.int(intMax))),
        Edit("\(cell)/moments/nanCount", .set(.int(intMax)), names: "count"),
        Edit("\(cell)/moments/nanCount", .set(.int(-1)), names: "nanCount"),
        Edit("\(cell)/sketch/positiveInfinityCount", .set(.int(intMax))),
        Edit("\(cell)/sketch/zeroCount", .set(.int(intMax))),
        Edit("\(cell)/sketch/zeroCount", .set(.int(intMin)), names: "zeroCount"),
        Edit("\(cell)/sketch/positive/counts", .set(.array([.int(intMax), .int(intMax)])), names: "counts"),
        Edit("\(cell)/sketch/positive/counts", .set(.array([.int(-1)])), names: "counts"),
        Edit("\(cell)/sketch/positive/counts", .set(.array([.int(1 << 62), .int(1 << 62)]))),
        Edit("\(cell)/sketch/negative/counts", .set(.array([.int(intMax)]))),
        Edit("\(cell)/sketch/relativeAccuracy", .set(.double(0)), names: "relativeAccuracy"),
        Edit("\(cell)/sketch/relativeAccuracy", .set(.double(1))),
        Edit("\(cell)/sketch/relativeAccuracy", .set(.double(5e-324))),
        Edit("\(cell)/sketch/relativeAccuracy", .set(.double(0.01))),
        Edit("\(cell)/sketch/relativeAccuracy", .set(.string("NaN"))),
        Edit("\(cell)/sketch/maximumBucketCount", .set(.int(intMin))),
        Edit("\(cell)/sketch/maximumBucketCount", .set(.int(1))),
        Edit("\(cell)/sketch/maximumBucketCount", .set(.int(intMax))),
        Edit("\(cell)/moments/shift", .set(.string("Infinity")), names: "shift"),
        Edit("\(cell)/moments/shift", .set(.double(1))),
        Edit("\(cell)/moments/min", .set(.string("NaN"))),
        Edit("\(cell)/sketch/max", .set(.double(-1e308))),
        Edit("totalPaths", .set(.int(-1)), names: "totalPaths"),
        Edit("totalPaths", .set(.int(intMax)), names: "totalPaths"),
        Edit("totalPaths", .set(.int(0)), names: "totalPaths"),
        Edit("paths/lower", .set(.int(-1)), names: "paths"),
        Edit("paths/upper", .set(.int(intMax)), names: "paths"),
        Edit("paths/upper", .set(.int(intMin)), names: "paths"),
        Edit("shard", .set(.int(0)), names: "shard"),
        Edit("shard", .set(.int(intMax)), names: "shard"),
        Edit("shards", .set(.int(intMax)), names: "paths"),
        Edit("shards", .set(.int(intMin)), names: "shard"),
        Edit("accumulator/paths", .set(.int(-1)), names: "accumulator.paths"),
        Edit("accumulator/paths", .set(.int(intMax)), names: "accumulator.paths"),
        Edit("accumulator/months", .set(.int(intMax))),
        Edit("accumulator/years", .set(.int(-1))),
        Edit("accumulator/metrics", .remove),
        Edit("accumulator/series", .appendCopies(1)),
        Edit("accumulator/yearly", .set(.array([]))),
        Edit("accumulator/metricIDs", .reverse),
        Edit("seed", .set(.int(-1))),  // Foundation's decoder names no field for a number out of range
        Edit("seed", .set(.int(intMax)), names: "seed"),
        Edit("offtakeVersion", .set(.string("")), names: "offtake"),
        Edit("stress", .set(.string("no-such-stress")), names: "stress"),
        Edit("scenarioFingerprint", .set(.string("0000000000000000")), names: "fingerprint"),
        Edit("accumulator", .remove, names: "accumulator"),
    ]

    /// Three genuine shards of the small fixture, the unsharded JSON, and the middle shard's payload.
    static func genuineShards(in directory: TemporaryDirectory) throws -> (parts: [String], whole: Data, payload: Any) {
        let parts = try ShardTests.shards(3, paths: 90, in: directory)
        let whole = try ShardTests.unsharded(paths: 90, in: directory)
        let data = try Data(contentsOf: URL(fileURLWithPath: parts[1]))
        let newline = try #require(data.firstIndex(of: UInt8(ascii: "\n")))
        return (parts, whole, try JSONSerialization.jsonObject(with: data[(newline + 1)...]))
    }

    @Test("a partial with a recomputed checksum and one hostile field is refused (exit 65, the field named), never trapping")
    func hostilePartials() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (parts, whole, payload) = try HostileShardFileTests.genuineShards(in: directory)
        // The control: re-serialised without an edit, the file still merges to the unsharded result.
        let control = try directory.write("control.offtake-partial", HostileShardFileTests.partialFile(
            try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])))
        let merged = ShardTests.merge([parts[0], control, parts[2]], in: directory)
        #expect(merged.run.status == 0, "\(merged.run.stderr)")
        #expect(merged.json == whole)

        for (i, edit) in HostileShardFileTests.partialEdits.enumerated() {
            var edited = try HostileShardFileTests.applying(edit, to: payload)
            if edit.path.last == "limbs", case .set(.array(let limbs)) = edit.change, limbs.count == 1 {
                // A lone limb at the top position.
                edited = try HostileShardFileTests.applying(Edit("\(HostileShardFileTests.cell)/moments/sum/lowestLimb", .set(.int(66))), to: edited)
            }
            let file = try directory.write("edited-\(i).offtake-partial", HostileShardFileTests.partialFile(
                try JSONSerialization.data(withJSONObject: edited, options: [.sortedKeys])))
            let run = ShardTests.merge([parts[0], file, parts[2]], in: directory)
            expectNoCrash(run.run, "\(edit)")
            #expect(run.run.status == 65, "\(edit): exit \(run.run.status), \(run.run.stderr)")
            #expect(run.json == nil, "\(edit): a result was written")
            if let names = edit.names {
                #expect(run.run.stderr.contains(names), "\(edit): the message does not name \(names): \(run.run.stderr)")
            }
        }
    }

    static let resultEdits: [(edit: Edit, refused: Bool)] = [
        (Edit("paths", .set(.int(-1)), names: "paths"), true),
        (Edit("paths", .set(.int(intMax)), names: "paths"), true),
        (Edit("paths", .set(.int(0)), names: "paths"), true),
        (Edit("horizon/start", .set(.string("9999-99")), names: "horizon.start"), true),
        (Edit("horizon/end", .set(.string("2027-13")), names: "horizon.end"), true),
        (Edit("horizon/end", .set(.string("1900-01")), names: "horizon"), true),
        (Edit("series/*/months", .append(.string("2099-01")), names: "months"), true),
        (Edit("series/*/months", .set(.array([.string("9999-99")])), names: "months"), true),
        (Edit("series/*/months/0", .set(.string("9999-99")), names: "months"), true),
        (Edit("series/*/mean", .append(.double(1)), names: "mean"), true),
        (Edit("series/*/p95", .set(.array([])), names: "p95"), true),
        (Edit("metrics/*/count", .set(.int(-1)), names: "count"), true),
        (Edit("metrics/*/count", .set(.int(intMax)), names: "count"), true),
        (Edit("metrics/#percentiles/percentiles", .set(.array([.double(1)])), names: "percentiles"), true),
        (Edit("metrics/#ci95/ci95", .set(.array([])), names: "ci95"), true),
        (Edit("verdict/0/ci95", .set(.array([.double(0)])), names: "verdict[0].ci95"), true),
        (Edit("verdict/0/statistic", .set(.string("p99")), names: "statistic"), true),
        (Edit("yearly/*", .set(.string("not cells")), names: "yearly"), true),
        (Edit("seed", .set(.int(-1))), true),
        (Edit("schema", .remove, names: "schema"), true),
        (Edit("metrics", .remove, names: "metrics"), true),
        // Hostile but well-formed values: rendered or refused, never a trap.
        (Edit("verdict/0/id", .set(.string("no.such.metric"))), false),
        (Edit("verdict", .set(.array([]))), false),
        (Edit("series/*/mean/0", .set(.string("NaN"))), false),
        (Edit("series/*/p95/0", .set(.string("Infinity"))), false),
        (Edit("series/*/p5/0", .set(.double(-1.7976931348623157e308))), false),
        (Edit("metrics/*/mean", .set(.string("NaN"))), false),
        (Edit("metrics/#percentiles/percentiles/0", .set(.string("-Infinity"))), false),
        (Edit("metrics/#percentiles/max", .set(.double(1.7976931348623157e308))), false),
        (Edit("verdict/0/value", .set(.string("NaN"))), false),
        (Edit("title", .set(.string(String(repeating: "<script>", count: 1000)))), false),
    ]

    @Test("report refuses a result with hostile counts, months or lengths (exit 65, the field named) and never traps")
    func hostileResults() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let genuine = directory.url.appendingPathComponent("result.json").path
        let run = runOfftakeDetailed(["run", Fixtures.path("minimal.yaml"), "--paths", "60", "--json", genuine])
        #expect(run.status == 0, "\(run.stderr)")
        let document = try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: genuine)))
        let control = try directory.write("control.json", try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]))
        let rendered = runOfftakeDetailed(["report", control, "--html", directory.url.appendingPathComponent("control.html").path])
        #expect(rendered.status == 0, "\(rendered.stderr)")

        for (i, (edit, refused)) in HostileShardFileTests.resultEdits.enumerated() {
            let file = try directory.write("edited-\(i).json", try JSONSerialization.data(
                withJSONObject: try HostileShardFileTests.applying(edit, to: document), options: [.sortedKeys]))
            let csv = directory.url.appendingPathComponent("csv-\(i)")
            try FileManager.default.createDirectory(at: csv, withIntermediateDirectories: true)
            let report = runOfftakeDetailed(["report", file, "--html", directory.url.appendingPathComponent("edited-\(i).html").path, "--csv", csv.path])
            expectNoCrash(report, "\(edit)")
            if refused {
                #expect(report.status == 65, "\(edit): exit \(report.status), \(report.stderr)")
                if let names = edit.names { #expect(report.stderr.contains(names), "\(edit): the message does not name \(names): \(report.stderr)") }
            } else {
                #expect(report.status == 0 || report.status == 65, "\(edit): exit \(report.status), \(report.stderr)")
            }
        }
    }
}
