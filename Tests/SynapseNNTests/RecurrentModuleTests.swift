import Testing
import SynapseNN
import SynapseTensor

/// Recurrent layers as modules: hooks see their arguments, loaded (or assigned) parameters are the ones the next
/// forward uses, and the parameters are grouped per layer and direction as `all_weights` groups them.
@Suite struct RecurrentModuleTests {
    @Test func hooksSeeTheInputAndTheInitialStates() {
        let lstm = LSTM(3, 4, generator: Generator(seed: 1))
        var seen: [String] = []
        lstm.registerForwardPreHook(withArguments: { hooked, arguments in
            seen.append("\(hooked.typeName) \(arguments.labels)")
            #expect(arguments["hx", as: (Tensor, Tensor)?.self] != nil)
        })
        let states = (Tensor.zeros([1, 2, 4]), Tensor.zeros([1, 2, 4]))
        let (output, (hN, cN)) = lstm(Tensor.ones([5, 2, 3]), states)
        #expect(seen == ["LSTM [\"input\", \"hx\"]"])
        #expect(output.shape == [5, 2, 4] && hN.shape == [1, 2, 4] && cN.shape == [1, 2, 4])
    }

    @Test func assignedParametersAreTheOnesForwardUses() throws {
        let rnn = RNN(2, 3, numLayers: 2, generator: Generator(seed: 2))
        var zeros = StateDict()
        for (key, tensor) in rnn.stateDict() { zeros[key] = Tensor.zeros(tensor.shape) }
        try rnn.loadStateDict(zeros, assign: true)
        let (output, hN) = rnn(Tensor.ones([4, 1, 2]))
        #expect(output.toArray(of: Float.self).allSatisfy { $0 == 0 })
        #expect(hN.toArray(of: Float.self).allSatisfy { $0 == 0 })
        #expect(rnn.allWeights.flatMap { $0 }.allSatisfy { $0.requiresGrad })
    }

    @Test func allWeightsGroupsEachLayerAndDirection() {
        let lstm = LSTM(3, 6, numLayers: 2, bidirectional: true, projSize: 2, generator: Generator(seed: 3))
        #expect(lstm.allWeights.count == 4)
        #expect(lstm.allWeights.map { $0.map(\.shape) }[3] == [[24, 4], [24, 2], [24], [24], [2, 6]])
        #expect(lstm.flatWeightsNames.prefix(5) == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                                                    "weight_hr_l0"])
        #expect(lstm.mode == "LSTM")
    }

    @Test func evaluationModeDrawsNoDropoutMask() {
        let generator = Generator(seed: 4)
        let gru = GRU(2, 3, numLayers: 2, dropout: 0.5, generator: generator)
        _ = gru.eval()
        let before = Generator(seed: 4)
        _ = GRU(2, 3, numLayers: 2, dropout: 0.5, generator: before)
        _ = gru(Tensor.ones([3, 2, 2]))
        let next = Tensor.empty([3]).uniform_(generator: generator).toArray(of: Float.self)
        #expect(next == Tensor.empty([3]).uniform_(generator: before).toArray(of: Float.self))
    }
}
