import Testing
import SynapseNN
import SynapseTensor

/// Recurrent layers and cells given inputs or settings PyTorch refuses stop with PyTorch's messages (each in a
/// child process; the expected texts are torch 2.15's, from `scripts/fixtures/recurrent.py`'s `misuse.json`,
/// where torch made the same mistakes).
@Suite struct RecurrentMisuseTests {
    static let messages: [String: String] = {
        struct File: Decodable { let messages: [String: String] }
        return FixtureFile.decode(File.self, "recurrent/misuse.json", generator: "recurrent.py").messages
    }()

    static func stopped(_ result: ExitTest.Result?, withTorchsMessage key: String) -> Bool {
        guard let expected = messages[key] else { return false }
        return String(decoding: result?.standardErrorContent ?? [], as: UTF8.self).contains(expected)
    }

    @Test func inputSize() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = RNN(10, 20, numLayers: 2)(Tensor.zeros([5, 3, 7]))
        }
        #expect(Self.stopped(result, withTorchsMessage: "input size"))
    }

    @Test func hiddenSize() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = RNN(10, 20, numLayers: 2)(Tensor.zeros([5, 3, 10]), Tensor.zeros([1, 3, 20]))
        }
        #expect(Self.stopped(result, withTorchsMessage: "hidden size"))
    }

    @Test func lstmHiddenStateSize() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LSTM(10, 20, numLayers: 2)(Tensor.zeros([5, 3, 10]), (Tensor.zeros([2, 2, 20]), Tensor.zeros([2, 3, 20])))
        }
        #expect(Self.stopped(result, withTorchsMessage: "lstm hidden[0] size"))
    }

    @Test func lstmCellStateSize() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LSTM(10, 20, numLayers: 2)(Tensor.zeros([5, 3, 10]), (Tensor.zeros([2, 3, 20]), Tensor.zeros([2, 3, 5])))
        }
        #expect(Self.stopped(result, withTorchsMessage: "lstm hidden[1] size"))
    }

    @Test func inputRank() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = RNN(10, 20, numLayers: 2)(Tensor.zeros([5, 3, 10, 1]))
        }
        #expect(Self.stopped(result, withTorchsMessage: "input rank"))
    }

    @Test func lstmInputRank() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LSTM(10, 20, numLayers: 2)(Tensor.zeros([10]))
        }
        #expect(Self.stopped(result, withTorchsMessage: "lstm input rank"))
    }

    @Test func batchedInputWithUnbatchedHiddenState() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = RNN(10, 20, numLayers: 2)(Tensor.zeros([5, 3, 10]), Tensor.zeros([3, 20]))
        }
        #expect(Self.stopped(result, withTorchsMessage: "batched hx rank"))
    }

    @Test func unbatchedInputWithBatchedStates() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LSTM(10, 20, numLayers: 2)(Tensor.zeros([5, 10]), (Tensor.zeros([2, 1, 20]), Tensor.zeros([2, 1, 20])))
        }
        #expect(Self.stopped(result, withTorchsMessage: "unbatched lstm hx rank"))
    }

    @Test func inputDType() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LSTM(10, 20, numLayers: 2)(Tensor.zeros([5, 3, 10], dtype: .float64))
        }
        #expect(Self.stopped(result, withTorchsMessage: "input dtype"))
    }

    @Test func projectionNotSmallerThanHidden() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LSTM(10, 20, projSize: 20)
        }
        #expect(Self.stopped(result, withTorchsMessage: "proj_size"))
    }

    @Test func noLayers() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = GRU(10, 20, numLayers: 0)
        }
        #expect(Self.stopped(result, withTorchsMessage: "num_layers"))
    }

    @Test func dropoutOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = GRU(10, 20, dropout: 1.5)
        }
        #expect(Self.stopped(result, withTorchsMessage: "dropout"))
    }

    @Test func cellInputSize() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LSTMCell(10, 20)(Tensor.zeros([3, 7]))
        }
        #expect(Self.stopped(result, withTorchsMessage: "cell input size"))
    }

    @Test func cellBatchSize() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = GRUCell(10, 20)(Tensor.zeros([3, 10]), Tensor.zeros([2, 20]))
        }
        #expect(Self.stopped(result, withTorchsMessage: "cell batch"))
    }

    @Test func cellHiddenSize() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LSTMCell(10, 20)(Tensor.zeros([3, 10]), (Tensor.zeros([3, 20]), Tensor.zeros([3, 5])))
        }
        #expect(Self.stopped(result, withTorchsMessage: "cell hidden size"))
    }

    @Test func cellInputRank() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = RNNCell(10, 20)(Tensor.zeros([3, 10, 1]))
        }
        #expect(Self.stopped(result, withTorchsMessage: "cell input rank"))
    }
}
