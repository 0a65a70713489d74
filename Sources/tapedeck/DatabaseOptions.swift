import ArgumentParser
import Foundation

/// `--db`, shared by every command that reads or writes recordings.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "SQLite file with the recordings, or a team server as postgres://USER@HOST:PORT/DB[?sslmode=require] "
                + "(password from the URL, PGPASSWORD or ~/.pgpass; default: $TAPEDECK_DB, else ./tapedeck.sqlite).",
            valueName: "path-or-url"
        )
    )
    var db: String?

    /// The database path or server URL after applying the environment default.
    var path: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["TAPEDECK_DB"], !env.isEmpty { return env }
        return "tapedeck.sqlite"
    }
}
