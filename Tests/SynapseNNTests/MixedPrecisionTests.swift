import Foundation
import SynapseTensor
import Testing
import SynapseNN

/// `autocast` (mixed precision) and bfloat16 inference of a whole model against torch's own bfloat16 error.
@Suite struct MixedPrecisionTests {
    /// The raw bits of a bfloat16 tensor.
    static func bits(_ t: Tensor) -> [UInt16] { t.contiguous().toArray(of: BFloat16.self).map(\.bitPattern) }

    /// Inside autocast a float32 Linear computes in bfloat16 from casts of its float32 weights: bit for bit the
    /// product of the cast operands. Outside, it is float32 again.
    @Test func linearComputesInTheLowPrecision() {
        let g = Generator(seed: 1)
        let layer = Linear(8, 4, generator: g)
        let x = Tensor.rand([5, 8], generator: g)
        let y = autocast(dtype: .bfloat16) { layer(x) }
        #expect(y.dtype == .bfloat16)
        let expected = Functional.linear(x.to(.bfloat16), weight: layer.weight.to(.bfloat16),
                                         bias: layer.bias!.to(.bfloat16))
        #expect(Self.bits(y) == Self.bits(expected))
        #expect(layer(x).dtype == .float32)
        let half = autocast(dtype: .float16) { x.matmul(layer.weight.t()) }
        #expect(half.dtype == .float16)
    }

    /// Gradients flow back through the casts to the float32 master weights, in float32, and are close to the
    /// float32 gradients (bfloat16 keeps 8 significant bits).
    @Test func gradientsReachFloat32MasterWeights() {
        let g = Generator(seed: 2)
        let layer = Linear(16, 8, generator: g)
        let x = Tensor.rand([32, 16], generator: g), target = Tensor.rand([32, 8], generator: g)
        let loss = autocast { Functional.mseLoss(layer(x), target) }
        #expect(loss.dtype == .float32)  // losses run in float32 under autocast
        loss.backward()
        let mixed = layer.weight.grad!
        #expect(mixed.dtype == .float32)
        layer.zeroGrad()
        Functional.mseLoss(layer(x), target).backward()
        let reference = layer.weight.grad!
        let error = (mixed - reference).abs().max().item()
        let magnitude = reference.abs().max().item()
        #expect(error <= magnitude * 0.02, "max error \(error) against max gradient \(magnitude)")
    }

    /// softmax, log-softmax and layer_norm of half-precision inputs run (and return) in float32 under autocast.
    @Test func float32PolicyOps() {
        let x = Tensor.rand([3, 10], generator: Generator(seed: 3)).to(.bfloat16)
        autocast {
            #expect(x.softmax(dim: -1).dtype == .float32)
            #expect(x.logSoftmax(dim: -1).dtype == .float32)
            #expect(x.layerNorm(normalizedDimensions: 1, weight: nil, bias: nil, eps: 1e-5).dtype == .float32)
            #expect(x.softmax(dim: -1).toArray(of: Float.self) == x.to(.float32).softmax(dim: -1).toArray(of: Float.self))
        }
        #expect(x.softmax(dim: -1).dtype == .bfloat16)
    }

    /// bfloat16 attention runs the fused kernel in float32 and rounds once: the float32 result of the same
    /// (bfloat16) inputs, rounded.
    @Test func bfloat16AttentionIsFloat32Rounded() {
        let g = Generator(seed: 4)
        let (q, k, v) = (Tensor.rand([2, 3, 5, 8], generator: g).to(.bfloat16),
                         Tensor.rand([2, 3, 7, 8], generator: g).to(.bfloat16),
                         Tensor.rand([2, 3, 7, 8], generator: g).to(.bfloat16))
        let half = noGrad { Functional.scaledDotProductAttention(q, k, v) }
        let wide = noGrad { Functional.scaledDotProductAttention(q.to(.float32), k.to(.float32), v.to(.float32)) }
        #expect(half.dtype == .bfloat16)
        #expect(Self.bits(half) == Self.bits(wide.to(.bfloat16)))
    }

    @Test func settingIsScopedAndNested() {
        #expect(autocastDType == nil)
        autocast(dtype: .float16) {
            #expect(autocastDType == .float16)
            autocast(enabled: false) { #expect(autocastDType == nil) }
            autocast(dtype: .bfloat16) { #expect(autocastDType == .bfloat16) }
            #expect(autocastDType == .float16)
        }
        #expect(autocastDType == nil)
    }

    struct EncoderFixture: Decodable {
        let output64: [Double]
        let torch_max_error: Double
        let torch_mean_error: Double
    }

    /// The encoder of `scripts/fixtures/half_precision.py` (same seed, so the same weights and input as torch's)
    /// converted with `.to(.bfloat16)`: its output's distance from torch's float64 output stays within twice the
    /// distance of torch's own bfloat16 model (max and mean).
    @Test func bfloat16EncoderWithinTorchError() {
        let fixture = FixtureFile.decode(EncoderFixture.self, "transformer/bf16_encoder.json",
                                         generator: "half_precision.py")
        func model() -> (TransformerEncoder, Tensor) {
            let g = Generator(seed: 0)
            let layer = TransformerEncoderLayer(dModel: 64, nhead: 4, dimFeedforward: 128, dropout: 0,
                                                batchFirst: true, generator: g)
            let encoder = TransformerEncoder(layer, numLayers: 2, enableNestedTensor: false)
            encoder.eval()
            return (encoder, Tensor.rand([2, 16, 64], generator: g))
        }
        let (encoder, x) = model()
        let output = noGrad { encoder.to(.bfloat16)(x.to(.bfloat16)) }
        #expect(output.dtype == .bfloat16)
        let values = output.to(.float64).toArray(of: Double.self)
        #expect(values.count == fixture.output64.count)
        let errors = zip(values, fixture.output64).map { Swift.abs($0 - $1) }
        let largest = errors.max() ?? .infinity, mean = errors.reduce(0, +) / Double(errors.count)
        #expect(largest <= 2 * fixture.torch_max_error, "max \(largest) vs torch \(fixture.torch_max_error)")
        #expect(mean <= 2 * fixture.torch_mean_error, "mean \(mean) vs torch \(fixture.torch_mean_error)")
        // And the float64 model is torch's float64 model (so the comparison above is of the same function).
        let (encoder64, x64) = model()
        let reference = noGrad { encoder64.to(.float64)(x64.to(.float64)) }.toArray(of: Double.self)
        let agreement = zip(reference, fixture.output64).map { Swift.abs($0 - $1) }.max() ?? .infinity
        #expect(agreement < 1e-9)
    }
}
