import Foundation
import Synchronization

/// A progress bar with ETA on standard error, only when standard error is a terminal (never in pipes,
/// files or CI logs). Updated from worker threads; redraws at most ten times a second.
final class ProgressBar: Sendable {
    let total: Int
    let started: Date
    let state = Mutex<(lastDraw: Double, done: Int)>((lastDraw: -1, done: 0))

    /// A bar for `total` items, or nil when standard error is not a terminal.
    init?(total: Int) {
        guard isatty(STDERR_FILENO) != 0, ProcessInfo.processInfo.environment["CI"] == nil, total > 0 else { return nil }
        self.total = total
        started = Date()
    }

    func update(_ done: Int) {
        let now = Date().timeIntervalSince(started)
        let line: String? = state.withLock { s in
            guard done > s.done else { return nil }
            s.done = done
            guard now - s.lastDraw >= 0.1 || done >= total else { return nil }
            s.lastDraw = now
            return ProgressBar.render(done: done, total: total, elapsed: now)
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// Clears the bar.
    func finish() {
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 78) + "\r").utf8))
    }

    static func render(done: Int, total: Int, elapsed: Double) -> String {
        let fraction = min(1, Double(done) / Double(total))
        let width = 30
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : .nan
        let etaText = eta.isFinite ? "ETA \(duration(eta))" : "ETA …"
        return "\r\(bar) \(String(format: "%5.1f", fraction * 100))%  \(done)/\(total) paths  \(etaText)   "
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(String(format: "%02d", (s % 3600) / 60))m" : s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}
