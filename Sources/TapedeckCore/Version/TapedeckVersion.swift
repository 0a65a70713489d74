/// The one version string: `--version`, the HAR `creator`, the demo client's user-agent; bumped with each release.
public enum TapedeckVersion {
    /// The release, e.g. "0.1.0".
    public static let string = "0.1.0"
}
