import Foundation
import Testing
import SynapseIO
#if canImport(Glibc)
import Glibc
#endif

/// A writer killed at a random moment of a save (`synapse convert`, SIGKILL) leaves the target either as it was or
/// completely written — never a torn file.
@Suite struct AtomicSaveKillTests {
    /// The `synapse` executable built next to the test bundle.
    static let tool = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("synapse")

    @Test func killingTheWriterNeverTearsTheFile() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.tool.path), "swift build should have built \(Self.tool.path)")
        let folder = SafeTensorsBadInputTests.directory.appendingPathComponent("kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let big = Tensor.rand([16, 1024, 1024], generator: Generator(seed: 3))   // 64 MB
        let input = folder.appendingPathComponent("input.pt"), target = folder.appendingPathComponent("target.pt")
        try save(["weight": big], to: input)
        let old = Tensor([1.0, 2.0, 3.0])
        var killedMidway = 0, completed = 0
        for attempt in 0..<12 {
            try save(["weight": old], to: target)
            let writer = Process()
            writer.executableURL = Self.tool
            writer.arguments = ["convert", input.path, target.path]
            writer.standardOutput = FileHandle.nullDevice
            try writer.run()
            usleep(UInt32(attempt * 40_000 + Int.random(in: 0..<40_000)))
            if writer.isRunning {
                kill(writer.processIdentifier, SIGKILL)
                killedMidway += 1
            }
            writer.waitUntilExit()
            let weight = try load(from: target).stateDict()["weight"]!
            if weight.shape == [3] {
                #expect(weight.toArray(of: Float.self) == [1, 2, 3], "attempt \(attempt): the old file changed")
            } else {
                #expect(weight.shape == big.shape && weight.equal(big), "attempt \(attempt): a torn file")
                completed += 1
            }
        }
        #expect(killedMidway > 0, "no writer was killed before it finished; the test proved nothing")
        // The killed writers' temporaries are removed by the next save into the folder.
        try save(["weight": old], to: target)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "temporaries left: \(leftovers)")
        print("atomic save: \(killedMidway) writers killed midway, \(completed) completed; the target was whole every time")
    }
}

/// Saves behave like a careful tool: permissions kept, symbolic links written through, stale temporaries of dead
/// writers removed while a live writer's are left alone.
@Suite struct CarefulSaveTests {
    static func folder() throws -> URL {
        let folder = SafeTensorsBadInputTests.directory.appendingPathComponent("save-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func overwritingKeepsTheTargetsPermissions() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("private.pt")
        try save(["w": Tensor([1.0])], to: target)
        chmod(target.path, 0o600)
        try save(["w": Tensor([2.0])], to: target)
        let mode = try FileManager.default.attributesOfItem(atPath: target.path)[.posixPermissions] as! Int
        #expect(mode == 0o600)
        #expect(try load(from: target).stateDict()["w"]!.toArray(of: Float.self) == [2])
    }

    @Test func aSymbolicLinkIsWrittenThrough() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let real = folder.appendingPathComponent("real.safetensors"), link = folder.appendingPathComponent("link.safetensors")
        try save(["w": Tensor([1.0])], to: real)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        try save(["w": Tensor([3.0])], to: link)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == real.path)
        #expect(try load(from: real).stateDict()["w"]!.toArray(of: Float.self) == [3])
    }

    @Test func staleTemporariesOfDeadWritersAreRemovedAndLiveOnesKept() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let dead = folder.appendingPathComponent(".model.pt.\(finished.processIdentifier).12345.tmp")
        let live = folder.appendingPathComponent(".model.pt.\(getpid()).67890.tmp")
        let unrelated = folder.appendingPathComponent(".other.pt.\(finished.processIdentifier).1.tmp")
        for file in [dead, live, unrelated] { _ = FileManager.default.createFile(atPath: file.path, contents: Data([1])) }
        try save(["w": Tensor([1.0])], to: folder.appendingPathComponent("model.pt"))
        #expect(!FileManager.default.fileExists(atPath: dead.path))
        #expect(FileManager.default.fileExists(atPath: live.path))
        #expect(FileManager.default.fileExists(atPath: unrelated.path))
    }
}
