/// Facts about the exporter that end up inside exported files.
public enum TapedeckExportInfo {
    /// The `creator.version` written into HAR files; kept here because TapedeckExport cannot see the CLI's version.
    public static let version = "0.1.0"
}
