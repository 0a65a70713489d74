/// The version `--version` prints; bumped with each release.
enum TapedeckVersion {
    static let string = "0.1.0"
}
