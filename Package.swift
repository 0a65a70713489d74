// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "tapedeck",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tapedeck", targets: ["tapedeck"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Pure protocol knowledge: SSE, Anthropic events, assembly, replay. Foundation only.
        .target(name: "TapedeckCore"),
        // The SQLite file (GRDB over the system libsqlite3).
        .target(
            name: "TapedeckStore",
            dependencies: [
                "TapedeckCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The SQLite C API, for the recorder's event INSERT (binding without copies).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                // NIOLockedValueBox: the recorder's shared state, locking the compiler checks.
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // The team store: the same tables on a PostgreSQL server (PostgresNIO's client and pool).
        .target(
            name: "TapedeckPostgres",
            dependencies: [
                "TapedeckCore",
                "TapedeckStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // The system zlib (zlib1g-dev), for a response body the upstream compressed anyway.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // The capture hot path: SwiftNIO channel handlers, swift-nio-ssl upstream.
        .target(
            name: "TapedeckProxy",
            dependencies: [
                "TapedeckCore",
                "TapedeckStore",
                "CZlib",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
            ]
        ),
        // Recorded sessions and scripted responses as a mock Anthropic API (Hummingbird).
        .target(
            name: "TapedeckServe",
            dependencies: [
                "TapedeckCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Transcripts in and out: JSON, JSONL, Markdown, HAR, raw SSE, and the HTML replay page (its template,
        // styles and script compiled in as byte arrays: no bundle to find at run time).
        .target(
            name: "TapedeckExport", dependencies: ["TapedeckCore", "TapedeckStore"],
            resources: [
                .embedInCode("HTML/replay.html"), .embedInCode("HTML/replay.css"), .embedInCode("HTML/replay.js"),
            ]
        ),
        // The only C: thin wrappers over ncurses' macros and globals. Linux links the wide build
        // (libncurses-dev); macOS's system libncurses is wide-capable as it is.
        .target(
            name: "CNCurses",
            cSettings: [.define("_XOPEN_SOURCE_EXTENDED", to: "1")],
            linkerSettings: [
                .linkedLibrary("ncursesw", .when(platforms: [.linux])),
                .linkedLibrary("tinfo", .when(platforms: [.linux])),
                .linkedLibrary("ncurses", .when(platforms: [.macOS])),
            ]
        ),
        // The replayer: pure Model/update/view plus one ncurses backend file.
        .target(name: "TapedeckTUI", dependencies: ["TapedeckCore", "CNCurses"]),
        .executableTarget(
            name: "tapedeck",
            dependencies: [
                "TapedeckCore",
                "TapedeckStore",
                "TapedeckPostgres",
                "TapedeckProxy",
                "TapedeckServe",
                "TapedeckExport",
                "TapedeckTUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // Benchmarks print figures; they are not tests. Run with `swift run -c release tapedeck-bench`.
        .executableTarget(
            name: "tapedeck-bench",
            dependencies: [
                "TapedeckCore",
                "TapedeckStore",
                "TapedeckPostgres",
                "TapedeckProxy",
                "TapedeckServe",
                "TapedeckTUI",
                "TapedeckTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Benchmarks/Sources/tapedeck-bench"
        ),
        // What tests and benches share: the repository root, the binary under test, one process runner and the
        // scripted NIO upstream and client. A library target so the bench can use it too; no product ships it.
        .target(
            name: "TapedeckTestSupport",
            dependencies: [
                "TapedeckCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "TapedeckCoreTests", dependencies: ["TapedeckCore", "TapedeckTestSupport"]),
        // Every store test runs against SQLite and PostgreSQL (Scripts/test.sh starts a server).
        .testTarget(
            name: "TapedeckStoreTests",
            dependencies: [
                "TapedeckStore", "TapedeckPostgres", "TapedeckCore", "TapedeckTestSupport", "TapedeckExport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "TapedeckProxyTests",
            dependencies: [
                "TapedeckProxy", "TapedeckServe", "TapedeckStore", "TapedeckCore", "TapedeckTestSupport",
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "TapedeckServeTests",
            dependencies: ["TapedeckServe", "TapedeckStore", "TapedeckCore", "TapedeckTestSupport"]
        ),
        .testTarget(
            name: "TapedeckExportTests",
            dependencies: ["TapedeckExport", "TapedeckStore", "TapedeckCore", "TapedeckTestSupport"]
        ),
        // Golden screens are read through #filePath, not as bundle resources.
        .testTarget(
            name: "TapedeckTUITests", dependencies: ["TapedeckTUI", "TapedeckCore", "TapedeckTestSupport"],
            exclude: ["Golden"]
        ),
        // Runs the built `tapedeck` binary as a user would: every command's process-level behaviour.
        .testTarget(
            name: "TapedeckCLITests",
            dependencies: [
                "TapedeckServe", "TapedeckStore", "TapedeckCore", "TapedeckTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
