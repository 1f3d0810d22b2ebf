import Testing
@testable import SynapseTensor

/// The fused layer normalisation: gradients against finite differences (first order, and second order through
/// its differentiable backward), every combination of weight and bias, PyTorch's node name and messages. Values
/// against torch are checked by `NormalizationTests` (the `LayerNorm` module) and the transformer fixtures.
@Suite struct LayerNormalizationTests {
    @Test func gradientsMatchFiniteDifferences() {
        var values = TestValues(seed: 5)
        let x = values.leaf([3, 2, 4]), w = values.leaf([2, 4]), b = values.leaf([2, 4])
        #expect(gradcheck([x, w, b]) { $0[0].layerNorm(normalizedDimensions: 2, weight: $0[1], bias: $0[2], eps: 1e-5) } == nil)
        #expect(gradcheck([x, b]) { $0[0].layerNorm(normalizedDimensions: 2, weight: nil, bias: $0[1], eps: 1e-5) } == nil)
        #expect(gradcheck([x, w]) { $0[0].layerNorm(normalizedDimensions: 1, weight: $0[1][0], bias: nil, eps: 1e-3) } == nil)
        #expect(gradcheck([x]) { $0[0].layerNorm(normalizedDimensions: 3, weight: nil, bias: nil, eps: 1e-5) } == nil)
    }

    /// Second order through the differentiable backward: the gradient of `Σ (∂(Σ y²)/∂x)²` with respect to the
    /// weight equals the one through the composed formula `(x - mean) / √(var + eps) · w`.
    @Test func secondOrderGradientsMatchTheComposedFormula() {
        var values = TestValues(seed: 6)
        let x = values.leaf([2, 5]), w = values.leaf([5])
        func secondOrder(_ normalise: (Tensor) -> Tensor) -> [Double] {
            w.grad = nil
            let y = normalise(x)
            let first = Tensor.grad(outputs: [(y * y * y).sum()], inputs: [x], createGraph: true)[0]!
            (first * first).sum().backward()
            return w.grad!.toArray(of: Double.self)
        }
        let fused = secondOrder { $0.layerNorm(normalizedDimensions: 1, weight: w, bias: nil, eps: 1e-5) }
        let composed = secondOrder { input in
            let mean = input.mean(dims: [1], keepdim: true)
            let variance = input.variance(dims: [1], unbiased: false, keepdim: true)
            return (input - mean) * (variance + 1e-5).rsqrt() * w
        }
        #expect(zip(fused, composed).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) }, "\(fused) vs \(composed)")
    }

    @Test func isOneRecordedOperationAndChecksShapes() {
        let x = Tensor.rand([2, 3]).requiresGrad_()
        #expect(x.layerNorm(normalizedDimensions: 1, weight: nil, bias: nil, eps: 1e-5).gradFn?.name == "NativeLayerNormBackward0")
        let y = Tensor([[1.0, 2.0, 3.0]]).layerNorm(normalizedDimensions: 1, weight: nil, bias: nil, eps: 0)
        let expected: [Float] = [-1.2247449, 0, 1.2247449]   // (x - 2) / √(2/3)
        #expect(zip(y.toArray(of: Float.self), expected).allSatisfy { abs($0 - $1) < 1e-6 })
    }
}
