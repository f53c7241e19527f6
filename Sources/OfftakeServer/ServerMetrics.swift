import Foundation
import Hummingbird
import Metrics
import Prometheus
import Synchronization

/// The server's Prometheus metrics, exposed at `/metrics` (docs/server.md lists every family).
///
/// Requests are counted and timed by Hummingbird's `MetricsMiddleware` through swift-metrics, bootstrapped
/// once per process with swift-prometheus into ``requests`` (labels: the route as the router matched it,
/// the method, the status class); the process's resident memory, CPU seconds and open file
/// descriptors are read at each scrape into the same registry. Each server has its own registry for its
/// runs: by status (read from the store at each scrape), paths completed, queue length, runs running,
/// queue wait, and run duration and paths per second by kind.
final class ServerMetrics: Sendable {
    /// The process's registry: swift-metrics' factory writes there (bootstrapped on first use).
    static let requests: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.nameAndLabelSanitizer = ServerMetrics.prometheusName
        factory.defaultDurationHistogramBuckets = durationBuckets
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// Request durations, seconds: 1 ms to 60 s (the request timeout).
    static let durationBuckets: [Duration] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60].map { .milliseconds(Int64($0 * 1000)) }

    /// swift-metrics' names and dimensions as Prometheus names: Hummingbird's `hb.requests`,
    /// `http.server.request.duration`, `hb.request.errors` and `http.server.active_requests` become
    /// `offtake_http_…`; `http.route` becomes `route`, `http.request.method` `method`, and
    /// `http.response.status_code` the status class `status_class` (`2xx` … `5xx`).
    static func prometheusName(_ label: String, _ dimensions: [(String, String)]) -> (String, [(String, String)]) {
        let names = ["hb.requests": "offtake_http_requests_total", "http.server.request.duration": "offtake_http_request_duration_seconds",
                     "hb.request.errors": "offtake_http_request_errors_total", "http.server.active_requests": "offtake_http_active_requests"]
        let name = names[label] ?? label.replacingOccurrences(of: ".", with: "_")
        return (name, dimensions.map { key, value in
            switch key {
            case "http.route": return ("route", value)
            case "http.request.method": return ("method", value)
            case "http.response.status_code": return ("status_class", value.first.map { "\($0)xx" } ?? value)
            default: return (key.replacingOccurrences(of: ".", with: "_"), value)
            }
        })
    }

    let registry = PrometheusCollectorRegistry()
    let pathsCompleted: Prometheus.Counter
    let queueLength: Prometheus.Gauge
    let running: Prometheus.Gauge
    let runsByStatus: [RunStatus: Prometheus.Gauge]
    let queueWait: Prometheus.DurationHistogram
    private let durations: [String: Prometheus.DurationHistogram]
    private let pathRates: [String: Prometheus.ValueHistogram]
    private let process: ProcessMetrics

    init() {
        func name(_ metric: String, _ unit: String = "", _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "offtake", metricName: metric, unitName: unit, helpText: help)
        }
        pathsCompleted = registry.makeCounter(descriptor: name("paths_completed", "total",
            "Monte Carlo paths completed by runs (an analysis counts a path once, however many variants it evaluates on it)."))
        queueLength = registry.makeGauge(descriptor: name("queue_length", "", "Runs waiting for a worker."))
        running = registry.makeGauge(descriptor: name("runs_running", "", "Runs being simulated now."))
        var byStatus: [RunStatus: Prometheus.Gauge] = [:]
        for status in RunStatus.allCases {
            byStatus[status] = registry.makeGauge(descriptor: name("runs", "", "Runs in the store by status."), labels: [("status", status.rawValue)])
        }
        runsByStatus = byStatus
        queueWait = registry.makeDurationHistogram(descriptor: name("queue_wait", "seconds", "Time a run waited in the queue before a worker took it up."),
                                                   labels: [], buckets: [0.1, 1, 5, 15, 60, 300, 900, 3600, 14400].map { .seconds($0) })
        var durations: [String: Prometheus.DurationHistogram] = [:], rates: [String: Prometheus.ValueHistogram] = [:]
        for kind in Submission.Kind.allCases.map(\.rawValue) {
            durations[kind] = registry.makeDurationHistogram(descriptor: name("run_duration", "seconds", "Time a run took to simulate, by kind."),
                                                             labels: [("kind", kind)], buckets: [1, 5, 15, 60, 300, 900, 3600, 14400].map { .seconds($0) })
            rates[kind] = registry.makeValueHistogram(descriptor: name("run_paths_per_second", "", "Paths a finished run simulated per second, by kind."),
                                                      labels: [("kind", kind)], buckets: [100, 1_000, 10_000, 100_000, 1_000_000])
        }
        self.durations = durations
        pathRates = rates
        process = ProcessMetrics(registry: Self.requests)
    }

    /// Records a run that finished.
    func finished(kind: String, seconds: Double, paths: Int) {
        durations[kind]?.record(.milliseconds(Int64(seconds * 1000)))
        if seconds > 0 { pathRates[kind]?.record(Double(paths) / seconds) }
    }

    /// Hummingbird's request metrics (into ``requests``).
    static func middleware<Context: RequestContext>() -> MetricsMiddleware<Context> {
        _ = requests
        return MetricsMiddleware()
    }

    /// The exposition text: the process's families, then this server's, the per-status counts and the
    /// process's figures read now.
    func exposition(store: any RunStore) throws -> String {
        for (status, n) in try store.countsByStatus() { runsByStatus[status]?.set(Double(n)) }
        process.update()
        return Self.requests.emitToString() + registry.emitToString()
    }
}

/// The process's resident memory, CPU seconds and open file descriptors, read from `/proc/self` at each
/// scrape (Linux; elsewhere they stay 0).
final class ProcessMetrics: Sendable {
    let residentMemory: Prometheus.Gauge
    let cpuSeconds: Prometheus.Counter
    let openFileDescriptors: Prometheus.Gauge
    /// CPU seconds already counted.
    private let counted = Mutex(0.0)

    init(registry: PrometheusCollectorRegistry) {
        residentMemory = registry.makeGauge(descriptor: .init(namespace: "process", metricName: "resident_memory", unitName: "bytes", helpText: "Resident memory size in bytes."))
        cpuSeconds = registry.makeCounter(descriptor: .init(namespace: "process", metricName: "cpu_seconds", unitName: "total", helpText: "User and system CPU time spent in seconds."))
        openFileDescriptors = registry.makeGauge(descriptor: .init(namespace: "process", metricName: "open_fds", helpText: "Number of open file descriptors."))
    }

    func update() {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
           let kib = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) {
            residentMemory.set(kib * 1024)
        }
        var usage = rusage()
        if getrusage(RUSAGE_SELF.rawValue, &usage) == 0 {
            func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
            let total = seconds(usage.ru_utime) + seconds(usage.ru_stime)
            let delta = counted.withLock { counted in
                defer { counted = max(counted, total) }
                return max(0, total - counted)
            }
            cpuSeconds.increment(by: delta)
        }
        if let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") { openFileDescriptors.set(Double(fds.count)) }
    }
}
