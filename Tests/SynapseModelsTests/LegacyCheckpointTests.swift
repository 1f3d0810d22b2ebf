import Foundation
import Testing
import SynapseModels

extension DefaultGeneratorSuite {
    /// Checkpoints as older transformers versions and TensorFlow conversions wrote them.
    @Suite("Hugging Face directories: older checkpoints")
    struct LegacyCheckpointTests {
        /// A directory with `fixture`'s config and `state` as its `model.safetensors`, removed afterwards.
        func withDirectory(config fixture: String, state: StateDict, _ body: (URL) throws -> Void) throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-legacy-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try FileManager.default.copyItem(at: HFFixture.model(fixture).appendingPathComponent("config.json"),
                                             to: directory.appendingPathComponent("config.json"))
            try SafeTensors.save(state, to: directory.appendingPathComponent("model.safetensors"))
            try body(directory)
        }

        @Test("BERT with `embeddings.position_ids` and TensorFlow's LayerNorm.gamma/beta: extras reported, names mapped")
        func oldBert() throws {
            let original = try SafeTensors.load(from: HFFixture.model("bert").appendingPathComponent("model.safetensors"))
            var state = StateDict()
            for (key, tensor) in original {
                state[key.replacingOccurrences(of: "LayerNorm.weight", with: "LayerNorm.gamma")
                    .replacingOccurrences(of: "LayerNorm.bias", with: "LayerNorm.beta")] = tensor
            }
            state["embeddings.position_ids"] = Tensor.arange(40).unsqueeze(0)
            try withDirectory(config: "bert", state: state) { directory in
                let (bert, report) = try BertModel.fromPretrained(directory)
                #expect(report.unexpectedKeys == ["embeddings.position_ids"])
                #expect(report.renamedKeys.contains { $0 == ("embeddings.LayerNorm.gamma", "embeddings.LayerNorm.weight") })
                #expect(report.renamedKeys.count == 2 + 2 * 2 * 2)
                #expect(report.missingKeys.isEmpty)
                #expect(bert.embeddings.LayerNorm.weight!.equal(original["embeddings.LayerNorm.weight"]!))
                #expect("\(report)".contains("unexpected (ignored): embeddings.position_ids"))
            }
        }

        @Test("GPT-2 with the old `attn.bias` and `attn.masked_bias` buffers, base-model keys into the LM head model")
        func oldGPT2() throws {
            let original = try SafeTensors.load(from: HFFixture.model("gpt2").appendingPathComponent("model.safetensors"))
            var state = StateDict()
            for (key, tensor) in original { state[String(key.dropFirst("transformer.".count))] = tensor }
            state["h.0.attn.bias"] = Tensor.ones([1, 1, 64, 64])
            state["h.0.attn.masked_bias"] = Tensor(-1e4)
            try withDirectory(config: "gpt2", state: state) { directory in
                let (gpt2, report) = try GPT2LMHeadModel.fromPretrained(directory, mmap: true)
                #expect(report.unexpectedKeys == ["h.0.attn.bias", "h.0.attn.masked_bias"])
                #expect(report.tiedKeys == ["lm_head.weight"])
                #expect(report.missingKeys.isEmpty)
                let (reference, _) = try GPT2LMHeadModel.fromPretrained(HFFixture.model("gpt2"))
                for ((key, a), (_, b)) in zip(gpt2.stateDict(), reference.stateDict()) { #expect(a.equal(b), "\(key)") }
            }
        }
    }
}
