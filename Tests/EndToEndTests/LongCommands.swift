import Testing

/// The suites that run many long `offtake` commands one after another (every help example, every
/// skeleton of `offtake new`, every command of the own-deal guide), nested here so that they run one at
/// a time. The runner waits for its child process on the test's own thread; two such suites at once
/// would hold both threads of the concurrency pool on a two-core machine for minutes, and starve the
/// in-process servers of the server tests running beside them.
@Suite(.serialized) enum LongCommands {}
