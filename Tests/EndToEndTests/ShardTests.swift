import Foundation
import Testing

/// `offtake run --shard K/N --partial FILE` and `offtake merge`: the merged result must be byte-identical
/// to the unsharded run; mismatched, overlapping, incomplete and damaged partials are refused with exit 65.
@Suite struct ShardTests {
    /// Runs the N shards of `paths` paths of `scenario` (nil: the built-in) and returns the partial files.
    static func shards(_ n: Int, paths: Int, seed: Int = 11, scenario: String? = Fixtures.path("minimal.yaml"),
                       extra: [String] = [], in directory: TemporaryDirectory) throws -> [String] {
        let tag = UUID().uuidString.prefix(8)  // shards of different runs in one directory never share a file
        return try (1...n).map { k in
            let file = directory.url.appendingPathComponent("part-\(k)-of-\(n)-s\(seed)-p\(paths)-\(tag).offtake-partial").path
            let run = runOfftakeDetailed(["run"] + (scenario.map { [$0] } ?? []) + ["--paths", "\(paths)", "--seed", "\(seed)", "--threads", "2",
                                          "--shard", "\(k)/\(n)", "--partial", file] + extra, timeout: 300)
            #expect(run.status == 0, "shard \(k)/\(n): \(run.stderr)")
            return file
        }
    }

    static func unsharded(paths: Int, seed: Int = 11, scenario: String? = Fixtures.path("minimal.yaml"), extra: [String] = [],
                          in directory: TemporaryDirectory) throws -> Data {
        let out = directory.url.appendingPathComponent("whole-\(paths)-\(seed).json").path
        let run = runOfftakeDetailed(["run"] + (scenario.map { [$0] } ?? []) + ["--paths", "\(paths)", "--seed", "\(seed)", "--json", out] + extra,
                                     timeout: 300)
        #expect(run.status == 0, "\(run.stderr)")
        return try Data(contentsOf: URL(fileURLWithPath: out))
    }

    static func merge(_ files: [String], in directory: TemporaryDirectory) -> (run: OfftakeRun, json: Data?) {
        let out = directory.url.appendingPathComponent("merged-\(UUID().uuidString).json").path
        let run = runOfftakeDetailed(["merge"] + files + ["--json", out], timeout: 300)
        return (run, FileManager.default.contents(atPath: out))
    }

    /// Runs the whole and the N shards, merges the shards (in reverse order) and compares the JSON.
    static func expectMergeEqualsUnsharded(_ n: Int, paths: Int, scenario: String? = Fixtures.path("minimal.yaml"), extra: [String] = [],
                                           sourceLocation: SourceLocation = #_sourceLocation) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let whole = try unsharded(paths: paths, scenario: scenario, extra: extra, in: directory)
        let merged = merge(try shards(n, paths: paths, scenario: scenario, extra: extra, in: directory).reversed(), in: directory)
        #expect(merged.run.status == 0, "\(merged.run.stderr)", sourceLocation: sourceLocation)
        #expect(merged.json == whole, sourceLocation: sourceLocation)
    }

    @Test("merging N shards gives the unsharded JSON byte for byte (even and uneven splits, empty shards, any order)",
          arguments: [(1, 600), (2, 600), (3, 1000), (7, 1000), (4, 3)])
    func mergeEqualsUnsharded(_ n: Int, _ paths: Int) throws {
        try ShardTests.expectMergeEqualsUnsharded(n, paths: paths)
    }

    @Test("the built-in scenario with a stress: three uneven shards merge to the unsharded run")
    func builtInScenarioWithStress() throws {
        try ShardTests.expectMergeEqualsUnsharded(3, paths: 520, scenario: nil, extra: ["--stress", "ai_winter_2028"])
    }

    @Test("merge refuses other seeds, other scenarios, overlapping and missing ranges, each with exit 65 and a clear message")
    func refusals() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let parts = try ShardTests.shards(3, paths: 300, in: directory)
        let otherSeed = try ShardTests.shards(3, paths: 300, seed: 12, in: directory)
        let otherPaths = try ShardTests.shards(2, paths: 400, in: directory)
        let edited = directory.url.appendingPathComponent("edited.yaml")
        try Fixtures.text("minimal.yaml").replacingOccurrences(of: "cash0: 10B", with: "cash0: 11B").write(to: edited, atomically: true, encoding: .utf8)
        let otherScenario = try ShardTests.shards(3, paths: 300, scenario: edited.path, in: directory)
        let cases: [([String], String)] = [
            ([parts[0], parts[1], otherSeed[2]], "seed"),
            ([parts[0], parts[1], otherScenario[2]], "scenario"),
            ([parts[0], otherPaths[1]], "total paths"),
            ([parts[0], parts[1], parts[1], parts[2]], "overlap"),
            ([parts[0], parts[2]], "missing"),
            ([parts[1], parts[2]], "missing"),
            ([parts[0], parts[1]], "missing"),
        ]
        for (files, message) in cases {
            let merged = ShardTests.merge(files, in: directory)
            #expect(merged.run.status == 65, "\(files): \(merged.run.stderr)")
            #expect(merged.run.stderr.contains(message), "\(merged.run.stderr)")
            #expect(merged.json == nil)
        }
    }

    @Test("a damaged partial (changed byte, truncated, not a partial) is detected: exit 65")
    func corruption() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let parts = try ShardTests.shards(2, paths: 300, in: directory)
        let original = try Data(contentsOf: URL(fileURLWithPath: parts[1]))
        var flipped = original
        // A digit deep inside the accumulators: still valid JSON, so only the checksum can catch it.
        let index = try #require(flipped.indices.dropFirst(flipped.count / 2).first { (0x31...0x38).contains(flipped[$0]) })
        flipped[index] += 1
        let damaged: [(Data, String)] = [
            (flipped, "checksum"),
            (original.prefix(original.count - 100), "truncated"),
            (Data("{\"not\": \"a partial\"}\n".utf8), "not an offtake partial result"),
            (Data(), "not an offtake partial result"),
        ]
        for (k, (data, message)) in damaged.enumerated() {
            let file = directory.url.appendingPathComponent("damaged-\(k).offtake-partial").path
            try data.write(to: URL(fileURLWithPath: file))
            let merged = ShardTests.merge([parts[0], file], in: directory)
            #expect(merged.run.status == 65, "\(message): \(merged.run.stderr)")
            #expect(merged.run.stderr.contains(message), "\(merged.run.stderr)")
        }
        let missing = ShardTests.merge([parts[0], directory.url.appendingPathComponent("absent").path], in: directory)
        #expect(missing.run.status == 65)
    }

    @Test("shard usage errors exit 64", arguments: [
        ["--shard", "0/3", "--partial", "p"], ["--shard", "4/3", "--partial", "p"], ["--shard", "2", "--partial", "p"],
        ["--shard", "1/2"], ["--partial", "p"], ["--shard", "1/2", "--partial", "p", "--json", "out.json"],
        ["--shard", "1/2", "--partial", "p", "--deterministic"],
    ])
    func usage(_ arguments: [String]) {
        let run = runOfftakeDetailed(["run", Fixtures.path("minimal.yaml"), "--paths", "10"] + arguments)
        #expect(run.status == 64, "\(arguments): \(run.stderr)")
    }

    @Test("merge with no partials exits 64")
    func mergeUsage() {
        #expect(runOfftakeDetailed(["merge"]).status == 64)
    }
}
