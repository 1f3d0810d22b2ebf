import Testing
import SynapseOptim

/// Saving and restoring an optimiser's state: resuming gives exactly the uninterrupted run, mismatched groups are
/// refused with PyTorch's wording and change nothing.
@Suite struct OptimizerStateDictTests {
    static func model(_ generator: Generator) -> Sequential<Module> {
        Sequential(Linear(3, 4, generator: generator), Tanh(), Linear(4, 1, generator: generator))
    }

    static func train(_ model: Sequential<Module>, _ optimizer: Adam, steps: Int, _ x: Tensor, _ y: Tensor) {
        for _ in 0..<steps {
            optimizer.zeroGrad()
            Functional.mseLoss(model(x), y).backward()
            optimizer.step()
        }
    }

    @Test func resumingFromAStateDictContinuesTheSameRun() throws {
        let generator = Generator(seed: 3)
        let x = Tensor.randn([8, 3], generator: generator), y = Tensor.randn([8, 1], generator: generator)
        let reference = Self.model(Generator(seed: 1))
        let referenceOptimizer = Adam(reference.parameters(), lr: 0.01, amsgrad: true)
        Self.train(reference, referenceOptimizer, steps: 10, x, y)
        // State dicts share memory with the live tensors, as PyTorch's do: copy them, as saving to a file would.
        let savedModel = StateDict(reference.stateDict().map { ($0.key, $0.value.clone()) })
        var savedOptimizer = referenceOptimizer.stateDict()
        savedOptimizer.state = savedOptimizer.state.mapValues { $0.mapValues { $0.clone() } }
        #expect(savedOptimizer.paramGroups.count == 1 && savedOptimizer.state.count == 4)
        Self.train(reference, referenceOptimizer, steps: 10, x, y)

        let resumed = Self.model(Generator(seed: 2))
        try resumed.loadStateDict(savedModel)
        let resumedOptimizer = Adam(resumed.parameters(), lr: 0.5)
        try resumedOptimizer.loadStateDict(savedOptimizer)
        #expect(resumedOptimizer.learningRates == [0.01] && resumedOptimizer.paramGroups[0].options.amsgrad)
        Self.train(resumed, resumedOptimizer, steps: 10, x, y)
        for (a, b) in zip(reference.parameters(), resumed.parameters()) { #expect(a.equal(b)) }
    }

    @Test func mismatchedGroupsAreRefusedAndChangeNothing() {
        let model = Self.model(Generator(seed: 1))
        let optimizer = SGD(model.parameters(), lr: 0.1, momentum: 0.9)
        let other = SGD(Array(model.parameters().prefix(2)), lr: 0.5)
        #expect(throws: OptimizerLoadError.groupSize(group: 0, expected: 4, found: 2)) {
            try optimizer.loadStateDict(other.stateDict())
        }
        var twoGroups = optimizer.stateDict()
        twoGroups.paramGroups.append(twoGroups.paramGroups[0])
        #expect(throws: OptimizerLoadError.groupCount(expected: 1, found: 2)) { try optimizer.loadStateDict(twoGroups) }
        #expect(optimizer.learningRates == [0.1])
        #expect(OptimizerLoadError.groupCount(expected: 1, found: 2).description.hasPrefix(
            "loaded state dict has a different number of parameter groups"))
    }
}
