// Runs the built `offtake` executable as a subprocess and captures what it does.

import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one run of `offtake` did.
struct OfftakeRun: Sendable {
    /// The exit status; a run ended by a signal reports 128 + the signal number (as shells do),
    /// so "did not crash" is `status < 128`.
    var status: Int32
    var stdout: String
    var stderr: String
    /// The raw bytes written to standard output.
    var stdoutData: Data
    /// The run did not finish within its timeout and was killed.
    var timedOut: Bool
    /// Wall-clock seconds.
    var seconds: Double
    /// CPU seconds the process used (user and system, every thread), as last read from
    /// `/proc/PID/stat` while it ran (every 2 ms, so at most a few milliseconds short); `seconds` where
    /// `/proc` cannot be read. Bounds on how long a command takes use this, not `seconds`: on a loaded
    /// machine the wall clock measures the load.
    var cpuSeconds: Double
}

/// CPU seconds (user + system, all threads) process `pid` has used, from `/proc/PID/stat` (fields 14 and
/// 15, in clock ticks; proc(5)); nil when it cannot be read.
func processCPUSeconds(_ pid: Int32) -> Double? {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = text.lastIndex(of: ")") else { return nil }
    // The command name (field 2) is in parentheses and may contain spaces; fields 3… follow it.
    let fields = text[text.index(after: close)...].split(separator: " ")
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// Anchor for `Bundle(for:)`, which finds the test bundle on platforms that have one.
private final class BundleMarker {}

enum OfftakeBinary {
    /// The `offtake` executable next to the test bundle (the test target depends on it, so SwiftPM
    /// builds it into the same directory), else `$OFFTAKE_BIN`.
    static let url: URL? = locate()

    private static func locate() -> URL? {
        var starts: [URL] = [Bundle(for: BundleMarker.self).bundleURL, Bundle.main.bundleURL]
        if let first = CommandLine.arguments.first, !first.isEmpty {
            let url = URL(fileURLWithPath: first)
            starts.append(url)
            starts.append(url.resolvingSymlinksInPath())
        }
        for start in starts {
            var directory = start
            for _ in 0..<5 {
                let candidate = directory.appendingPathComponent("offtake")
                if isExecutableFile(candidate.path) { return candidate }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        if let fromEnvironment = ProcessInfo.processInfo.environment["OFFTAKE_BIN"], isExecutableFile(fromEnvironment) {
            return URL(fileURLWithPath: fromEnvironment)
        }
        return nil
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { return false }
        return FileManager.default.isExecutableFile(atPath: path)
    }
}

enum RunnerError: Error, CustomStringConvertible {
    case binaryNotFound
    var description: String {
        "cannot find the `offtake` executable next to the test bundle; build it or set OFFTAKE_BIN"
    }
}

/// Runs `offtake args` and kills it once it has used `timeout` seconds of CPU, or after `wallTimeout`
/// seconds of wall clock (by default five times `timeout`, at least a minute more: a guard against a
/// process that hangs without computing, loose enough that a loaded machine does not trip it).
/// Output goes to temporary files, so a large output cannot fill a pipe and deadlock.
/// Throws when the process cannot be started (e.g. an argument longer than the OS allows).
func launchOfftake(
    _ args: [String], stdin: Data? = nil, timeout: TimeInterval = 60, wallTimeout: TimeInterval? = nil, currentDirectory: URL? = nil,
    environment extra: [String: String] = [:]
) throws -> OfftakeRun {
    guard let binary = OfftakeBinary.url else { throw RunnerError.binaryNotFound }
    let scratch = try TemporaryDirectory()
    defer { scratch.remove() }
    let outURL = scratch.url.appendingPathComponent("stdout")
    let errURL = scratch.url.appendingPathComponent("stderr")
    try Data().write(to: outURL)
    try Data().write(to: errURL)
    let outHandle = try FileHandle(forWritingTo: outURL)
    let errHandle = try FileHandle(forWritingTo: errURL)
    defer {
        try? outHandle.close()
        try? errHandle.close()
    }

    let process = Process()
    process.executableURL = binary
    process.arguments = args
    process.standardOutput = outHandle
    process.standardError = errHandle
    var inHandle: FileHandle?
    if let stdin {
        let inURL = scratch.url.appendingPathComponent("stdin")
        try stdin.write(to: inURL)
        inHandle = try FileHandle(forReadingFrom: inURL)
        process.standardInput = inHandle
    } else {
        process.standardInput = FileHandle.nullDevice
    }
    defer { try? inHandle?.close() }
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    environment.merge(extra) { _, new in new }
    process.environment = environment

    let start = Date()
    try process.run()
    let deadline = start.addingTimeInterval(wallTimeout ?? max(5 * timeout, timeout + 60))
    var timedOut = false
    var cpuSeconds: Double?
    while process.isRunning {
        if let used = processCPUSeconds(process.processIdentifier) { cpuSeconds = used }
        if Date() >= deadline || (cpuSeconds ?? 0) > timeout {
            timedOut = true
            process.terminate()
            let grace = Date().addingTimeInterval(2)
            while process.isRunning && Date() < grace { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            break
        }
        usleep(2_000)
    }
    process.waitUntilExit()
    let seconds = Date().timeIntervalSince(start)

    let outData = (try? Data(contentsOf: outURL)) ?? Data()
    let errData = (try? Data(contentsOf: errURL)) ?? Data()
    let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    return OfftakeRun(
        status: status,
        stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self),
        stdoutData: outData,
        timedOut: timedOut,
        seconds: seconds,
        cpuSeconds: cpuSeconds ?? seconds)
}

/// Runs `offtake args`; a run that cannot start or does not finish within `timeout` is a test failure.
func runOfftakeDetailed(
    _ args: [String], stdin: Data? = nil, timeout: TimeInterval = 60, currentDirectory: URL? = nil,
    environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
) -> OfftakeRun {
    do {
        let run = try launchOfftake(args, stdin: stdin, timeout: timeout, currentDirectory: currentDirectory, environment: environment)
        if run.timedOut {
            Issue.record("`offtake \(shown(args))` did not finish within \(Int(timeout)) s of CPU (\(run.seconds) s of wall clock) and was killed", sourceLocation: sourceLocation)
        }
        return run
    } catch {
        Issue.record("cannot run `offtake \(shown(args))`: \(error)", sourceLocation: sourceLocation)
        return OfftakeRun(status: -1, stdout: "", stderr: "\(error)", stdoutData: Data(), timedOut: false, seconds: 0, cpuSeconds: 0)
    }
}

/// Runs `offtake args` and returns its exit status, standard output and standard error.
func runOfftake(
    _ args: [String], stdin: Data? = nil, timeout: TimeInterval = 60, currentDirectory: URL? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) -> (status: Int32, stdout: String, stderr: String) {
    let run = runOfftakeDetailed(args, stdin: stdin, timeout: timeout, currentDirectory: currentDirectory, sourceLocation: sourceLocation)
    return (run.status, run.stdout, run.stderr)
}

/// The arguments as a command line for messages, with huge arguments shortened.
func shown(_ args: [String]) -> String {
    args.map { arg in
        let short = arg.count > 80 ? String(arg.prefix(60)) + "…(\(arg.count) characters)" : arg
        return short.contains(" ") || short.isEmpty ? "'\(short)'" : short
    }.joined(separator: " ")
}

/// Texts that mean the process crashed instead of reporting an error.
let crashMarkers = ["Fatal error", "Stack dump", "Program crashed", "Backtrace", "Current stack trace", "Segmentation fault", "Illegal instruction"]

/// The run ended by itself (no signal, no timeout) and printed no crash report.
func expectNoCrash(_ run: OfftakeRun, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!run.timedOut, "\(what): timed out", sourceLocation: sourceLocation)
    #expect(run.status >= 0 && run.status < 128, "\(what): ended with status \(run.status) (a signal?)", sourceLocation: sourceLocation)
    for marker in crashMarkers {
        #expect(!run.stderr.contains(marker), "\(what): stderr contains “\(marker)”", sourceLocation: sourceLocation)
    }
}

// MARK: - Files

/// A fresh temporary directory; call `remove()` when done.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("offtake-e2e-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `data` to `name` in this directory and returns its path.
    @discardableResult
    func write(_ name: String, _ data: Data) throws -> String {
        let file = url.appendingPathComponent(name)
        try data.write(to: file)
        return file.path
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Data(text.utf8))
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

enum Fixtures {
    /// The package root: this file is `<root>/Tests/EndToEndTests/OfftakeRunner.swift`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let directory = packageRoot.appendingPathComponent("Tests/Fixtures", isDirectory: true)

    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }
}

// MARK: - Text helpers

extension String {
    /// Lines split at "\n" only (a "\r\n" pair is one `Character`, so `split(separator: "\n")` would not split it).
    var lfLines: [String] {
        components(separatedBy: "\n")
    }

    /// Lines of output, without the empty piece after a final newline.
    var outputLines: [String] {
        var lines = lfLines
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// 1-based line and column (in Unicode scalars) of `token` on the `occurrence`-th line that contains `needle`.
func location(of token: String, onLineContaining needle: String, occurrence: Int = 1, in text: String) -> (line: Int, column: Int)? {
    var seen = 0
    for (index, line) in text.lfLines.enumerated() where line.contains(needle) {
        seen += 1
        guard seen == occurrence else { continue }
        guard let range = line.range(of: token) else { return nil }
        let column = line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: range.lowerBound) + 1
        return (index + 1, column)
    }
    return nil
}
