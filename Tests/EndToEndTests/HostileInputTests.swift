// Hostile input to `offtake validate`: each must be rejected with exit 65, promptly, without crashing.
// The files are generated into a temporary directory (some are tens of megabytes).

import Foundation
import Testing
import _OfftakeTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A generated hostile file: its name, its bytes and text that must appear on stderr.
struct HostileFile: Sendable, CustomStringConvertible {
    var name: String
    var stderrContains: String
    var make: @Sendable () throws -> Data
    var description: String { name }

    /// The largest file `validate` reads (SourceText.maximumBytes, 8 MiB).
    static let sizeLimit = 8 * 1024 * 1024

    static let all: [HostileFile] = [
        HostileFile(name: "empty.yaml", stderrContains: "empty") { Data() },
        HostileFile(name: "whitespace.yaml", stderrContains: "error") { Data("   \n\n  \n".utf8) },
        HostileFile(name: "random.yaml", stderrContains: "UTF-8") {
            var generator = SplitMix64(seed: 20_260_101)
            return Data(generator.bytes(64 * 1024))
        },
        HostileFile(name: "utf16.yaml", stderrContains: "UTF-16") {
            // UTF-16 with a byte-order mark, as Windows editors write it.
            try Data([0xFF, 0xFE]) + #require(Fixtures.text("minimal.yaml").data(using: .utf16LittleEndian))
        },
        HostileFile(name: "utf16be-no-bom.yaml", stderrContains: "error") {
            try #require(Fixtures.text("minimal.yaml").data(using: .utf16BigEndian))
        },
        HostileFile(name: "nul.yaml", stderrContains: "control character") { Data("name: x\n\u{0}\n".utf8) },
        HostileFile(name: "fifty-megabytes.yaml", stderrContains: "too large") {
            // A plausible scenario followed by 50 MB of list items.
            var data = try Data(Fixtures.text("minimal.yaml").utf8)
            data.append(Data("padding:\n".utf8))
            let item = Data("  - 0123456789abcdef0123456789abcdef0123456789abcdef\n".utf8)
            while data.count < 50 * 1024 * 1024 { data.append(item) }
            return data
        },
        HostileFile(name: "flow-nesting.yaml", stderrContains: "nested too deeply") {
            Data((String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n").utf8)
        },
        HostileFile(name: "unclosed-flow-nesting.yaml", stderrContains: "error") {
            Data(String(repeating: "{a: [", count: 10_000).utf8)
        },
        HostileFile(name: "block-nesting-10000.yaml", stderrContains: "error") {
            // 10,000 nested block mappings, one more space of indentation each: ≈ 50 MB.
            blockNesting(depth: 10_000)
        },
        HostileFile(name: "block-nesting-4000.yaml", stderrContains: "nested too deeply") {
            // As deep as fits under the size limit, so the parser itself sees it.
            let data = blockNesting(depth: 4_000)
            try #require(data.count < sizeLimit)
            return data
        },
        HostileFile(name: "dash-nesting.yaml", stderrContains: "nested too deeply") {
            Data((String(repeating: "- ", count: 5_000) + "x\n").utf8)
        },
        HostileFile(name: "billion-laughs.yaml", stderrContains: "too many values") { Data(aliasBomb().utf8) },
        HostileFile(name: "billion-laughs-key.yaml", stderrContains: "error") {
            Data((aliasBomb() + "? *i\n: 1\n").utf8)
        },
        HostileFile(name: "billion-laughs-scenario.yaml", stderrContains: "error") {
            // The bomb inside an otherwise valid scenario, used as a value.
            var text = try Fixtures.text("minimal.yaml")
            text = text.replacingOccurrences(of: "title: ", with: "description: *i\ntitle: ")
            return Data((aliasBomb(prefix: "x-") + text).utf8)
        },
        HostileFile(name: "huge-numbers.yaml", stderrContains: "not a finite number") {
            Data("name: x\nhorizon: {start: 2026-01, end: 1e400}\nrun: {paths: 1e400, seed: -1e400}\n".utf8)
        },
        HostileFile(name: "huge-number-in-scenario.yaml", stderrContains: "1e400") {
            try Data(Fixtures.text("minimal.yaml").replacingOccurrences(of: "cash0: 10B", with: "cash0: 1e400").utf8)
        },
        HostileFile(name: "a-list.yaml", stderrContains: "found a list") { Data("- a\n- b\n".utf8) },
        HostileFile(name: "a-scalar.yaml", stderrContains: "expected a scenario") { Data("hello\n".utf8) },
        HostileFile(name: "unterminated-string.yaml", stderrContains: "error") {
            Data("name: \"never closed\ntitle: x\n".utf8)
        },
        HostileFile(name: "bad-tag.yaml", stderrContains: "error") {
            Data("name: !!python/object:os.system [\"echo hi\"]\n".utf8)
        },
        HostileFile(name: "many-documents.yaml", stderrContains: "error") {
            try Data((Fixtures.text("minimal.yaml") + "\n---\n" + Fixtures.text("minimal.yaml")).utf8)
        },
        HostileFile(name: "undefined-alias.yaml", stderrContains: "error") { Data("name: *nowhere\n".utf8) },
        HostileFile(name: "duplicate-keys.yaml", stderrContains: "error") {
            try Data(Fixtures.text("minimal.yaml").replacingOccurrences(of: "name: minimal\n", with: "name: minimal\nname: again\n").utf8)
        },
        HostileFile(name: "syntax.json", stderrContains: "error") { Data("{\"name\": \"x\",, }\n".utf8) },
        HostileFile(name: "truncated.json", stderrContains: "error") {
            try Data(String(Fixtures.text("minimal.json").prefix(500)).utf8)
        },
    ]

    /// `k:` nested `depth` deep, one space of indentation per level.
    static func blockNesting(depth: Int) -> Data {
        var data = Data()
        data.reserveCapacity(depth * (depth + 7) / 2)
        for level in 0..<depth {
            data.append(contentsOf: repeatElement(UInt8(ascii: " "), count: level))
            data.append(contentsOf: Array("k:\n".utf8))
        }
        data.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth))
        data.append(contentsOf: Array("v\n".utf8))
        return data
    }

