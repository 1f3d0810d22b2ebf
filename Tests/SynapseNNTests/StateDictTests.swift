import Testing
import SynapseNN

/// ``StateDict`` as an ordered dictionary: order, replacement in place, removal, copies that don't share changes,
/// and PyTorch's printouts.
@Suite struct StateDictTests {
    @Test func keepsInsertionOrderAndReplacesInPlace() {
        var state: StateDict = ["a": Tensor([1.0]), "b": Tensor([2.0])]
        state["c"] = Tensor([3.0])
        state["a"] = Tensor([4.0])
        #expect(Array(state.keys) == ["a", "b", "c"])
        #expect(state["a"]!.item() == 4)
        state["b"] = nil
        #expect(Array(state.keys) == ["a", "c"])
        #expect(state["c"]!.item() == 3 && state["b"] == nil && !state.contains("b"))
        state["b"] = Tensor([5.0])
        #expect(Array(state.keys) == ["a", "c", "b"] && state["b"]!.item() == 5)
        #expect(state.description == "OrderedDict([('a', tensor([4.])), ('c', tensor([3.])), ('b', tensor([5.]))])")
        #expect(state.keys.description == "odict_keys(['a', 'c', 'b'])")
        #expect(StateDict().description == "OrderedDict()")
    }

    @Test func copiesAreIndependentAfterLookups() {
        var original: StateDict = ["x": Tensor([1.0])]
        #expect(original["x"] != nil)                    // builds the shared index
        var copy = original
        copy["y"] = Tensor([2.0])
        original["z"] = Tensor([3.0])
        #expect(copy["y"] != nil && copy["z"] == nil)
        #expect(original["z"] != nil && original["y"] == nil)
        #expect(Array(copy.keys) == ["x", "y"] && Array(original.keys) == ["x", "z"])
    }

    @Test func manyKeysAreFoundAfterAppends() {
        var state = StateDict()
        for index in 0..<1_000 { state["\(index).weight"] = Tensor([Double(index)]) }
        #expect(state["999.weight"]!.item() == 999)
        for index in 1_000..<1_100 { state["\(index).weight"] = Tensor([Double(index)]) }
        #expect(state["1099.weight"]!.item() == 1099 && state["500.weight"]!.item() == 500)
        #expect(state.count == 1_100)
    }
}
