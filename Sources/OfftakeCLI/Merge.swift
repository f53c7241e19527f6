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
                Example (two shards, on any machines, then the merge):
                  offtake run deal.yaml --paths 1000000 --shard 1/2 --partial part-1.offtake-partial
                  offtake run deal.yaml --paths 1000000 --shard 2/2 --partial part-2.offtake-partial
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
            let result: RunResult
            do {
                result = try PartialMerge.result(of: loaded, version: Offtake.configuration.version)
            } catch {
                Diagnostics.printError("error: cannot merge: \(error.description)")
                throw ExitStatus.dataError
            }
            if json != "-" { print(TerminalReport(language: .en, colour: false).mergedText(result, partials: loaded.count)) }
            if let json { try OutputFile.write(try OutputFile.json(result), to: json) }
        }
    }
}
