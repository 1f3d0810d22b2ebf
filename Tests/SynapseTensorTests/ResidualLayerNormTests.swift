import Testing
import CSynapseKernels
@testable import SynapseTensor

/// `Tensor.addLayerNorm` (`synapse_add_layer_norm_rows_f32`, `…_bf16`): the residual sum and the layer norm in one pass give
/// the bits of the two operations apart, at every instruction-set level, on odd widths (one thread against two:
/// `NormalizationRowsTests`).
@Suite struct ResidualLayerNormTests {
    @Test("The fused residual layer norm equals an add then a layer norm, bit for bit, at every level",
          arguments: [1, 7, 16, 33, 384, 1000])
    func matchesAddThenLayerNorm(width: Int) {
        let generator = Generator(seed: UInt64(200 + width))
        let rows = 9
        let x = Tensor.randn([rows, width], generator: generator) * 3 + 1
        let residual = Tensor.randn([rows, width], generator: generator)
        let weight = Tensor.randn([width], generator: generator), bias = Tensor.randn([width], generator: generator)
        let sum = x + residual
        for level in VectorMath.supportedLevels {
            for (w, b) in [(weight, bias), (nil, bias), (weight, nil), (nil, nil)] as [(Tensor?, Tensor?)] {
                let (expected, _) = NormalizationRowsTests.layerNormRows(sum, weight: w, bias: b, level: level)
                let fused = x.addLayerNorm(residual, weight: w, bias: b, eps: 1e-5, level: Int32(level))
                #expect(fused.map { $0.equal(expected) } == true, "width \(width) level \(level)")
                // And against the float64 computation of the same formula.
                let wide = (x.to(.float64) + residual.to(.float64))
                    .layerNorm(normalizedDimensions: 1, weight: w?.to(.float64), bias: b?.to(.float64), eps: 1e-5)
                if let fused {
                    let problem = NormalizationRowsTests.problem(fused, wide, tolerance: 2e-5)
                    #expect(problem == nil, "width \(width) level \(level): \(problem ?? "")")
                }
            }
        }
        // The default level and leading dimensions: the public add and layer norm.
        let x3 = x.view([3, 3, width]), r3 = residual.view([3, 3, width])
        let viaAPI = (x3 + r3).layerNorm(normalizedDimensions: 1, weight: weight, bias: bias, eps: 1e-5)
        #expect(x3.addLayerNorm(r3, weight: weight, bias: bias, eps: 1e-5)?.equal(viaAPI) == true)
    }

    /// bfloat16: the sum rounded as the bfloat16 add rounds it, normalised in float32 with float32 parameters and
    /// rounded once, as the bfloat16 layer norm computes: the bits of the two bfloat16 operations, at every level.
    @Test("In bfloat16 the fused residual layer norm equals a bfloat16 add then layer norm, at every level",
          arguments: [1, 7, 33, 384, 1000])
    func bfloat16MatchesAddThenLayerNorm(width: Int) {
        let generator = Generator(seed: UInt64(300 + width))
        let rows = 9
        let x = (Tensor.randn([rows, width], generator: generator) * 3 + 1).to(.bfloat16)
        let residual = Tensor.randn([rows, width], generator: generator).to(.bfloat16)
        let weight = Tensor.randn([width], generator: generator).to(.bfloat16)
        let bias = Tensor.randn([width], generator: generator).to(.bfloat16)
        let sum = x + residual
        #expect(sum.dtype == .bfloat16)
        for level in VectorMath.supportedLevels {
            for (w, b) in [(weight, bias), (nil, bias), (nil, nil)] as [(Tensor?, Tensor?)] {
                let (wide, _) = NormalizationRowsTests.layerNormRows(sum.to(.float32), weight: w?.to(.float32),
                                                                     bias: b?.to(.float32), level: level)
                let fused = x.addLayerNorm(residual, weight: w, bias: b, eps: 1e-5, level: Int32(level))
                #expect(fused?.dtype == .bfloat16)
                #expect(fused.map { HalfPrecisionTests.raw($0) == HalfPrecisionTests.raw(wide.to(.bfloat16)) } == true,
                        "width \(width) level \(level)")
            }
        }
        let viaAPI = noGrad { sum.layerNorm(normalizedDimensions: 1, weight: weight, bias: bias, eps: 1e-5) }
        let fused = x.addLayerNorm(residual, weight: weight, bias: bias, eps: 1e-5)
        #expect(fused.map { HalfPrecisionTests.raw($0) == HalfPrecisionTests.raw(viaAPI) } == true)
        // Mixed dtypes are refused.
        #expect(x.addLayerNorm(residual.to(.float32), weight: nil, bias: nil, eps: 1e-5) == nil)
        #expect(x.addLayerNorm(residual, weight: weight.to(.float32), bias: nil, eps: 1e-5) == nil)
    }

    @Test("Operands the kernel doesn't take give nil")
    func refusesOtherOperands() {
        let generator = Generator(seed: 5)
        let x = Tensor.randn([4, 6], generator: generator), residual = Tensor.randn([4, 6], generator: generator)
        #expect(x.t().addLayerNorm(residual.t(), weight: nil, bias: nil, eps: 1e-5) == nil)
        #expect(x.addLayerNorm(residual.view([6, 4]), weight: nil, bias: nil, eps: 1e-5) == nil)
        #expect(x.to(.float64).addLayerNorm(residual.to(.float64), weight: nil, bias: nil, eps: 1e-5) == nil)
        #expect(x.addLayerNorm(residual, weight: Tensor.ones([5]), bias: nil, eps: 1e-5) == nil)
        let tracked = x.detach().requiresGrad_(true)
        #expect(tracked.addLayerNorm(residual, weight: nil, bias: nil, eps: 1e-5) == nil)
        #expect(noGrad { tracked.addLayerNorm(residual, weight: nil, bias: nil, eps: 1e-5) } != nil)
    }
}
