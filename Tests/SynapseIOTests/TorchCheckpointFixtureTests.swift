import Foundation
import Testing
import SynapseIO

/// The committed files of `Tests/Fixtures/torch/` (`scripts/fixtures/torch_checkpoints.py`).
enum TorchFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/torch")
    nonisolated(unsafe) static let expected = CheckpointDescription.json(directory.appendingPathComponent("expected.json"))["files"] as! [String: Any]
    static let hostile = CheckpointDescription.json(directory.appendingPathComponent("hostile.json"))["files"] as! [String: String]
}

/// Files written by `torch.save` (zip and legacy) read with every value, layout, tie and parameter as torch reads
/// them; hostile files refused with an error that says why.
@Suite struct TorchCheckpointFixtureTests {
    @Test(arguments: TorchFixtures.expected.keys.sorted())
    func readsWhatTorchWrote(_ name: String) throws {
        let value = try load(from: TorchFixtures.directory.appendingPathComponent(name))
        let differences = CheckpointDescription.differences(value, TorchFixtures.expected[name]!)
        #expect(differences.isEmpty, "\(differences.prefix(5))")
    }

    @Test(arguments: TorchFixtures.hostile.keys.sorted())
    func refusesHostileFiles(_ name: String) throws {
        let error = try #require(throws: CheckpointError.self) {
            try load(from: TorchFixtures.directory.appendingPathComponent(name))
        }
        #expect(error.description.contains(TorchFixtures.hostile[name]!), "\(error)")
    }

    @Test func seedSnippetsLoadIntoAClone() throws {
        // Seed 003 §5.5: torch.save(net.state_dict(), 'mlp.params'); clone.load_state_dict(torch.load('mlp.params'))
        let clone = Sequential(Linear(20, 8, generator: Generator(seed: 1)), ReLU(), Linear(8, 2, generator: Generator(seed: 2)))
        try clone.load(from: TorchFixtures.directory.appendingPathComponent("mlp.params"))
        let stored = try load(from: TorchFixtures.directory.appendingPathComponent("mlp.params")).stateDict()
        for (key, tensor) in clone.stateDict() {
            #expect(tensor.toArray(of: Float.self) == stored[key]!.toArray(of: Float.self), "\(key)")
        }
        let x = try load(from: TorchFixtures.directory.appendingPathComponent("x-file")).tensor()
        #expect(x.toArray(of: Int64.self) == [0, 1, 2, 3])
        let pair = try load(from: TorchFixtures.directory.appendingPathComponent("x-files")).tensors()
        #expect(pair.count == 2 && pair[1].toArray(of: Float.self) == [0, 0, 0, 0])
        let dictionary = try load(from: TorchFixtures.directory.appendingPathComponent("mydict")).tensorDictionary()
        #expect(dictionary.keys.sorted() == ["x", "y"])
    }

    @Test func tiedParametersComeBackSharingMemory() throws {
        let state = try load(from: TorchFixtures.directory.appendingPathComponent("tied_model.pt")).stateDict()
        let (enc, dec) = (state["enc.weight"]!, state["dec.weight"]!)
        #expect(enc.storage === dec.storage)
        enc.fill_(7)
        #expect(dec.toArray(of: Float.self).allSatisfy { $0 == 7 })
    }

    @Test func mappedTensorsAreCopyOnWrite() throws {
        let url = TorchFixtures.directory.appendingPathComponent("x-files")
        let before = try Data(contentsOf: url)
        let tensors = try load(from: url).tensors()
        tensors[1].fill_(42)
        #expect(try Data(contentsOf: url) == before)
    }
}

/// `print(load(...))` shows what `print(torch.load(...))` shows.
@Suite struct CheckpointValuePrintingTests {
    nonisolated(unsafe) static let reprs = CheckpointDescription.json(TorchFixtures.directory.appendingPathComponent("reprs.json"))

    @Test(arguments: reprs.keys.sorted())
    func printsAsPythonPrintsIt(_ name: String) throws {
        let value = try load(from: TorchFixtures.directory.appendingPathComponent(name))
        #expect(value.description == Self.reprs[name] as? String)
    }
}
