import Foundation
import Testing
@testable import SynapseTensor

/// Element-wise ops, sums and matrix products on bfloat16/float16 tensors. Element-wise results must equal the
/// float32 reference path bit for bit (PyTorch's semantics: compute in float32, round the result once); bfloat16
/// products must stay within twice the error torch's own bfloat16 products show against float64
/// (`scripts/fixtures/half_precision.py`), on the AVX-512 BF16 kernel and on the float32 fallback.
@Suite struct HalfPrecisionTests {
    static let halfTypes: [DType] = [.bfloat16, .float16]

    /// Random values of `dtype` (odd length: several blocks and a tail), with some specials mixed in.
    static func sample(_ count: Int, _ dtype: DType, seed: UInt64, scale: Double = 3, specials: Bool = true) -> Tensor {
        var generator = SplitMix(seed: seed)
        var values = (0..<count).map { _ in (Double(generator.next() % 2_000_001) / 1_000_000 - 1) * scale }
        if specials { values[0] = 0; values[1] = -0.0; values[2] = .infinity; values[3] = .nan; values[4] = 1e-30 }
        return Tensor(flat: values, shape: [count]).to(dtype)
    }

    /// The raw 16-bit patterns of a half tensor (NaN patterns compared as such).
    static func raw(_ t: Tensor) -> [UInt16] {
        let c = t.contiguous()
        return c.dtype == .bfloat16 ? c.toArray(of: BFloat16.self).map(\.bitPattern)
                                    : c.toArray(of: Float16.self).map(\.bitPattern)
    }

    @Test(arguments: halfTypes) func binaryOpsMatchFloat32ThenRound(dtype: DType) {
        let a = Self.sample(5003, dtype, seed: 1), b = Self.sample(5003, dtype, seed: 2)
        let wa = a.to(.float32), wb = b.to(.float32)
        #expect(Self.raw(a + b) == Self.raw((wa + wb).to(dtype)))
        #expect(Self.raw(a - b) == Self.raw((wa - wb).to(dtype)))
        #expect(Self.raw(a * b) == Self.raw((wa * wb).to(dtype)))
        #expect(Self.raw(a / b) == Self.raw((wa / wb).to(dtype)))
        #expect(Self.raw(a.maximum(b)) == Self.raw(wa.maximum(wb).to(dtype)))
        #expect(Self.raw(a.minimum(b)) == Self.raw(wa.minimum(wb).to(dtype)))
        // 0-dim operands (a float32 one keeps its value: it computes in float32 unrounded, as in PyTorch).
        let single = Tensor.scalar(0.3, dtype: .float32), half = Tensor.scalar(0.3, dtype: dtype)
        #expect(Self.raw(a * single) == Self.raw((wa * single).to(dtype)))
        #expect(Self.raw(a - half) == Self.raw((wa - half.to(.float32)).to(dtype)))
        // A row broadcast over a matrix (a bias).
        let matrix = a[0..<5000].reshape([50, 100]), row = b[0..<100]
        #expect(Self.raw(matrix + row) == Self.raw((matrix.to(.float32) + row.to(.float32)).to(dtype)))
        #expect(Self.raw(matrix * row) == Self.raw((matrix.to(.float32) * row.to(.float32)).to(dtype)))
        let inPlace = a.clone()
        _ = inPlace.add_(b)
        #expect(Self.raw(inPlace) == Self.raw((wa + wb).to(dtype)))
    }

    @Test(arguments: halfTypes) func unaryOpsMatchFloat32ThenRound(dtype: DType) {
        let x = Self.sample(4099, dtype, seed: 3)
        let w = x.to(.float32)
        #expect(Self.raw(x.exp()) == Self.raw(w.exp().to(dtype)))
        #expect(Self.raw(x.tanh()) == Self.raw(w.tanh().to(dtype)))
        #expect(Self.raw(x.sigmoid()) == Self.raw(w.sigmoid().to(dtype)))
        #expect(Self.raw(x.gelu()) == Self.raw(w.gelu().to(dtype)))
        #expect(Self.raw(x.gelu(tanhApproximation: true)) == Self.raw(w.gelu(tanhApproximation: true).to(dtype)))
        #expect(Self.raw(x.relu()) == Self.raw(w.relu().to(dtype)))
        #expect(Self.raw(x.neg()) == Self.raw(w.neg().to(dtype)))
        #expect(Self.raw(x.abs().sqrt()) == Self.raw(w.abs().sqrt().to(dtype)))
    }

