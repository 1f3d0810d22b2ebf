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
        print("atomic save: \(killedMidway) writers killed midway, \(completed) completed; the target was whole every time")
    }
}
