import Foundation
import OfftakeEngine
import OfftakeModel

/// The merge of a sharded run: partial results (``PartialResult``) checked to be shards of one run
/// that tile its paths, and their exact accumulators merged into the run's result, identical byte for
/// byte to the result of the unsharded run.
public enum PartialMerge {
    /// The result of the run whose shards `loaded` are (each with the file it came from, for the
    /// problems), merged by offtake `version`.
    public static func result(of loaded: [(file: String, partial: PartialResult)], version: String) throws(PartialResult.Problem) -> RunResult {
        let merged = try combine(loaded, version: version)
        return RunResult(model: merged.request.model, accumulator: merged.accumulator, seed: merged.request.seed, stress: merged.request.stress)
    }

/// Checks that the partials are shards of one run and tile its paths, and merges their
    /// accumulators (exact: the order does not matter).
    public static func combine(_ loaded: [(file: String, partial: PartialResult)], version ours: String) throws(PartialResult.Problem) -> (request: RunRequest, accumulator: RunAccumulator) {
        guard let (firstFile, first) = loaded.first else { throw PartialResult.Problem(description: "no partial results") }
        func differ(_ what: String, _ file: String, _ a: String, _ b: String) -> PartialResult.Problem {
            PartialResult.Problem(description: "\(file) is from a different run than \(firstFile): \(what) \(b), not \(a)")
        }
        for (file, p) in loaded {
            if p.offtakeVersion != ours {
                throw PartialResult.Problem(description: "\(file) was written by offtake \(p.offtakeVersion); this is offtake \(ours) (merge with the version that ran the shards)")
            }
            if p.scenarioFingerprint != first.scenarioFingerprint {
                throw differ("scenario", file, "\(first.scenario.name) (fingerprint \(first.scenarioFingerprint))",
                             "\(p.scenario.name) (fingerprint \(p.scenarioFingerprint))")
            }
            if p.seed != first.seed { throw differ("seed", file, "\(first.seed)", "\(p.seed)") }
            if p.stress != first.stress { throw differ("stress", file, first.stress ?? "none", p.stress ?? "none") }
            if p.totalPaths != first.totalPaths { throw differ("total paths", file, "\(first.totalPaths)", "\(p.totalPaths)") }
        }
        // A gap named by the shards that cover it, when every partial is of the same split.
        func missing(_ gap: Range<Int>) -> PartialResult.Problem {
            var which = ""
            if loaded.allSatisfy({ $0.partial.shards == first.shards }), first.shards <= 1_000_000 {
                let n = first.shards
                let ks = (1...n).filter { k in
                    let r = JobRequest.shardRange(k: k, n: n, paths: first.totalPaths)
                    return !r.isEmpty && gap.contains(r.lowerBound)
                }
                if let low = ks.first, let high = ks.last {
                    which = low == high ? ": shard \(low) of \(n)" : ": shards \(low) … \(high) of \(n)"
                }
            }
            return PartialResult.Problem(description: "paths \(gap.lowerBound) ..< \(gap.upperBound) of \(first.totalPaths) are missing (no partial covers them)\(which)")
        }
        // The ranges must tile 0 ..< total: sorted, each starting where the previous ended.
        let sorted = loaded.sorted { ($0.partial.paths.lower, $0.partial.paths.upper) < ($1.partial.paths.lower, $1.partial.paths.upper) }
        var next = 0, previousFile = ""
        for (file, p) in sorted {
            if p.paths.lower < next {
                throw PartialResult.Problem(description: "path ranges overlap: \(file) has paths \(p.paths.lower) ..< \(p.paths.upper), "
                                            + "\(previousFile) already covers up to \(next)")
            }
            if p.paths.lower > next { throw missing(next..<p.paths.lower) }
            next = p.paths.upper
            previousFile = file
        }
        if next < first.totalPaths { throw missing(next..<first.totalPaths) }
        let request: RunRequest
        do {
            request = try RunRequest(scenario: first.scenario, stress: first.stress, seed: first.seed, paths: 0..<first.totalPaths, threads: 1)
        } catch {
            throw PartialResult.Problem(description: "the scenario in \(firstFile) does not compile: \(error)")
        }
        var total = RunAccumulator(model: request.model)
        for (file, p) in sorted {
            do {
                total.merge(try RunAccumulator(model: request.model, snapshot: p.accumulator))
            } catch {
                throw PartialResult.Problem(description: "\(file): \(error.description)")
            }
        }
        return (request, total)
    }
}
