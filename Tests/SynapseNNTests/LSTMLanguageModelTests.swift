import Testing
import SynapseNN
import SynapseOptim
import SynapseTensor

/// The proof of issue 18's recurrent layers: a small LSTM language model (Embedding → LSTM with 2 layers and
/// dropout → Linear), float64, trained with Adam for 50 steps on packed variable-length batches, loses exactly
/// what its torch twin loses (`scripts/fixtures/recurrent.py`, `language_model.json`): same seed, same initial
/// weights, same dropout masks, losses and final weights within 1e-9.
@Suite struct LSTMLanguageModelTests {
    struct Fixture: Decodable, Sendable {
        let vocab, embed, hidden, layers, steps: Int
        let dropout, lr: Double
        let seed: UInt64
        let batches: [[[Int64]]]
        let initial: [String: [Double]]
        let losses: [Double]
        let final: [String: [Double]]
    }

    static let fixture = FixtureFile.decode(Fixture.self, "recurrent/language_model.json", generator: "recurrent.py")

    /// The model; its three layers draw from one generator in torch's order, and the LSTM draws its dropout masks
    /// from it too.
    final class LanguageModel: Module {
        let embedding: Embedding
        let lstm: LSTM
        let head: Linear

        init(_ f: Fixture, generator: Generator) {
            embedding = Embedding(f.vocab, f.embed, dtype: .float64, generator: generator)
            lstm = LSTM(f.embed, f.hidden, numLayers: f.layers, batchFirst: true, dropout: f.dropout, dtype: .float64,
                        generator: generator)
            head = Linear(f.hidden, f.vocab, dtype: .float64, generator: generator)
            super.init()
        }

        /// The mean cross-entropy of predicting each next token of `sequences`, run as one packed batch.
        func loss(_ sequences: [[Int64]]) -> Tensor {
            let padded = RNNUtilities.padSequence(sequences.map { Tensor($0) }, batchFirst: true)
            let lengths = sequences.map { $0.count - 1 }
            let steps = padded.shape[1] - 1
            let inputs = padded[.all, 0..<steps], targets = padded[.all, 1...]
            let packed = RNNUtilities.packPaddedSequence(embedding(inputs), lengths: lengths, batchFirst: true,
                                                         enforceSorted: false)
            let (output, _) = lstm(packed)
            let target = RNNUtilities.packPaddedSequence(targets, lengths: lengths, batchFirst: true,
                                                         enforceSorted: false).data
            return Functional.crossEntropy(head(output.data), target)
        }
    }

    @Test func trainsToTorchsLosses() {
        let f = Self.fixture
        let model = LanguageModel(f, generator: Generator(seed: f.seed))
        #expect(model.embedding.weight.toArray(of: Double.self) == f.initial["embedding.weight"])
        #expect(model.head.weight.toArray(of: Double.self) == f.initial["head.weight"])
        let optimizer = Adam(model.parameters(), lr: f.lr)
        var losses: [Double] = []
        for step in 0..<f.steps {
            let loss = model.loss(f.batches[step % f.batches.count])
            optimizer.zeroGrad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        }
        #expect(losses.count == f.losses.count)
        for (step, (loss, expected)) in zip(losses, f.losses).enumerated() {
            #expect(abs(loss - expected) <= 1e-9, "step \(step): \(loss) vs torch's \(expected)")
        }
        let state = model.stateDict()
        #expect(Set(state.keys) == Set(f.final.keys))
        for (key, expected) in f.final {
            let actual = state[key]?.toArray(of: Double.self) ?? []
            #expect(actual.count == expected.count
                && zip(actual, expected).allSatisfy { abs($0 - $1) <= 1e-9 }, "final \(key)")
        }
    }
}
