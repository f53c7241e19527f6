// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "offtake",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "offtake", targets: ["offtake"]),
        .library(name: "OfftakeRandom", targets: ["OfftakeRandom"]),
        .library(name: "OfftakeModel", targets: ["OfftakeModel"]),
        .library(name: "OfftakeScenarioIO", targets: ["OfftakeScenarioIO"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-numerics.git", from: "1.1.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing.git", from: "1.19.7"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV.git", from: "0.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
    ],
    targets: [
        // Counter-based random numbers, distributions, Gaussian copula. No Foundation.
        .target(
            name: "OfftakeRandom",
            dependencies: [.product(name: "RealModule", package: "swift-numerics")]
        ),
        // Scenario value types, units, the distribution expression grammar, validation.
        .target(name: "OfftakeModel", dependencies: ["OfftakeRandom"]),
        // YAML/JSON <-> Scenario with line:column locations.
        .target(
            name: "OfftakeScenarioIO",
            dependencies: ["OfftakeModel", "OfftakeRandom", .product(name: "Yams", package: "Yams")]
        ),
        // One path's monthly step, the deterministic parallel path runner, exact mergeable accumulators.
        .target(
            name: "OfftakeEngine",
            dependencies: ["OfftakeModel", "OfftakeRandom", .product(name: "RealModule", package: "swift-numerics")]
        ),
        // Analyses on common random numbers: stress, compare, sensitivity (tornado, Sobol), optimisation.
        .target(name: "OfftakeAnalysis", dependencies: ["OfftakeEngine", "OfftakeModel", "OfftakeRandom"]),
        // Presentation: number formatting, units, languages, verdict wording, the JSON policy, terminal
        // tables, SVG charts, the HTML report, CSV and FOCUS exports.
        .target(
            name: "OfftakeReport",
            dependencies: ["OfftakeAnalysis", "OfftakeEngine", "OfftakeModel", "OfftakeRandom", .product(name: "Yams", package: "Yams")]
        ),
        // Jobs: a scenario source -> a prepared scenario (keeping its text) -> a job resolved from options
        // (or every problem at once) -> a document. The command line and the server both call it.
        .target(
            name: "OfftakeJobs",
            dependencies: ["OfftakeScenarioIO", "OfftakeModel", "OfftakeEngine", "OfftakeAnalysis", "OfftakeReport"]
        ),
        // `offtake serve`: the HTTP API (routes generated from openapi.yaml), the run queue, the SQLite
        // run store, Prometheus metrics and the web page.
        .target(
            name: "OfftakeServer",
            dependencies: [
                "OfftakeScenarioIO", "OfftakeModel", "OfftakeEngine", "OfftakeAnalysis", "OfftakeReport", "OfftakeJobs",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Yams", package: "Yams"),
            ],
            // Generated/ is swift-openapi-generator's output for openapi.yaml, committed (building the
            // generator's build plugin in release takes longer than the rest of the project);
            // `OpenAPIGenerationTests` regenerates it and fails when it differs: scripts/generate-openapi.sh.
            exclude: ["openapi.yaml", "openapi-generator-config.yaml"],
            swiftSettings: [.enableUpcomingFeature("InternalImportsByDefault")]
        ),
        // The command tree and the error -> exit code mapping.
        .target(
            name: "OfftakeCLI",
            dependencies: [
                "OfftakeScenarioIO", "OfftakeModel", "OfftakeRandom", "OfftakeEngine", "OfftakeAnalysis", "OfftakeReport", "OfftakeJobs", "OfftakeServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "offtake", dependencies: ["OfftakeCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // Approximate-equality helpers and statistical checks shared by the test targets.
        .target(name: "_OfftakeTestSupport", dependencies: ["OfftakeRandom"]),

        .testTarget(
            name: "OfftakeRandomTests",
            dependencies: ["OfftakeRandom", "_OfftakeTestSupport"]
        ),
        .testTarget(
            name: "OfftakeModelTests",
            dependencies: [
                "OfftakeModel", "_OfftakeTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "OfftakeScenarioIOTests",
            dependencies: [
                "OfftakeScenarioIO", "_OfftakeTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "OfftakeEngineTests",
            dependencies: ["OfftakeEngine", "_OfftakeTestSupport"]
        ),
        .testTarget(
            name: "OfftakeAnalysisTests",
            dependencies: ["OfftakeAnalysis", "OfftakeEngine", "OfftakeModel", "OfftakeRandom", "OfftakeScenarioIO", "_OfftakeTestSupport"]
        ),
        .testTarget(
            name: "OfftakeJobsTests",
            dependencies: ["OfftakeJobs", "OfftakeReport", "OfftakeScenarioIO", "OfftakeModel", "OfftakeEngine", "_OfftakeTestSupport"]
        ),
        .testTarget(
            name: "OfftakeReportTests",
            dependencies: [
                "OfftakeReport", "OfftakeEngine", "OfftakeModel", "OfftakeScenarioIO", "_OfftakeTestSupport",
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
            ],
            exclude: ["__Snapshots__", "Fixtures"]
        ),
        .testTarget(
            name: "OfftakeServerTests",
            dependencies: [
                "OfftakeServer", "OfftakeScenarioIO", "OfftakeEngine", "OfftakeModel", "OfftakeRandom", "_OfftakeTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "_OpenAPIGeneratorCore", package: "swift-openapi-generator"),
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            // OfftakeScenarioIO / OfftakeModel only to list the built-in scenario's numeric fields for the fuzz test;
            // Yams to read the Kubernetes manifests under deploy/.
            dependencies: ["offtake", "_OfftakeTestSupport", "OfftakeScenarioIO", "OfftakeModel", .product(name: "Yams", package: "Yams")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
