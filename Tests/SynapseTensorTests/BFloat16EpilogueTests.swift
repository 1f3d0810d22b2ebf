@testable import SynapseTensor
import Testing

/// The bfloat16 product's epilogue (`bf16_gemm.c`): a bias added to the float32 sums gives the bits of the bias
/// rows written into the output first and accumulated (what `addmm` did before), ReLU there the bits of ReLU after
/// the rounded product; the packed-weight cache and thread counts change nothing.
@Suite struct BFloat16EpilogueTests {
    /// `a·b` with the bias rows copied into the output and accumulated (the composed path).
    static func accumulated(_ a: Tensor, _ b: Tensor, bias: Tensor) -> Tensor {
        let out = Tensor.empty([a.shape[0], b.shape[1]], dtype: .bfloat16)
        CopyKernel.copy(from: bias.expand(out.shape), into: out)
        BFloat16Product.multiply(a, b, into: out, accumulate: true)
        return out
    }

    /// `a·b + bias` (then ReLU) in the epilogue.
    static func epilogue(_ a: Tensor, _ b: Tensor, bias: Tensor, relu: Bool) -> Tensor {
        let out = Tensor.empty([a.shape[0], b.shape[1]], dtype: .bfloat16)
        BFloat16Product.multiply(a, b, into: out, accumulate: false, bias: bias, relu: relu)
        return out
    }

    @Test("Bias and ReLU in the epilogue give the bits of the composed operations, on odd shapes")
    func epilogueBits() {
        guard BFloat16Product.isSupported else { return }
        for (index, (m, k, n)) in [(1, 1, 1), (3, 31, 33), (33, 65, 127), (70, 130, 97), (9, 384, 1536)].enumerated() {
            let seed = UInt64(10 * index)
            let a = BFloat16ProductTests.matrix(m, k, seed: seed)
            let weight = BFloat16ProductTests.matrix(n, k, seed: seed + 1)
            let bias = BFloat16ProductTests.matrix(1, n, seed: seed + 2).reshape([n]) * 3
            let expected = Self.accumulated(a, weight.t(), bias: bias)
            for _ in 0..<3 {  // on the fly, then packed into the cache, then from it
                #expect(HalfPrecisionTests.raw(Self.epilogue(a, weight.t(), bias: bias, relu: false))
                        == HalfPrecisionTests.raw(expected), "\(m)x\(k)x\(n)")
                #expect(HalfPrecisionTests.raw(Self.epilogue(a, weight.t(), bias: bias, relu: true))
                        == HalfPrecisionTests.raw(expected.relu()), "\(m)x\(k)x\(n) relu")
            }
        }
    }

    /// `linearReLU` and a bfloat16 `addmm` with a bias against the composed operations; NaN stays NaN.
    @Test func linearAndAddmm() throws {
        guard BFloat16Product.isSupported else { return }
        let x = BFloat16ProductTests.matrix(37, 48, seed: 1)
        let weight = BFloat16ProductTests.matrix(40, 48, seed: 2), bias = BFloat16ProductTests.matrix(1, 40, seed: 3)
            .reshape([40])
        let composed = Self.accumulated(x, weight.t(), bias: bias)
        #expect(HalfPrecisionTests.raw(Tensor.addmm(bias, x, weight.t())) == HalfPrecisionTests.raw(composed))
        let fused = try #require(Tensor.linearReLU(x, weight: weight, bias: bias))
        #expect(HalfPrecisionTests.raw(fused) == HalfPrecisionTests.raw(composed.relu()))
        let poisoned = bias.clone()
        poisoned[3].fill_(Double.nan)
        let withNaN = try #require(Tensor.linearReLU(x, weight: weight, bias: poisoned))
        #expect(withNaN[.all, 3].isnan().all().item(as: Bool.self))
        #expect(Tensor.linearReLU(x.to(.float32), weight: weight.to(.float32), bias: bias.to(.float32)) == nil)
    }

    @Test("One thread and two threads give the same bits")
    func threadCounts() {
        guard BFloat16Product.isSupported else { return }
        let a = BFloat16ProductTests.matrix(300, 384, seed: 5), w = BFloat16ProductTests.matrix(1152, 384, seed: 6)
        let bias = BFloat16ProductTests.matrix(1, 1152, seed: 7).reshape([1152])
        expectSameResultsOnOneAndTwoThreads { [Self.epilogue(a, w.t(), bias: bias, relu: true)] }
    }
}
