import Foundation
import Testing

extension LongCommands {
    /// `offtake new`: every shape's skeleton validates and runs as written; the file options' rules.
    @Suite(.serialized) struct NewCommandTests {
        static let shapes: [[String]] = ["lab", "established"].flatMap { buyer in
            ["rated", "neocloud", "spv"].flatMap { provider in ["capacity", "hardware"].map { [buyer, provider, $0] } }
        }

        @Test("every shape: offtake new, then offtake validate and offtake run --paths 200", arguments: shapes)
        func newValidateRun(shape: [String]) throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let file = directory.url.appendingPathComponent("deal.yaml").path
            let new = runOfftakeDetailed(["new", "--buyer", shape[0], "--provider", shape[1], "--contract", shape[2], "--name", "deal", "--output", file])
            #expect(new.status == 0, "\(shape): \(new.stderr)")
            let validate = runOfftakeDetailed(["validate", file])
            #expect(validate.status == 0 && validate.stdout.contains("OK"), "\(shape): \(validate.stderr)")
            let run = runOfftakeDetailed(["run", file, "--paths", "200", "--threads", "1"], timeout: 300)
            #expect(run.status == 0, "\(shape): \(run.stderr.suffix(2000))")
            #expect(run.stdout.contains("VERDICT"), "\(shape)")
            expectNoCrash(run, "\(shape)")
        }

        @Test("standard output holds the same text as --output")
        func standardOutput() throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let file = directory.url.appendingPathComponent("deal.yaml").path
            let toFile = runOfftakeDetailed(["new", "--buyer", "established", "--provider", "neocloud", "--output", file])
            let toStdout = runOfftakeDetailed(["new", "--buyer", "established", "--provider", "neocloud"])
            #expect(toFile.status == 0 && toStdout.status == 0)
            #expect(try String(contentsOfFile: file, encoding: .utf8) == toStdout.stdout)
            #expect(toStdout.stdout.contains("other_customers:") && toStdout.stdout.contains("PLACEHOLDER"))
        }

        @Test("an existing file is kept unless --force; --force replaces it")
        func overwrite() throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let file = try directory.write("deal.yaml", "mine\n")
            let refused = runOfftakeDetailed(["new", "--output", file])
            #expect(refused.status == 64, "\(refused.stderr)")
            #expect(refused.stderr.contains("--force"), "\(refused.stderr)")
            #expect(try String(contentsOfFile: file, encoding: .utf8) == "mine\n")
            let forced = runOfftakeDetailed(["new", "--output", file, "--force"])
            #expect(forced.status == 0, "\(forced.stderr)")
            #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("# my-deal"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["deal.yaml"], "a temporary file was left")
        }

        @Test("a wrong choice, name or directory is a usage error (64) that lists what is valid")
        func usage() throws {
            let provider = runOfftakeDetailed(["new", "--provider", "bank"])
            #expect(provider.status == 64)
            for choice in ["rated", "neocloud", "spv"] { #expect(provider.stderr.contains(choice), "\(provider.stderr)") }
            let buyer = runOfftakeDetailed(["new", "--buyer", "startup"])
            #expect(buyer.status == 64 && buyer.stderr.contains("lab") && buyer.stderr.contains("established"), "\(buyer.stderr)")
            let contract = runOfftakeDetailed(["new", "--contract", "lease"])
            #expect(contract.status == 64 && contract.stderr.contains("capacity") && contract.stderr.contains("hardware"), "\(contract.stderr)")
            let name = runOfftakeDetailed(["new", "--name", "my deal"])
            #expect(name.status == 64 && name.stderr.contains("--name"), "\(name.stderr)")
            let missing = runOfftakeDetailed(["new", "--output", "/nonexistent-directory/deal.yaml"])
            #expect(missing.status == 64 && missing.stderr.contains("does not exist"), "\(missing.stderr)")
            for run in [provider, buyer, contract, name, missing] { expectNoCrash(run, "offtake new usage") }
        }
    }
}
