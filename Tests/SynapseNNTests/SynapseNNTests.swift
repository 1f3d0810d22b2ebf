import Testing
import SynapseNN

/// The module target re-exports the tensor target.
@Test func tensorTypesAreVisibleThroughSynapseNN() {
    #expect(Tensor.zeros([2]).shape == [2])
}
