import Testing
@testable import SynapseNN
import SynapseTensor

/// ``TransformerEncoderLayer``'s inference path in bfloat16 (attention with `vdpbf16ps`, bias and ReLU in the
/// product's epilogue, residual and layer norm in one pass) against the regular bfloat16 forward and against the
/// same (bfloat16-rounded) weights in float64: odd sequence lengths, head widths 16, 32 and 64, masks causal,
/// padding (one sequence padded throughout), boolean and per head, batch first or not, post- and pre-norm.
@Suite struct BFloat16EncoderFastPathTests {
    struct Shape: CustomTestStringConvertible, Sendable {
        let width, heads: Int
        let batchFirst, normFirst: Bool
        var testDescription: String { "E \(width), H \(heads), batchFirst \(batchFirst), normFirst \(normFirst)" }
    }

    static let shapes = [Shape(width: 64, heads: 4, batchFirst: true, normFirst: false),
                         Shape(width: 64, heads: 2, batchFirst: false, normFirst: false),
                         Shape(width: 128, heads: 2, batchFirst: true, normFirst: true)]

    @Test("Within bfloat16 rounding of the regular forward and of float64, masks included", arguments: shapes)
    func matchesRegularAndFloat64(shape: Shape) {
        let (batch, sequence) = (3, 13)
        let generator = Generator(seed: UInt64(shape.width + shape.heads))
        let layer = TransformerEncoderLayer(dModel: shape.width, nhead: shape.heads, dimFeedforward: 2 * shape.width,
                                            dropout: 0, batchFirst: shape.batchFirst, normFirst: shape.normFirst,
                                            generator: generator)
        noGrad { for parameter in layer.parameters() where parameter.rank == 1 { parameter.normal_(generator: generator) } }
        layer.eval()
        layer.to(.bfloat16)
        let dims = shape.batchFirst ? [batch, sequence, shape.width] : [sequence, batch, shape.width]
        let x = Tensor.randn(dims, generator: generator).to(.bfloat16)
        let padding = Tensor.rand([batch, sequence], generator: generator) .< 0.3
        padding[1].fill_(1)  // every key of the second sequence ignored
        let causal = Transformer.generateSquareSubsequentMask(sequence).to(.bfloat16)
        let masks: [(String, Tensor?, Tensor?)] = [  // float masks in the layer's dtype, as PyTorch requires
            ("none", nil, nil), ("causal", causal, nil), ("padding", nil, padding), ("both", causal, padding),
            ("boolean", Tensor.rand([sequence, sequence], generator: generator) .< 0.2, nil),
            ("per head", Tensor.randn([batch * shape.heads, sequence, sequence], generator: generator).to(.bfloat16),
             padding),
        ]
        for (name, mask, keyPadding) in masks {
            let canonical = (mask.map { Functional.canonicalMask($0, name: "src_mask", dtype: .bfloat16) },
                             keyPadding.map { Functional.canonicalMask($0, name: "src_key_padding_mask", dtype: .bfloat16) })
            let fast = noGrad { layer.inferenceForward(x, mask: canonical.0, padding: canonical.1) }
            #expect(fast != nil, "\(name): the inference path was not taken")
            guard let fast else { continue }
            #expect(fast.dtype == .bfloat16)
            #expect(noGrad { layer(x, srcMask: mask, srcKeyPaddingMask: keyPadding) }.equal(fast), "\(name)")
            let regular = layer(x.detach().requiresGrad_(true), srcMask: mask, srcKeyPaddingMask: keyPadding).detach()
            // Layer-norm outputs are O(1) and bfloat16 keeps 8 bits; the paths round attention differently.
            #expect(TransformerEncoderFastPathTests.relativeError(fast, regular) <= 3e-2, "\(name) vs regular")
            layer.to(.float64)
            let wide = noGrad { layer(x.to(.float64), srcMask: mask.map { $0.dtype == .bool ? $0 : $0.to(.float64) },
                                      srcKeyPaddingMask: keyPadding) }
            layer.to(.bfloat16)
            let error = TransformerEncoderFastPathTests.relativeError(fast, wide)
            let regularError = TransformerEncoderFastPathTests.relativeError(regular, wide)
            // No further from float64 than the regular bfloat16 forward, give or take a bfloat16 ulp.
            #expect(error <= regularError + 1.0 / 128, "\(name): \(error) vs regular \(regularError)")
            #expect(!fast.to(.float32).isnan().any().item(as: Bool.self), "\(name): NaN")
        }
    }
}