    /// Sums accumulate in float32 exactly as for the float32 copy (same blocks), then round once; large enough
    /// to be split across threads.
    @Test(arguments: halfTypes) func sumsAccumulateInFloat32(dtype: DType) {
        for count in [1, 1000, 600_001] {
            let finite = Self.sample(count, dtype, seed: 4, scale: 1, specials: false)
            let w = finite.to(.float32)
            #expect(Self.raw(finite.sum()) == Self.raw(w.sum().to(dtype)))
            #expect(Self.raw(finite.mean()) == Self.raw(w.mean().to(dtype)))
        }
        let matrix = Self.sample(64 * 33, dtype, seed: 5, scale: 1, specials: false).reshape([64, 33])
        let wide = matrix.to(.float32)
        #expect(Self.raw(matrix.sum(dim: 1)) == Self.raw(wide.sum(dim: 1).to(dtype)))
        #expect(Self.raw(matrix.mean(dim: 0)) == Self.raw(wide.mean(dim: 0).to(dtype)))
        // max/min are exact; the variance accumulates in double (at least as accurate as PyTorch's float32).
        #expect(Self.raw(matrix.max()) == Self.raw(wide.max().to(dtype)))
        #expect(Self.raw(matrix.min(dim: 0).values) == Self.raw(wide.min(dim: 0).values.to(dtype)))
        #expect(Self.raw(matrix.variance(dim: 1)) == Self.raw(wide.variance(dim: 1).to(.float64).to(dtype)))
    }

    // MARK: bfloat16 products

    struct MatmulCase: Decodable {
        let name: String, m: Int, k: Int, n: Int, linear: Bool
        let a: [UInt16], b: [UInt16], bias: [UInt16]?, output: [UInt16]
        let torch_max_error: Double, torch_mean_error: Double
    }

    struct MatmulFixture: Decodable { let torch: String; let cases: [MatmulCase] }

    static func bf16(_ bits: [UInt16], _ shape: [Int]) -> Tensor {
        Tensor(flat: bits.map { BFloat16(bitPattern: $0) }, shape: shape)
    }

    /// Max and mean of |c − ref| / Σ|a·b| (+|bias|) over the elements, ref the float64 product (torch's measure).
    static func errors(_ c: Tensor, _ a: Tensor, _ b: Tensor, _ bias: Tensor?) -> (max: Double, mean: Double) {
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        let x = a.toArray(of: BFloat16.self).map { Double($0.floatValue) }
        let y = b.contiguous().toArray(of: BFloat16.self).map { Double($0.floatValue) }
        let z = bias?.toArray(of: BFloat16.self).map { Double($0.floatValue) }
        let out = c.toArray(of: BFloat16.self).map { Double($0.floatValue) }
        var largest = 0.0, total = 0.0
        for i in 0..<m {
            for j in 0..<n {
                var reference = z?[j] ?? 0, scale = Swift.abs(z?[j] ?? 0)
                for p in 0..<k {
                    reference += x[i * k + p] * y[p * n + j]
                    scale += Swift.abs(x[i * k + p] * y[p * n + j])
                }
                let error = Swift.abs(out[i * n + j] - reference) / Swift.max(scale, 1e-30)
                largest = Swift.max(largest, error)
                total += error
            }
        }
        return (largest, total / Double(m * n))
    }

    static var kernelChoices: [Bool] { BFloat16Product.isSupported ? [true, false] : [false] }

