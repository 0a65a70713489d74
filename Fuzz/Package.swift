// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets, built apart from the main package so a fuzz build compiles only what it fuzzes:
// TapedeckCore (a symlink to the real sources) and the importer files of TapedeckExport (symlinks; the
// importers need nothing from the store), none of the main package's dependencies.
// Build: swift build -c release -Xswiftc -sanitize=fuzzer (Scripts/fuzz.sh builds and runs them all).
// Each target's main.swift hands LLVMFuzzerTestOneInput to libFuzzer's driver (CLibFuzzer).
let fuzzTarget: (String, [Target.Dependency]) -> Target = { name, dependencies in
    .executableTarget(name: name, dependencies: dependencies + ["CLibFuzzer"])
}

let package = Package(
    name: "tapedeck-fuzz",
    platforms: [.macOS(.v14)],
    targets: [
        .target(name: "CLibFuzzer"),
        .target(name: "TapedeckCore"),
        .target(name: "TapedeckExport", dependencies: ["TapedeckCore"]),
        fuzzTarget("fuzz-sse-parser", ["TapedeckCore"]),
        fuzzTarget("fuzz-partial-json", ["TapedeckCore"]),
        fuzzTarget("fuzz-import-sse", ["TapedeckCore", "TapedeckExport"]),
        fuzzTarget("fuzz-import-jsonl", ["TapedeckCore", "TapedeckExport"]),
        fuzzTarget("fuzz-import-har", ["TapedeckCore", "TapedeckExport"]),
    ],
    swiftLanguageModes: [.v6]
)
