/// What a `--db` value names, so every command and message treats a server URL and a file path alike.
public enum StoreLocation {
    /// Whether `location` is a PostgreSQL URL (`postgres://` or `postgresql://`) rather than an SQLite file path.
    public static func isServerURL(_ location: String) -> Bool {
        let lowered = location.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }
}
