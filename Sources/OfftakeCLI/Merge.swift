import ArgumentParser
import Foundation
import OfftakeEngine
import OfftakeJobs
import OfftakeModel
import OfftakeReport

extension Offtake {
    /// `offtake merge PARTIAL... --json OUT`: the result of a sharded run.
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge the partial results of a sharded run into its result.",
            discussion: """
                Example (four shards, on any machines, then the merge):
                  offtake run deal.yaml --paths 1000000 --shard 1/4 --partial part-1.offtake-partial
                  …
                  offtake run deal.yaml --paths 1000000 --shard 4/4 --partial part-4.offtake-partial
                  offtake merge part-*.offtake-partial --json result.json
                The merged result is identical, byte for byte, to `offtake run deal.yaml --paths 1000000 --json result.json`. \
                The merge refuses (exit 65) partials of different scenarios, seeds, stresses, path counts or offtake versions, \
                path ranges that overlap or leave paths out, and damaged files.
                """
        )

        @Argument(help: "Partial result files (offtake run --shard K/N --partial FILE), in any order.")
        var partials: [String] = []

        @Option(help: "Write the offtake.result/1 JSON document to this file (atomically), or - for standard output.")
        var json: String?

        func validate() throws {
            guard !partials.isEmpty else { throw ValidationError("give the partial result files to merge, for example offtake merge part-*.offtake-partial --json result.json") }
            if let json { try OutputFile.checkWritable(json, option: "--json") }
        }

        func run() throws {
            var loaded: [(file: String, partial: PartialResult)] = []
            for file in partials {
                guard let data = FileManager.default.contents(atPath: file) else {
                    let reason = FileManager.default.fileExists(atPath: file) ? "cannot read the file" : "no such file (a shard not run, or not finished?)"
                    Diagnostics.printError("error: \(file): \(reason)")
                    throw ExitStatus.dataError
                }
                do {
                    loaded.append((file, try PartialResult.decode(data)))
                } catch {
                    Diagnostics.printError("error: \(file): \(error.description)")
                    throw ExitStatus.dataError
                }
            }
            let merged: (request: RunRequest, accumulator: RunAccumulator)
            do {
                merged = try Merge.combine(loaded)
            } catch {
                Diagnostics.printError("error: cannot merge: \(error.description)")
                throw ExitStatus.dataError
            }
            let result = RunResult(model: merged.request.model, accumulator: merged.accumulator, seed: merged.request.seed,
                                   stress: merged.request.stress)
            if json != "-" {
                print("\(result.scenario)\(result.title.map { " — \($0)" } ?? "")")
                print("\(RunReport.grouped(result.paths)) paths · seed \(result.seed) · merged from \(loaded.count) partial result\(loaded.count == 1 ? "" : "s")")
                print("")
                print(TerminalReport(language: .en, colour: false).verdictTable(result))
            }
            if let json { try OutputFile.write(try OutputFile.json(result), to: json) }
        }

        /// Checks that the partials are shards of one run and tile its paths, and merges their
        /// accumulators (exact: the order does not matter).
        static func combine(_ loaded: [(file: String, partial: PartialResult)]) throws(PartialResult.Problem) -> (request: RunRequest, accumulator: RunAccumulator) {
            guard let (firstFile, first) = loaded.first else { throw PartialResult.Problem(description: "no partial results") }
            func differ(_ what: String, _ file: String, _ a: String, _ b: String) -> PartialResult.Problem {
                PartialResult.Problem(description: "\(file) is from a different run than \(firstFile): \(what) \(b), not \(a)")
            }
            let ours = Offtake.configuration.version
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
}
