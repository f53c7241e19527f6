import ArgumentParser
import Foundation
import OfftakeEngine
import OfftakeJobs

/// `offtake run --shard K/N --partial FILE`: simulate only the K-th of N contiguous slices of the
/// run's paths and write its exact accumulators for `offtake merge`.
struct ShardOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Simulate only shard K of N (1 ≤ K ≤ N) of the run's paths; needs --partial.", valueName: "K/N"))
    var shard: String?

    @Option(help: ArgumentHelp("Write the shard's partial result here (atomically) for offtake merge.", valueName: "FILE"))
    var partial: String?

    /// `K/N` as numbers, or nil when the text is not of that form.
    static func parse(_ text: String) -> (k: Int, n: Int)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else { return nil }
        return (k, n)
    }

    func validate() throws {
        switch (shard, partial) {
        case (nil, nil): return
        case (nil, _): throw ValidationError("--partial needs --shard K/N (for example --shard 1/4 --partial part-1.offtake-partial)")
        case (_, nil): throw ValidationError("--shard needs --partial FILE: a shard's result is a partial file for offtake merge")
        case (let shard?, let partial?):
            guard ShardOptions.parse(shard) != nil else {
                throw ValidationError("--shard expects K/N with 1 ≤ K ≤ N, for example --shard 2/8; got `\(shard)`")
            }
            guard partial != "-" else { throw ValidationError("--partial needs a file name (the partial is not written to standard output)") }
            try OutputFile.checkWritable(partial, option: "--partial")
        }
    }

    /// The shard and output file, when `--shard` is given (validated).
    var requested: (k: Int, n: Int, file: String)? {
        guard let shard, let partial, let (k, n) = ShardOptions.parse(shard) else { return nil }
        return (k, n, partial)
    }

    /// Writes the partial result of a shard run and reports it on standard error.
    static func write(_ outcome: RunOutcome, request: RunRequest, totalPaths: Int, k: Int, n: Int, to file: String) throws {
        let data: Data
        do {
            data = try PartialResult(outcome, request: request, totalPaths: totalPaths, k: k, n: n, version: Offtake.configuration.version).encoded()
        } catch {
            Diagnostics.printError("error: cannot encode the partial result: \(error)")
            throw ExitStatus.failure
        }
        try OutputFile.write(data, to: file)
        Diagnostics.printError("shard \(k)/\(n): paths \(request.paths.lowerBound) ..< \(request.paths.upperBound) of \(totalPaths)")
    }
}
