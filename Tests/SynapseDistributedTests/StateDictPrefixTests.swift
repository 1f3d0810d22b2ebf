import SynapseDistributed
import SynapseNN
import SynapseTensor
import Testing

/// `module.` keys of a DDP checkpoint and `consumePrefixInStateDictIfPresent`.
struct StateDictPrefixTests {
    @Test func prefixedKeysLoseThePrefixOthersStay() {
        var state: StateDict = ["module.0.weight": Tensor([1.0]), "module.0.bias": Tensor([2.0]), "step": Tensor([3.0])]
        consumePrefixInStateDictIfPresent(&state, prefix: "module.")
        #expect(Array(state.keys) == ["0.weight", "0.bias", "step"])
        #expect(state["0.bias"]?.toArray(of: Double.self) == [2.0])
    }

    @Test func aDDPCheckpointLoadsIntoTheBareModel() throws {
        let model = Sequential(Linear(2, 3), ReLU(), Linear(3, 1))
        let wrapped = Sequential(["module": model])   // the layout DistributedDataParallel has: one child, "module"
        var state = wrapped.stateDict()
        #expect(Array(state.keys) == ["module.0.weight", "module.0.bias", "module.2.weight", "module.2.bias"])
        consumePrefixInStateDictIfPresent(&state, prefix: "module.")
        let twin = Sequential(Linear(2, 3), ReLU(), Linear(3, 1))
        try twin.loadStateDict(state)
        #expect(twin[0, as: Linear.self].weight.toArray(of: Float.self) == model[0, as: Linear.self].weight.toArray(of: Float.self))
    }
}
