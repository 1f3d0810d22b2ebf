@testable import SynapseTensor
import Testing

/// The bfloat16 product kernel (`bf16_gemm.c`) on odd shapes and layouts against a float64 product of the same
/// bfloat16 inputs, its float32 fallback (the path of machines without AVX-512 BF16), one against two threads, and
/// the cache of packed weights (``PackedOperandCache``): it must give the same bits as packing on the fly and never
/// serve panels packed from values that have since changed.
@Suite struct BFloat16ProductTests {
    static let odd = [1, 2, 3, 31, 33, 65, 127]

    /// A `[rows, columns]` bfloat16 matrix of values in [-1, 1].
    static func matrix(_ rows: Int, _ columns: Int, seed: UInt64) -> Tensor {
        HalfPrecisionTests.sample(rows * columns, .bfloat16, seed: seed, scale: 1, specials: false)
            .reshape([rows, columns])
    }

    /// `a·b` (+ `bias` in every row) through `MatrixKernels.multiplyBFloat16`.
    static func product(_ a: Tensor, _ b: Tensor, bias: Tensor? = nil, kernel: Bool) -> Tensor {
        let out = Tensor.empty([a.shape[0], b.shape[1]], dtype: .bfloat16)
        if let bias { CopyKernel.copy(from: bias.expand(out.shape), into: out) }
        MatrixKernels.multiplyBFloat16(a, b, into: out, alpha: 1, beta: bias == nil ? 0 : 1, kernel: kernel)
        return out
    }

    /// Each result is the float32 sum rounded once: within half a bfloat16 ulp (2⁻⁸ relative) of Σ|a·b| plus the
    /// float32 additions' error, of the float64 product.
    static func expectClose(_ out: Tensor, _ a: Tensor, _ b: Tensor, _ bias: Tensor?, _ label: String) {
        let k = a.shape[1]
        let error = HalfPrecisionTests.errors(out, a.contiguous(), b.contiguous(), bias)
        #expect(error.max <= 1.0 / 256 + Double(k + 1) * 0x1p-23, "\(label): max \(error.max)")
    }

    @Test(arguments: HalfPrecisionTests.kernelChoices) func oddShapesAgainstFloat64(kernel: Bool) {
        for (i, m) in Self.odd.enumerated() {
            for (j, n) in Self.odd.enumerated() {
                let k = Self.odd[(i + 2 * j) % Self.odd.count]
                let seed = UInt64(100 + 7 * i + j)
                let a = Self.matrix(m, k, seed: seed), b = Self.matrix(k, n, seed: seed + 50)
                let bias = (i + j) % 2 == 0 ? Self.matrix(1, n, seed: seed + 99).reshape([n]) : nil
                Self.expectClose(Self.product(a, b, bias: bias, kernel: kernel), a, b, bias, "\(m)x\(k)x\(n)")
            }
        }
    }

    /// A transposed left operand (copied to rows), a linear layer's transposed weight, and strided operands
    /// (every other row and column of larger matrices).
    @Test(arguments: HalfPrecisionTests.kernelChoices) func transposedAndStridedOperands(kernel: Bool) {
        for (m, k, n) in [(33, 65, 31), (127, 3, 65), (2, 127, 33)] {
            let aT = Self.matrix(k, m, seed: 1).t()
            let weight = Self.matrix(n, k, seed: 2)
            Self.expectClose(Self.product(aT, weight.t(), kernel: kernel), aT, weight.t(), nil, "t \(m)x\(k)x\(n)")
            let aStrided = Self.matrix(2 * m, 2 * k, seed: 3)[.slice(step: 2), .slice(step: 2)]
            let bStrided = Self.matrix(2 * k, 3 * n, seed: 4)[.slice(step: 2), .slice(1, nil, step: 3)]
            Self.expectClose(Self.product(aStrided, bStrided, kernel: kernel), aStrided, bStrided, nil,
                             "strided \(m)x\(k)x\(n)")
        }
    }

    /// Threads split the columns by whole panels, so each element's sum is the same on one thread or two.
    @Test func oneAndTwoThreadsAgree() {
        guard BFloat16Product.isSupported else { return }
        let a = Self.matrix(300, 384, seed: 5), w = Self.matrix(1152, 384, seed: 6), bias = Self.matrix(1, 1152, seed: 7)
        let b = w.t().contiguous()  // fresh storage: not in the cache on its first product
        expectSameResultsOnOneAndTwoThreads {
            [Self.product(a, w.t(), kernel: true), Self.product(a, b, bias: bias.reshape([1152]), kernel: true)]
        }
    }

    /// The second product with an unchanged weight packs it into the cache and the third reads it from there:
    /// the same bits as packing on the fly.
    @Test func cachedPanelsGiveTheSameBits() {
        guard BFloat16Product.isSupported else { return }
        let a = Self.matrix(70, 130, seed: 8), weight = Self.matrix(97, 130, seed: 9)
        let first = Self.product(a, weight.t(), kernel: true)
        #expect(!PackedOperandCache.holdsPanels(for: weight.t()))
        let second = Self.product(a, weight.t(), kernel: true)
        #expect(PackedOperandCache.holdsPanels(for: weight.t()))
        let third = Self.product(a, weight.t(), kernel: true)
        #expect(HalfPrecisionTests.raw(first) == HalfPrecisionTests.raw(second))
        #expect(HalfPrecisionTests.raw(first) == HalfPrecisionTests.raw(third))
        // Another view of the same storage (other offset or strides) is another operand.
        #expect(!PackedOperandCache.holdsPanels(for: weight[1...].t()))
        #expect(!PackedOperandCache.holdsPanels(for: weight))
    }

    /// After an in-place write (`copy_`, in-place arithmetic, `fill_`, a write through an indexed view) the
    /// product uses the new values: the same bits as a product with a fresh copy of the weight, which no cache
    /// has seen.
    @Test func writesToTheWeightAreNeverServedStale() {
        guard BFloat16Product.isSupported else { return }
        let a = Self.matrix(40, 64, seed: 10)
        let writes: [(String, (Tensor) -> Void)] = [
            ("copy_", { $0.copy_(Self.matrix(48, 64, seed: 11)) }),
            ("add_", { $0.add_(0.25) }),
            ("mul_", { $0.mul_(-1.5) }),
            ("fill_", { $0.fill_(0.5) }),
            ("row view copy_", { $0[3].copy_(Self.matrix(1, 64, seed: 12).reshape([64])) }),
        ]
        for (name, write) in writes {
            let weight = Self.matrix(48, 64, seed: 13)
            for _ in 0..<3 { _ = Self.product(a, weight.t(), kernel: true) }
            #expect(PackedOperandCache.holdsPanels(for: weight.t()), "\(name)")
            let before = HalfPrecisionTests.raw(Self.product(a, weight.t(), kernel: true))
            noGrad { write(weight) }
            #expect(!PackedOperandCache.holdsPanels(for: weight.t()), "\(name)")
            let after = HalfPrecisionTests.raw(Self.product(a, weight.t(), kernel: true))
            let fresh = HalfPrecisionTests.raw(Self.product(a, weight.clone().t(), kernel: true))
            #expect(after == fresh, "\(name)")
            #expect(after != before, "\(name): the write changed the product")
            // And again once the new values are packed.
            _ = Self.product(a, weight.t(), kernel: true)
            #expect(HalfPrecisionTests.raw(Self.product(a, weight.t(), kernel: true)) == fresh, "\(name) repacked")
        }
    }
}
