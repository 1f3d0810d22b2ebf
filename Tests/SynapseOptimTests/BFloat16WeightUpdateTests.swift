import Testing
import SynapseOptim

/// A bfloat16 linear layer's products reuse a packed copy of its weight (`PackedOperandCache`); after an optimiser
/// step or a `loadStateDict` the layer must compute with the new weight: the same bits as the functional product
/// with a fresh copy of it, which no cache has seen.
@Suite struct BFloat16WeightUpdateTests {
    static func layerAndInput(seed: UInt64) -> (Linear, Tensor) {
        let generator = Generator(seed: seed)
        let layer = Linear(96, 80, generator: generator).to(.bfloat16)
        return (layer, Tensor.rand([50, 96], generator: generator).to(.bfloat16))
    }

    /// The bits of `layer(x)` and of the same product with copies of the parameters.
    static func outputs(_ layer: Linear, _ x: Tensor) -> (layer: Tensor, fresh: Tensor) {
        noGrad {
            (layer(x), Functional.linear(x, weight: layer.weight.detach().clone(), bias: layer.bias?.detach().clone()))
        }
    }

    @Test func optimizerStepsReachTheProduct() {
        let (layer, x) = Self.layerAndInput(seed: 21)
        for _ in 0..<3 { _ = Self.outputs(layer, x) }  // the weight is packed and cached by now
        let before = Self.outputs(layer, x).layer
        let optimizer = SGD(layer.parameters(), lr: 0.5, momentum: 0.9)
        for step in 0..<3 {
            optimizer.zeroGrad()
            layer(x).to(.float32).square().sum().backward()
            optimizer.step()
            let (now, fresh) = Self.outputs(layer, x)
            #expect(now.equal(fresh), "step \(step)")
            #expect(!now.equal(before), "step \(step) changed the output")
            #expect(Self.outputs(layer, x).layer.equal(fresh), "step \(step), cached again")
        }
    }

    @Test func loadingAStateDictReachesTheProduct() throws {
        let (layer, x) = Self.layerAndInput(seed: 22)
        let (other, _) = Self.layerAndInput(seed: 23)
        for _ in 0..<3 { _ = Self.outputs(layer, x) }
        let before = Self.outputs(layer, x).layer
        try layer.loadStateDict(other.stateDict())
        let (now, fresh) = Self.outputs(layer, x)
        #expect(now.equal(fresh))
        #expect(now.equal(noGrad { other(x) }))
        #expect(!now.equal(before))
    }
}