    @Test(arguments: kernelChoices) func bfloat16ProductsWithinTorchError(kernel: Bool) throws {
        let fixture = try Fixtures.json(MatmulFixture.self, "ops/bf16_matmul.json")
        for c in fixture.cases {
            let a = Self.bf16(c.a, [c.m, c.k])
            let b = c.linear ? Self.bf16(c.b, [c.n, c.k]).t() : Self.bf16(c.b, [c.k, c.n])
            let bias = c.bias.map { Self.bf16($0, [c.n]) }
            let out = Tensor.empty([c.m, c.n], dtype: .bfloat16)
            if let bias { CopyKernel.copy(from: bias.expand([c.m, c.n]), into: out) }
            MatrixKernels.multiplyBFloat16(a, b, into: out, alpha: 1, beta: bias == nil ? 0 : 1, kernel: kernel)
            let error = Self.errors(out, a, b, bias)
            // Documented bound: no more than twice torch's own worst and mean error on the same inputs.
            #expect(error.max <= 2 * c.torch_max_error, "\(c.name) kernel \(kernel): max \(error.max)")
            #expect(error.mean <= 2 * c.torch_mean_error, "\(c.name) kernel \(kernel): mean \(error.mean)")
        }
    }

    /// The public entry points (`mm`, `addmm`, `matmul`) take the kernel when it exists, and both paths agree
    /// closely (they differ only in the order of the float32 additions).
    @Test func publicProductsUseTheBFloat16Path() {
        let a = Self.sample(37 * 70, .bfloat16, seed: 7, scale: 1, specials: false).reshape([37, 70])
        let w = Self.sample(45 * 70, .bfloat16, seed: 8, scale: 1, specials: false).reshape([45, 70])
        let bias = Self.sample(45, .bfloat16, seed: 9, scale: 1, specials: false)
        let product = Tensor.addmm(bias, a, w.t())
        #expect(product.dtype == .bfloat16)
        let fallback = Tensor.empty([37, 45], dtype: .bfloat16)
        CopyKernel.copy(from: bias.expand([37, 45]), into: fallback)
        MatrixKernels.multiplyBFloat16(a, w.t(), into: fallback, alpha: 1, beta: 1, kernel: false)
        let difference = (product.to(.float32) - fallback.to(.float32)).abs().max().item(as: Float.self)
        let magnitude = fallback.to(.float32).abs().max().item(as: Float.self)
        #expect(difference <= magnitude / 64)  // a couple of bfloat16 ulps at most
        #expect(a.mm(w.t()).shape == [37, 45])
    }

    /// Degenerate depths (k = 0 and 1: exact on both paths, so bit-identical) and a transposed left operand.
    @Test(arguments: kernelChoices) func edgeShapes(kernel: Bool) {
        for (m, k, n) in [(3, 1, 5), (3, 0, 5), (1, 1, 1), (9, 1, 40)] {
            let a = Self.sample(m * k, .bfloat16, seed: 10, scale: 2, specials: false).reshape([m, k])
            let b = Self.sample(k * n, .bfloat16, seed: 11, scale: 2, specials: false).reshape([k, n])
            let out = Tensor.empty([m, n], dtype: .bfloat16)
            MatrixKernels.multiplyBFloat16(a, b, into: out, alpha: 1, beta: 0, kernel: kernel)
            #expect(Self.raw(out) == Self.raw((a.to(.float32).mm(b.to(.float32))).to(.bfloat16)), "\(m)x\(k)x\(n)")
        }
        let aT = Self.sample(40 * 12, .bfloat16, seed: 12, scale: 1, specials: false).reshape([40, 12]).t()
        let b = Self.sample(40 * 33, .bfloat16, seed: 13, scale: 1, specials: false).reshape([40, 33])
        let out = Tensor.empty([12, 33], dtype: .bfloat16)
        MatrixKernels.multiplyBFloat16(aT, b, into: out, alpha: 1, beta: 0, kernel: kernel)
        let error = Self.errors(out, aT.contiguous(), b, nil)
        #expect(error.max <= 1.0 / 128)  // one rounding to bfloat16 (2^-8 relative) of float32 sums
    }
}
