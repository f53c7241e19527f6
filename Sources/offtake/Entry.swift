import ArgumentParser
import OfftakeCLI

/// The executable's entry point. Asynchronous, because `offtake serve` runs on Swift concurrency; the
/// other commands run synchronously as before. (Written out rather than `Offtake.main()`, whose
/// synchronous overload the compiler prefers from here.)
@main
struct Entry {
    static func main() async {
        do {
            var command = try await Offtake.asyncParseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            Offtake.exit(withError: error)
        }
    }
}
