import Testing
@testable import SynapseNN
import SynapseTensor

/// ``TransformerEncoderLayer``'s inference path (eval, no gradient) against its regular forward (the same layer
/// recording a graph): the same outputs to 1e-6 relative, with and without masks, batch first or not, post- and
/// pre-norm, ReLU and GELU, and when whole rows are masked.
@Suite struct TransformerEncoderFastPathTests {
    struct Setting: CustomTestStringConvertible, Sendable {
        let batchFirst, normFirst: Bool
        let activation: TransformerActivation
        var testDescription: String {
            "batchFirst \(batchFirst), normFirst \(normFirst), \(activation.isGELU ? "gelu" : "relu")"
        }
    }

    static let settings = [false, true].flatMap { batchFirst in
        [false, true].flatMap { normFirst in
            [TransformerActivation.relu, .gelu].map { Setting(batchFirst: batchFirst, normFirst: normFirst, activation: $0) }
        }
    }

    /// `max |a - e| / max |e|`.
    static func relativeError(_ actual: Tensor, _ expected: Tensor) -> Double {
        (actual.to(.float64) - expected.to(.float64)).abs().max().item() / expected.to(.float64).abs().max().item()
    }

    @Test("The inference path gives the regular forward's outputs", arguments: settings)
    func matchesRegularForward(setting: Setting) {
        let (batch, sequence, width, heads) = (3, 7, 12, 3)
        let generator = Generator(seed: 17)
        let layer = TransformerEncoderLayer(dModel: width, nhead: heads, dimFeedforward: 20, dropout: 0.1,
                                            activation: setting.activation, batchFirst: setting.batchFirst,
                                            normFirst: setting.normFirst, generator: generator)
        // Non-zero biases, so that a bias added in the wrong place shows.
        noGrad { for parameter in layer.parameters() where parameter.rank == 1 { parameter.normal_(generator: generator) } }
        layer.eval()
        let shape = setting.batchFirst ? [batch, sequence, width] : [sequence, batch, width]
        let x = Tensor.randn(shape, generator: generator)
        let padding = Tensor.rand([batch, sequence], generator: generator) .< 0.3
        padding[1].fill_(1)  // every key of the second sequence ignored: its rows come out of the kernel as zeros
        let causal = Transformer.generateSquareSubsequentMask(sequence)
        let perHead = Tensor.randn([batch * heads, sequence, sequence], generator: generator)
        let masks: [(String, Tensor?, Tensor?)] = [
            ("none", nil, nil), ("causal", causal, nil), ("padding", nil, padding), ("both", causal, padding),
            ("boolean", Tensor.rand([sequence, sequence], generator: generator) .< 0.2, nil), ("per head", perHead, padding),
        ]
        for (name, mask, keyPadding) in masks {
            let regular = layer(x.detach().requiresGrad_(true), srcMask: mask, srcKeyPaddingMask: keyPadding).detach()
            let canonical = (mask.map { Functional.canonicalMask($0, name: "src_mask", dtype: .float32) },
                             keyPadding.map { Functional.canonicalMask($0, name: "src_key_padding_mask", dtype: .float32) })
            let fast = noGrad { layer.inferenceForward(x, mask: canonical.0, padding: canonical.1) }
            #expect(fast != nil, "\(name): the inference path was not taken")
            guard let fast else { continue }
            #expect(fast.shape == regular.shape)
            let error = Self.relativeError(fast, regular)
            #expect(error <= 1e-6, "\(name): relative error \(error)")
            // The public call under noGrad takes the same path.
            #expect(noGrad { layer(x, srcMask: mask, srcKeyPaddingMask: keyPadding) }.equal(fast), "\(name)")
        }
    }

    @Test("Training mode, gradients, hooks and other dtypes take the regular path")
    func regularPathWhenNeeded() {
        let layer = TransformerEncoderLayer(dModel: 8, nhead: 2, dimFeedforward: 16, batchFirst: true,
                                            generator: Generator(seed: 3))
        let x = Tensor.randn([2, 5, 8], generator: Generator(seed: 4))
        #expect(noGrad { layer.inferenceForward(x, mask: nil, padding: nil) } == nil)  // training
        layer.eval()
        #expect(noGrad { layer.inferenceForward(x, mask: nil, padding: nil) } != nil)
        #expect(layer.inferenceForward(x, mask: nil, padding: nil) == nil)  // parameters need gradients
        #expect(noGrad { layer.inferenceForward(x.to(.float64), mask: nil, padding: nil) } == nil)
        #expect(noGrad { layer.inferenceForward(x, mask: Tensor.zeros([4, 4]), padding: nil) } == nil)
        let handle = layer.linear1.registerForwardHook { _, _, _ in nil }
        #expect(noGrad { layer.inferenceForward(x, mask: nil, padding: nil) } == nil)
        handle.remove()
        #expect(noGrad { layer.inferenceForward(x, mask: nil, padding: nil) } != nil)
    }

    @Test("In bfloat16 the inference path stays within bfloat16 rounding of the regular forward")
    func bfloat16MatchesRegularForward() {
        let generator = Generator(seed: 21)
        let layer = TransformerEncoderLayer(dModel: 32, nhead: 4, dimFeedforward: 64, dropout: 0, batchFirst: true,
                                            generator: generator)
        layer.eval()
        layer.to(.bfloat16)
        let x = Tensor.randn([2, 9, 32], generator: generator).to(.bfloat16)
        let padding = Tensor.rand([2, 9], generator: generator) .< 0.3
        let mask = Functional.canonicalMask(padding, name: "src_key_padding_mask", dtype: .bfloat16)
        let fast = noGrad { layer.inferenceForward(x, mask: nil, padding: mask) }
        #expect(fast?.dtype == .bfloat16)
        let regular = layer(x.detach().requiresGrad_(true), srcKeyPaddingMask: padding).detach()
        // Layer-norm outputs are O(1); bfloat16 keeps 8 bits, and the two paths round the biases differently.
        if let fast { #expect(Self.relativeError(fast, regular) <= 3e-2) }
        let float32 = noGrad { layer.to(.float32)(x.to(.float32), srcKeyPaddingMask: padding) }
        if let fast { #expect(Self.relativeError(fast, float32) <= 3e-2) }
    }

    @Test("A two-layer encoder gives the same outputs on one and two threads")
    func encoderThreadCount() {
        let layer = TransformerEncoderLayer(dModel: 48, nhead: 4, dimFeedforward: 96, dropout: 0, batchFirst: true,
                                            generator: Generator(seed: 8))
        let encoder = TransformerEncoder(layer, numLayers: 2)
        encoder.eval()
        let x = Tensor.randn([4, 40, 48], generator: Generator(seed: 9))
        let previous = getNumThreads()
        defer { setNumThreads(previous) }
        setNumThreads(1)
        let single = noGrad { encoder(x) }
        setNumThreads(2)
        let two = noGrad { encoder(x) }
        #expect(single.equal(two))
        let regular = encoder(x.detach().requiresGrad_(true)).detach()
        #expect(Self.relativeError(two, regular) <= 1e-6)
    }
}

extension TransformerActivation {
    /// Whether this is `.gelu` (for test names).
    var isGELU: Bool { if case .gelu = self { true } else { false } }
}
