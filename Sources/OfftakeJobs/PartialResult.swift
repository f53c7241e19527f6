import Foundation
import OfftakeEngine
import OfftakeModel
import OfftakeRandom
import OfftakeReport

/// The partial result of one shard of a run (`offtake run --shard K/N --partial FILE`), merged by
/// ``PartialMerge`` (`offtake merge`). Any caller that splits a run's paths can write and merge them.
///
/// **File format `offtake.partial/1`.** One header line, then a JSON document:
///
///     offtake.partial/1 <checksum: 16 hex digits> <payload length in bytes>\n
///     {"accumulator": …, "offtakeVersion": "0.1.0", "paths": {"lower": 0, "upper": 3334}, …}
///
/// The checksum is FNV-1a 64 of the payload bytes: every change of one byte changes it (each step
/// of FNV-1a is a bijection of its state), and a random corruption goes unnoticed with probability
/// 2⁻⁶⁴. It detects damage, not deliberate forgery. The payload holds the offtake version, the seed,
/// the stress, the run's total paths, the shard's path range, the scenario itself (so the merge can
/// compile the same model without the file it came from) with its fingerprint (FNV-1a 64 of its
/// canonical JSON), and the exact state of the shard's accumulators (``RunAccumulator/Snapshot``).
public struct PartialResult: Codable, Equatable, Sendable {
    public static let format = "offtake.partial/1"

    public struct PathRange: Codable, Equatable, Sendable {
        public var lower: Int
        public var upper: Int
    }

    public var offtakeVersion: String
    public var seed: UInt64
    public var stress: String?
    /// Paths of the whole run (all shards).
    public var totalPaths: Int
    /// This shard's paths, `lower ..< upper`.
    public var paths: PathRange
    /// 1-based shard number and shard count as given on the command line (informative).
    public var shard: Int
    public var shards: Int
    public var scenarioFingerprint: String
    public var scenario: Scenario
    public var accumulator: RunAccumulator.Snapshot

    /// Why a file is not a usable partial result, or partials cannot be merged (data errors).
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// FNV-1a 64 of the scenario's canonical JSON (sorted keys), as 16 hex digits.
    static func fingerprint(of scenario: Scenario) throws -> String {
        hex(fnv1a64(try ResultJSON.encoder(compact: true).encode(scenario)))
    }

    static func fnv1a64(_ data: Data) -> UInt64 { StableHash.fnv1a64(bytes: data) }

    static func hex(_ x: UInt64) -> String {
        let digits = String(x, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The file's bytes: header line and payload.
    public func encoded() throws -> Data {
        let payload = try ResultJSON.encoder(compact: true).encode(self)
        var data = Data("\(PartialResult.format) \(PartialResult.hex(PartialResult.fnv1a64(payload))) \(payload.count)\n".utf8)
        data.append(payload)
        return data
    }

    /// Reads and checks a partial file: header, length, checksum, JSON, and that the scenario matches
    /// its fingerprint and the path range is sensible.
    public static func decode(_ data: Data) throws(Problem) -> PartialResult {
        guard let newline = data.firstIndex(of: UInt8(ascii: "\n")), newline - data.startIndex < 200,
              let header = String(data: data[data.startIndex..<newline], encoding: .utf8) else {
            throw Problem(description: "not an offtake partial result (no `\(format)` header line)")
        }
        let fields = header.split(separator: " ")
        guard fields.count == 3, fields[0].hasPrefix("offtake.partial/") else {
            throw Problem(description: "not an offtake partial result (header `\(header.prefix(60))`)")
        }
        guard fields[0] == format else {
            throw Problem(description: "partial result format \(fields[0]); this offtake reads \(format)")
        }
        let payload = data[(newline + 1)...]
        guard let length = Int(fields[2]), length == payload.count else {
            throw Problem(description: "corrupted: the header announces \(fields[2]) bytes, the file holds \(payload.count) (truncated or extended)")
        }
        guard String(fields[1]) == hex(fnv1a64(Data(payload))) else {
            throw Problem(description: "corrupted: checksum mismatch (header \(fields[1]), contents \(hex(fnv1a64(Data(payload)))))")
        }
        // The checksum only proves the file is as its writer left it: a partial from another machine is
        // input like any other, so every field is checked before the merge counts or indexes by it.
        let partial: PartialResult
        do {
            partial = try ResultJSON.decode(PartialResult.self, from: Data(payload))
        } catch {
            throw Problem(description: "corrupted: the checksum matches but the contents do not decode: \(error.message)")
        }
        func refuse(_ path: String, _ message: String) -> Problem { Problem(description: "corrupted: \(path): \(message)") }
        guard (1...ResultJSON.maximumPaths).contains(partial.totalPaths) else {
            throw refuse("totalPaths", "\(partial.totalPaths) is not a number of paths (1 … 2^53)")
        }
        guard partial.shards >= 1, (1...partial.shards).contains(partial.shard) else {
            throw refuse("shard", "shard \(partial.shard) of \(partial.shards) is not 1 … N of N ≥ 1")
        }
        let range = JobRequest.shardRange(k: partial.shard, n: partial.shards, paths: partial.totalPaths)
        guard partial.paths.lower == range.lowerBound, partial.paths.upper == range.upperBound else {
            throw refuse("paths", "\(partial.paths.lower) ..< \(partial.paths.upper) is not shard \(partial.shard)/\(partial.shards) of "
                         + "\(partial.totalPaths) paths (\(range.lowerBound) ..< \(range.upperBound))")
        }
        guard partial.accumulator.paths == range.count else {
            throw refuse("accumulator.paths", "\(partial.accumulator.paths) paths accumulated, the shard has \(range.count)")
        }
        if let issue = partial.scenario.validate().first {
            throw refuse("scenario.\(issue.path)", issue.message)
        }
        guard (try? fingerprint(of: partial.scenario)) == partial.scenarioFingerprint else {
            throw Problem(description: "corrupted: the scenario does not match its fingerprint")
        }
        return partial
    }
}

extension PartialResult {
    /// The partial result of paths `request.paths` of a run of `totalPaths` paths: shard `k` of `n`,
    /// written by offtake `version`.
    public init(_ outcome: RunOutcome, request: RunRequest, totalPaths: Int, k: Int, n: Int, version: String) throws {
        self.init(offtakeVersion: version, seed: request.seed, stress: request.stress, totalPaths: totalPaths,
                  paths: PathRange(lower: request.paths.lowerBound, upper: request.paths.upperBound), shard: k, shards: n,
                  scenarioFingerprint: try PartialResult.fingerprint(of: request.scenario), scenario: request.scenario,
                  accumulator: outcome.accumulator.snapshot)
    }
}
