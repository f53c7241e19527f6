// The command tree: help, version and usage errors (exit 64).

import Foundation
import Testing

@Suite("offtake: help and usage errors")
struct CommandLineTests {
    @Test("the executable is found")
    func binaryIsFound() {
        #expect(OfftakeBinary.url != nil, "build `offtake` (swift build) or set OFFTAKE_BIN")
    }

    @Test("--help exits 0 and lists the subcommands and exit codes")
    func topLevelHelp() {
        let run = runOfftakeDetailed(["--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("validate"))
        #expect(run.stdout.contains("sample"))
        #expect(run.stdout.contains("USAGE"))
        #expect(run.stdout.contains("64"))
        #expect(run.stdout.contains("65"))
        expectNoCrash(run, "--help")
    }

    @Test("help for validate mentions its exit codes", arguments: [["help", "validate"], ["validate", "--help"], ["validate", "-h"]])
    func validateHelp(args: [String]) {
        let run = runOfftakeDetailed(args)
        #expect(run.status == 0)
        #expect(run.stdout.contains("validate"))
        #expect(run.stdout.contains("Exit code"))
        #expect(run.stdout.contains("0"))
        #expect(run.stdout.contains("65"))
        #expect(run.stdout.contains("OK  FILE"))
    }

    @Test("help for sample lists its options and formats", arguments: [["help", "sample"], ["sample", "--help"]])
    func sampleHelp(args: [String]) {
        let run = runOfftakeDetailed(args)
        #expect(run.status == 0)
        for word in ["-n", "--seed", "--format", "text", "csv", "json"] {
            #expect(run.stdout.contains(word), "help lacks \(word)")
        }
    }

    @Test("--version prints a version and exits 0")
    func version() {
        let run = runOfftakeDetailed(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count >= 2)
    }

    @Test(
        "a usage error exits 64 with a message on stderr and no stack trace",
        arguments: [
            ["frobnicate"],
            ["--frobnicate"],
            ["validate"],
            ["validate", "--pedantic", "x.yaml"],
            ["sample"],
            ["sample", "normal(mean=1, sd=2)", "-n", "0"],
            ["sample", "normal(mean=1, sd=2)", "-n", "-5"],
            ["sample", "normal(mean=1, sd=2)", "-n=-5"],
            ["sample", "normal(mean=1, sd=2)", "-n", "1.5"],
            ["sample", "normal(mean=1, sd=2)", "-n", "many"],
            ["sample", "normal(mean=1, sd=2)", "--format", "xml"],
            ["sample", "normal(mean=1, sd=2)", "--seed", "-1"],
            ["sample", "normal(mean=1, sd=2)", "--seed", "18446744073709551616"],
            ["sample", "normal(mean=1, sd=2)", "-n", "20000001", "--format", "json"],
            ["sample", "normal(mean=1, sd=2)", "extra-argument"],
        ])
    func usageError(args: [String]) {
        let run = runOfftakeDetailed(args)
        #expect(run.status == 64, "`offtake \(shown(args))` exited \(run.status); stderr: \(run.stderr)")
        #expect(!run.stderr.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "no message on stderr")
        #expect(run.stdout.isEmpty, "stdout: \(run.stdout)")
        expectNoCrash(run, shown(args))
    }

    @Test("the usage error names the problem")
    func usageErrorMessages() {
        let unknown = runOfftakeDetailed(["frobnicate"])
        #expect(unknown.stderr.contains("frobnicate"))
        let option = runOfftakeDetailed(["--frobnicate"])
        #expect(option.stderr.contains("--frobnicate"))
        let zero = runOfftakeDetailed(["sample", "normal(mean=1, sd=2)", "-n", "0"])
        #expect(zero.stderr.contains("-n must be at least 1"))
        let format = runOfftakeDetailed(["sample", "normal(mean=1, sd=2)", "--format", "xml"])
        #expect(format.stderr.contains("xml"))
        #expect(format.stderr.contains("text"))
    }
}

@Suite("the test runner itself")
struct RunnerTests {
    @Test("a run that exceeds its timeout is killed and reported as timed out")
    func timeoutKills() throws {
        // Twenty million normal draws, sorted, in a debug build: far longer than 0.3 s of CPU.
        let run = try launchOfftake(["sample", "normal(mean=0, sd=1)", "-n", "20000000", "--format", "json"], timeout: 0.3)
        #expect(run.timedOut)
        #expect(run.status >= 128, "a killed run reports 128 + signal, got \(run.status)")
        // Killed soon after its budget (polled every 2 ms; a few clock ticks of slack).
        #expect(run.cpuSeconds < 1, "\(run.cpuSeconds) s of CPU")
    }

    @Test("the CPU time read from /proc counts the process's work, not the time it waits")
    func cpuSecondsCountWork() throws {
        // An idle server: seconds of wall clock, almost no CPU.
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let idle = try launchOfftake(["serve", "--port", "0"], timeout: 30, wallTimeout: 1.5, currentDirectory: directory.url)
        #expect(idle.timedOut && idle.seconds >= 1.5)
        #expect(idle.cpuSeconds < 1, "\(idle.cpuSeconds) s of CPU while idle")
        // Five million draws: measurable work.
        let busy = try launchOfftake(["sample", "normal(mean=0, sd=1)", "-n", "5000000", "--format", "json"], timeout: 120)
        #expect(busy.status == 0)
        #expect(busy.cpuSeconds > 0.05, "\(busy.cpuSeconds) s of CPU")
    }

    @Test("standard input is passed through")
    func standardInput() throws {
        let text = try Fixtures.text("minimal.yaml")
        let run = runOfftakeDetailed(["validate", "/dev/stdin"], stdin: Data(text.utf8))
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout == "OK  /dev/stdin\n")
    }
}
