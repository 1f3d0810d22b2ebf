import Foundation
import Testing
import SynapseModels

extension DefaultGeneratorSuite {
    /// Texts through the directories' tokenizers and models, against transformers with tokenizers.
    @Suite("Sentence embeddings and text generation from directories")
    struct PipelineTests {
        @Test("SentenceEmbedder: the texts' unit vectors equal sentence-transformers-style pooling in transformers")
        func embeddings() throws {
            let expected = HFFixture.expected.bert
            let embedder = try SentenceEmbedder(directory: HFFixture.model("bert"))
            let vectors = try embedder.embed(expected.texts)
            #expect(vectors.shape == [expected.texts.count, 32])
            #expect(HFFixture.maxDifference(vectors, expected.text_embeddings) <= 1e-5)
            let norms = vectors.norm(p: 2, dims: [1]).toArray(of: Float.self)
            #expect(norms.allSatisfy { abs($0 - 1) < 1e-5 })
            #expect(throws: PretrainedError.self) { try embedder.embed([]) }
        }

        @Test("TextGenerator: greedy text equals transformers' decoded output; the streamed pieces add up to it")
        func generation() throws {
            let expected = HFFixture.expected.gpt2
            let generator = try TextGenerator(directory: HFFixture.model("gpt2"))
            var pieces: [String] = []
            let text = try generator.generate(expected.text_prompt, options: GenerationOptions(maxNewTokens: 12)) {
                pieces.append($0)
            }
            #expect(text == expected.text_output)
            #expect(expected.text_prompt + pieces.joined() == text)
            #expect(!pieces.contains { $0.hasSuffix("\u{FFFD}") && $0 != pieces.last })
        }

        @Test("A directory without tokenizer.json says so")
        func missingTokenizer() throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-notok-\(UUID())")
            try FileManager.default.copyItem(at: HFFixture.model("gpt2-bin"), to: directory)
            defer { try? FileManager.default.removeItem(at: directory) }
            do {
                _ = try TextGenerator(directory: directory)  // gpt2-bin has no tokenizer.json
                Issue.record("loaded without a tokenizer")
            } catch {
                #expect("\(error)".contains("tokenizer.json"))
            }
        }
    }
}
