import Foundation
import TapedeckTestSupport
import Testing

/// docs/architecture.md's module map names exactly the modules in Sources/ and the folders of Core, so the map
/// a new engineer reads first cannot drift from the code.
@Suite struct ArchitectureDocTests {
    static let root = Repository.root

    static func directories(_ path: String) throws -> Set<String> {
        let url = root.appendingPathComponent(path)
        return Set(
            try FileManager.default.contentsOfDirectory(atPath: url.path).filter { name in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(
                    atPath: url.appendingPathComponent(name).path, isDirectory: &isDirectory) && isDirectory.boolValue
            })
    }

    @Test func theModuleMapNamesEveryModuleAndEveryCoreFolder() throws {
        let doc = try String(contentsOf: Self.root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        let map = try #require(doc.components(separatedBy: "```").dropFirst().first, "no module map block")
        var modules: Set<String> = []
        var folders: Set<String> = []
        for line in map.split(separator: "\n") {
            let words = line.split(whereSeparator: { " │├└─".contains($0) })
            guard let first = words.first else { continue }
            if line.contains("├──") || line.contains("└──") { modules.insert(String(first)) }
            if first.hasSuffix("/"), line.hasPrefix("        ") { folders.insert(String(first.dropLast())) }
        }
        modules.insert("tapedeck")  // the map's root line
        #expect(modules == (try Self.directories("Sources")), "modules in the map vs Sources/")
        #expect(
            folders == (try Self.directories("Sources/TapedeckCore")),
            "Core folders in the map vs Sources/TapedeckCore/")
    }
}
