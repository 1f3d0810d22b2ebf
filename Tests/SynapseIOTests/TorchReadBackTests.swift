import Foundation
import Testing
@testable import SynapseIO

/// Files Synapse writes are read by torch (`weights_only=True`) and by safetensors with equal values and ties:
/// `scripts/readback/torch_reads_synapse.py` checks them whenever a Python with torch is found
/// (`SYNAPSE_TORCH_PYTHON`, else `python3`). CI has no torch, so there the files are only written and read back
/// by Synapse; the script's latest output is recorded in `Tests/README.md`.
@Suite struct TorchReadBackTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Writes every fixture again with Synapse into a fresh folder.
    static func writeFiles() throws -> URL {
        let folder = SafeTensorsBadInputTests.directory.appendingPathComponent("readback-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in TorchFixtures.expected.keys.sorted() {
            let value = try load(from: TorchFixtures.directory.appendingPathComponent(name))
            let stem = name.hasSuffix(".pt") ? String(name.dropLast(3)) : name
            try save(value, to: folder.appendingPathComponent(stem + ".pt"))
            if let state = try? value.stateDict() {
                try save(state, to: folder.appendingPathComponent(stem + ".safetensors"))
            }
        }
        try writeTrainingCheckpoint(to: folder)
        let nested = try load(from: TorchFixtures.directory.appendingPathComponent("nested.pt"))
        try Data(try TorchZipWriter.encode(nested, folder: "nested.zip64", zip64Threshold: 16))
            .write(to: folder.appendingPathComponent("nested.zip64.pt"))
        return folder
    }

    /// A training run saved by Synapse for torch to resume: Linear(3, 2), Adam, StepLR after 3 steps
    /// (`synapse_resume.pt`), and the parameters and rate Synapse reaches one step later
    /// (`synapse_resume_expected.pt`), which torch must reach from the checkpoint.
    static func writeTrainingCheckpoint(to folder: URL) throws {
        let model = Linear(3, 2, generator: Generator(seed: 11))
        let adam = Adam(model.parameters(), lr: 0.05)
        let schedule = StepLR(adam, stepSize: 2, gamma: 0.5)
        func trainingStep() {
            adam.zeroGrad()
            model(Tensor.ones([4, 3]) * 0.5).pow(2).sum().backward()
            adam.step()
            schedule.step()
        }
        for _ in 0..<3 { trainingStep() }
        try save(["model": .init(model.stateDict()), "optimizer": .init(adam.stateDict()),
                  "scheduler": .init(schedule.stateDict()), "epoch": 3], to: folder.appendingPathComponent("synapse_resume.pt"))
        trainingStep()
        try save(["weight": .init(model.weight.detach().clone()), "bias": .init(model.bias!.detach().clone()),
                  "lr": .double(adam.learningRates[0])], to: folder.appendingPathComponent("synapse_resume_expected.pt"))
    }

    /// A Python that imports torch and safetensors, or `nil`.
    static func torchPython() -> String? {
        let candidate = ProcessInfo.processInfo.environment["SYNAPSE_TORCH_PYTHON"] ?? "python3"
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = [candidate, "-c", "import torch, safetensors"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return nil }
        probe.waitUntilExit()
        return probe.terminationStatus == 0 ? candidate : nil
    }

    @Test func torchReadsWhatSynapseWrites() throws {
        let folder = try Self.writeFiles()
        // Synapse itself reads every file back the same (this part runs everywhere).
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path)
        where file.hasSuffix(".pt") && !file.hasPrefix("synapse_") {
            let original = file.hasSuffix(".zip64.pt") ? "nested.pt"
                : TorchFixtures.expected.keys.first { $0 == file || $0 == String(file.dropLast(3)) }!
            let value = try load(from: folder.appendingPathComponent(file))
            #expect(CheckpointDescription.differences(value, TorchFixtures.expected[original]!).isEmpty, "\(file)")
        }
        guard let python = Self.torchPython() else { return }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = [python, Self.root.appendingPathComponent("scripts/readback/torch_reads_synapse.py").path, folder.path]
        let output = Pipe()
        check.standardOutput = output
        check.standardError = output
        try check.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        check.waitUntilExit()
        print(text)
        #expect(check.terminationStatus == 0, "\(text)")
    }
}
