#!/usr/bin/env bash
# Hummingbird's share of a from-scratch debug build: builds two throwaway packages from scratch, one with the
# rest of tapedeck's stack and one with Hummingbird added, and prints the CPU time of each (CPU time, not wall
# time, so a busy machine still gives comparable figures). Takes 10-30 minutes on 2 cores.
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stack='.package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),'
products='.product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "Logging", package: "swift-log"),'
imports='import ArgumentParser; import GRDB; import NIOCore; import NIOPosix; import NIOHTTP1; import NIOSSL; import Logging'
for variant in without-hummingbird with-hummingbird; do
    dir="$work/$variant"
    mkdir -p "$dir/Sources/app"
    extraPackage=""; extraProduct=""; extraImport=""
    if [ "$variant" = with-hummingbird ]; then
        extraPackage='.package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),'
        extraProduct='.product(name: "Hummingbird", package: "hummingbird"),'
        extraImport='; import Hummingbird'
    fi
    cat > "$dir/Package.swift" <<PKG
// swift-tools-version:6.0
import PackageDescription
let package = Package(
    name: "app",
    dependencies: [
        $stack
        $extraPackage
    ],
    targets: [.executableTarget(name: "app", dependencies: [$products $extraProduct])]
)
PKG
    echo "$imports$extraImport; print(\"ok\")" > "$dir/Sources/app/main.swift"
    (cd "$dir" && swift package resolve >/dev/null)
    /usr/bin/time -f "$variant: wall %e s, user %U s, sys %S s" swift build --package-path "$dir" 2>&1 | tail -1
done