    /// 9 levels of anchors, each a list of 9 aliases to the previous level: 9⁹ ≈ 387 million leaves.
    static func aliasBomb(prefix: String = "") -> String {
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        var lines = ["\(prefix)a: &a [" + Array(repeating: "\"lol\"", count: 9).joined(separator: ", ") + "]"]
        for (previous, name) in zip(names, names.dropFirst()) {
            lines.append("\(prefix)\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

@Suite("offtake validate: hostile input")
struct HostileInputTests {
    @Test("hostile file is rejected with 65, without crashing or hanging", arguments: HostileFile.all)
    func hostile(_ hostile: HostileFile) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = try dir.write(hostile.name, hostile.make())
        let run = runOfftakeDetailed(["validate", file])
        #expect(run.status == 65, "\(hostile.name): exit \(run.status); stderr: \(run.stderr.prefix(2_000))")
        expectNoCrash(run, hostile.name)
        #expect(run.stdout.isEmpty, "\(hostile.name): stdout \(run.stdout.prefix(500))")
        #expect(run.stderr.contains(hostile.stderrContains),
                "\(hostile.name): stderr lacks “\(hostile.stderrContains)”: \(run.stderr.prefix(2_000))")
        #expect(run.stderr.contains("\(file): "), "\(hostile.name): the file is not named")
        // Every hostile file is rejected after a bounded amount of work (debug build, busy CI: generous).
        #expect(run.cpuSeconds < 30, "\(hostile.name): took \(run.cpuSeconds) s of CPU")
    }

    @Test("a named pipe with no writer is rejected, not waited on")
    func fifo() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.url.appendingPathComponent("pipe.yaml").path
        try #require(mkfifo(path, 0o600) == 0)
        let run = runOfftakeDetailed(["validate", path], timeout: 20)
        #expect(run.status == 65)
        expectNoCrash(run, "validate FIFO")
    }

    @Test("a hostile file among valid ones does not stop the others")
    func hostileAmongValid() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let bomb = try dir.write("bomb.yaml", HostileFile.aliasBomb())
        let deep = try dir.write("deep.yaml", String(repeating: "[", count: 10_000))
        let valid = Fixtures.path("minimal.yaml")
        let run = runOfftakeDetailed(["validate", bomb, valid, deep, valid])
        #expect(run.status == 65)
        #expect(run.stdout.outputLines == ["OK  \(valid)", "OK  \(valid)"])
        #expect(run.stderr.contains("\(bomb): 1 problem"))
        #expect(run.stderr.contains("\(deep): 1 problem"))
        expectNoCrash(run, "bomb + valid")
    }

    @Test("a 7 MB scalar does not flood stderr")
    func longScalarIsTruncated() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = try dir.write("long.yaml", "name: " + String(repeating: "x", count: 7_000_000) + "\n")
        let run = runOfftakeDetailed(["validate", file])
        #expect(run.status == 65)
        expectNoCrash(run, "long scalar")
        // The excerpt is cut at 160 characters, but the `found` value of `name: invalid id` echoes the
        // whole 7 MB scalar.
        #expect(run.stderr.utf8.count < 64 * 1024, "stderr is \(run.stderr.utf8.count) bytes")
    }
}
