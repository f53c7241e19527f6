import Foundation
import Testing
import Yams

/// The Kubernetes manifests under deploy/kubernetes, rendered and run as a cluster would run them: the
/// Indexed Job's shell command for each completion index 0 … N−1 (JOB_COMPLETION_INDEX set, the
/// container's environment, the volumes' mount paths mapped to temporary directories, the built
/// `offtake` first on PATH), then the merge Job's command. The N shards must be 1/N … N/N, their
/// ranges must cover the paths exactly once, and the merged result must equal the unsharded run.
/// Only the number of paths is lowered (the manifest's OFFTAKE_PATHS is for a real cluster).
@Suite struct DeployManifestTests {
    static let kubernetes = Fixtures.packageRoot.appendingPathComponent("deploy/kubernetes")

    /// The manifest as a YAML tree.
    static func manifest(_ name: String) throws -> [String: Any] {
        let text = try String(contentsOf: kubernetes.appendingPathComponent(name), encoding: .utf8)
        return try #require(try Yams.load(yaml: text) as? [String: Any], "\(name) is not a YAML mapping")
    }

    /// The first container of a Job's pod template, and the pod's volume mount paths by volume name.
    static func container(of job: [String: Any]) throws -> (container: [String: Any], mounts: [String]) {
        let spec = try #require(job["spec"] as? [String: Any])
        let pod = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        let mounts = (container["volumeMounts"] as? [[String: Any]] ?? []).compactMap { $0["mountPath"] as? String }
        return (container, mounts)
    }

    /// The container's command and arguments with each mount path replaced by a directory under
    /// `root` (`/results/x` → `root/results/x`).
    static func rendered(_ container: [String: Any], mounts: [String], root: URL) throws -> [String] {
        let words = (container["command"] as? [String] ?? []) + (container["args"] as? [String] ?? [])
        #expect(words.prefix(2) == ["/bin/sh", "-c"], "the command is not a shell command: \(words)")
        return words.map { word in
            mounts.reduce(word) { $0.replacingOccurrences(of: $1 + "/", with: root.path + $1 + "/") }
        }
    }

    /// Runs `words` (`/bin/sh -c SCRIPT`) with `environment` added and `offtake` on PATH.
    static func run(_ words: [String], environment: [String: String], bin: URL) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: words[0])
        process.arguments = Array(words.dropFirst())
        var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        env["PATH"] = bin.path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        process.environment = env
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("the Indexed Job runs shard index+1 of N for every completion index, the ranges cover the paths once, and the merge Job's result equals the unsharded run")
    func indexedJobCoversThePathsOnce() throws {
        let binary = try #require(OfftakeBinary.url, "the offtake executable")
        let root = try TemporaryDirectory()
        defer { root.remove() }
        let bin = root.url.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent("offtake"), withDestinationURL: binary)

        let job = try DeployManifestTests.manifest("shards-job.yaml")
        let spec = try #require(job["spec"] as? [String: Any])
        #expect(spec["completionMode"] as? String == "Indexed")
        let n = try #require(spec["completions"] as? Int)
        #expect((spec["parallelism"] as? Int).map { $0 >= 1 && $0 <= n } == true, "parallelism must be 1 … completions")
        let (container, mounts) = try DeployManifestTests.container(of: job)
        var environment: [String: String] = [:]
        for variable in container["env"] as? [[String: Any]] ?? [] {
            if let name = variable["name"] as? String, let value = variable["value"] as? String { environment[name] = value }
        }
        #expect(environment["OFFTAKE_SHARDS"] == String(n), "OFFTAKE_SHARDS must equal completions (\(n))")
        let seed = try #require(environment["OFFTAKE_SEED"])
        let paths = 7 * n + 3  // uneven shards
        environment["OFFTAKE_PATHS"] = String(paths)

        // The scenario ConfigMap's file and the results volume, at their mount paths under `root`.
        for mount in mounts { try FileManager.default.createDirectory(at: root.url.appendingPathComponent(mount), withIntermediateDirectories: true) }
        try FileManager.default.copyItem(atPath: Fixtures.path("minimal.yaml"), toPath: root.url.appendingPathComponent("scenario/scenario.yaml").path)
        let words = try DeployManifestTests.rendered(container, mounts: mounts, root: root.url)

        var covered: [Range<Int>] = []
        for index in 0..<n {
            var env = environment
            env["JOB_COMPLETION_INDEX"] = String(index)
            let run = try DeployManifestTests.run(words, environment: env, bin: bin)
            #expect(run.status == 0, "index \(index): \(run.stderr)")
            // `shard K/N: paths A ..< B of P` on standard error.
            let line = try #require(run.stderr.split(separator: "\n").first { $0.hasPrefix("shard ") }, "index \(index): \(run.stderr)")
            let fields = line.split(separator: " ")
            #expect(fields[1] == "\(index + 1)/\(n):", "index \(index) ran shard \(fields[1])")
            #expect(fields.last == "\(paths)")
            covered.append(try #require(Int(fields[3]))..<(try #require(Int(fields[5]))))
            #expect(FileManager.default.fileExists(atPath: root.url.appendingPathComponent("results/part-\(index + 1)-of-\(n).offtake-partial").path))
        }
        #expect(covered.sorted { $0.lowerBound < $1.lowerBound }.reduce(0) { next, range in next == range.lowerBound ? range.upperBound : -1 } == paths,
                "the shards' ranges do not tile 0 ..< \(paths): \(covered)")

        let (merge, mergeMounts) = try DeployManifestTests.container(of: try DeployManifestTests.manifest("merge-job.yaml"))
        let merged = try DeployManifestTests.run(try DeployManifestTests.rendered(merge, mounts: mergeMounts, root: root.url), environment: [:], bin: bin)
        #expect(merged.status == 0, "\(merged.stderr)")
        let whole = try ShardTests.unsharded(paths: paths, seed: try #require(Int(seed)), in: root)
        #expect(FileManager.default.contents(atPath: root.url.appendingPathComponent("results/result.json").path) == whole)
    }
}
