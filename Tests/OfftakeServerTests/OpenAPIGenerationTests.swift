import Foundation
import Testing
import _OpenAPIGeneratorCore

/// The committed routes and types are exactly what swift-openapi-generator makes of openapi.yaml, so the
/// specification and the server cannot drift apart (regenerate with scripts/generate-openapi.sh).
@Suite("offtake serve: generated code")
struct OpenAPIGenerationTests {
    static let target = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/OfftakeServer")

    /// Records what the generator reports (a warning of an unsupported feature would mean a route that
    /// does not do what the document says).
    final class Collector: DiagnosticCollector, @unchecked Sendable {
        var messages: [String] = []
        func emit(_ diagnostic: Diagnostic) { messages.append(diagnostic.description) }
    }

    @Test("Generated/ equals the generator's output for openapi.yaml (types and server, package access, idiomatic names)")
    func generatedCodeIsCurrent() throws {
        let spec = Self.target.appendingPathComponent("openapi.yaml")
        let config = try String(contentsOf: Self.target.appendingPathComponent("openapi-generator-config.yaml"), encoding: .utf8)
        // The options the configuration file states (read, not assumed, so the two cannot disagree).
        #expect(config.contains("- types") && config.contains("- server") && !config.contains("- client"))
        #expect(config.contains("accessModifier: package") && config.contains("namingStrategy: idiomatic"))
        let collector = Collector()
        var generated: [String: Data] = [:]
        for mode in [GeneratorMode.types, .server] {
            let files = try runGenerator(
                input: InMemoryInputFile(absolutePath: spec, contents: try Data(contentsOf: spec)),
                config: Config(mode: mode, access: .package, namingStrategy: .idiomatic),
                diagnostics: collector)
            for file in files where !file.contents.isEmpty { generated[file.baseName] = file.contents }
        }
        let directory = Self.target.appendingPathComponent("Generated")
        let committed = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".swift") }
        #expect(Set(committed) == Set(generated.keys))
        for (name, contents) in generated {
            let file = try? Data(contentsOf: directory.appendingPathComponent(name))
            #expect(file == contents, "Generated/\(name) is out of date: run scripts/generate-openapi.sh")
        }
        #expect(collector.messages.filter { $0.contains("error") || $0.contains("unsupported") }.isEmpty, "\(collector.messages)")
    }
}
