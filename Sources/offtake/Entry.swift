import ArgumentParser
import Dispatch
import Foundation
import OfftakeCLI

/// The executable's entry point. Synchronous: every command but `offtake serve` runs on the main
/// thread without the concurrency runtime's main loop (so that tools such as valgrind, which cannot
/// follow `dispatch_main`'s exit of the main thread, can measure a run). `offtake serve` is an
/// `AsyncParsableCommand`: it runs in a task while the main queue is served, and the process exits
/// when it returns.
@main
struct Entry {
    static func main() {
        var command: any ParsableCommand
        do {
            command = try Offtake.parseAsRoot()
        } catch {
            Offtake.exit(from: error)
        }
        if let asynchronous = command as? any AsyncParsableCommand {
            nonisolated(unsafe) var server = asynchronous
            Task { @MainActor in
                do {
                    try await server.run()
                    Foundation.exit(0)
                } catch {
                    Offtake.exit(from: error)
                }
            }
            dispatchMain()
        }
        do {
            try command.run()
        } catch {
            Offtake.exit(from: error)
        }
    }
}
