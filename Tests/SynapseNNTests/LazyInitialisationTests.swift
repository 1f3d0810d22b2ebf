import Testing
import SynapseNN

extension DefaultGeneratorSuite {
    /// Seed 003 §5.3 beyond what the tour prints (`SynapseTour` runs the snippets against torch's printout).
    @Suite struct LazyInitialisationTests {
        @Test func lazyLinearEqualsLinearFromTheSameSeed() {
            manualSeed(21)
            let eager = Linear(20, 6)
            manualSeed(21)
            let lazy = LazyLinear(6)
            _ = lazy(Tensor.zeros([1, 20]))
            #expect(lazy.weight.equal(eager.weight) && lazy.bias!.equal(eager.bias!))
            #expect(lazy.description == eager.description)
        }

        @Test func lazyLayerMaterialisesFromAStateDict() throws {
            let source = Linear(5, 3, generator: Generator(seed: 1))
            let lazy = LazyLinear(3)
            try lazy.loadStateDict(source.stateDict())
            #expect(lazy.isMaterialized && lazy.inFeatures == 5 && lazy.typeName == "Linear")
            #expect(lazy.weight.equal(source.weight) && lazy.bias!.equal(source.bias!))
            #expect(lazy.weight.requiresGrad && lazy.weight !== source.weight)
        }
    }
}
