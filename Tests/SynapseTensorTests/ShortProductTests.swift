import Testing
@testable import SynapseTensor

/// `A·Bᵀ` and `A·B` with a short `A` go to the short-product kernels: checked against a double-precision reference
/// for row counts around the 8-row blocks, odd column counts, `k` not a multiple of 16, padded rows and `beta`.
@Suite struct ShortProductTests {
    @Test(arguments: [1, 3, 8, 9, 16], [2, 5, 33])
    func shortProductsMatchAReference(m: Int, n: Int) {
        for transposeB in [true, false] { check(m: m, n: n, transposeB: transposeB) }
    }

    func check(m: Int, n: Int, transposeB: Bool) {
        let generator = Generator(seed: UInt64(m * 100 + n))
        for (k, beta) in [(16, Float(0)), (17, 0.5), (100, 0)] {
            let (lda, ldb, ldc) = (k + 3, transposeB ? k + 1 : n + 1, n + 2)
            let a = Tensor.randn([m * lda], generator: generator).toArray(of: Float.self)
            let b = Tensor.randn([(transposeB ? n : k) * ldb], generator: generator).toArray(of: Float.self)
            var c = Tensor.randn([m * ldc], generator: generator).toArray(of: Float.self)
            let original = c
            #expect(!DirectGEMM.isTiny(m: m, n: n, k: k) == ShortProduct.runs(
                transposeA: false, transposeB: transposeB, m: m, n: n, k: k, alpha: Float(1.5), a: a, lda: lda, b: b,
                ldb: ldb, beta: beta, c: &c, ldc: ldc))
            if DirectGEMM.isTiny(m: m, n: n, k: k) { continue }
            for i in 0..<m {
                for j in 0..<n {
                    var sum = 0.0
                    for p in 0..<k { sum += Double(a[i * lda + p]) * Double(transposeB ? b[j * ldb + p] : b[p * ldb + j]) }
                    let expected = 1.5 * sum + Double(beta) * Double(original[i * ldc + j])
                    #expect(abs(Double(c[i * ldc + j]) - expected) <= 1e-4 * max(1, abs(expected)),
                            "C[\(i), \(j)] k \(k) transposeB \(transposeB)")
                }
                #expect(c[(i * ldc + n)..<(i * ldc + ldc)] == original[(i * ldc + n)..<(i * ldc + ldc)],
                        "padding of row \(i) untouched")
            }
        }
    }

    @Test func otherShapesAreLeftToGEMM() {
        var c = [Float](repeating: 0, count: 4)
        let x = [Float](repeating: 1, count: 64)
        #expect(!ShortProduct.runs(transposeA: false, transposeB: false, m: 2, n: 2, k: 16, alpha: Float(1), a: x,
                                   lda: 16, b: x, ldb: 2, beta: 0, c: &c, ldc: 2))
        #expect(!ShortProduct.runs(transposeA: false, transposeB: true, m: 17, n: 2, k: 16, alpha: Float(1), a: x,
                                   lda: 16, b: x, ldb: 16, beta: 0, c: &c, ldc: 2))
        var d = [Double](repeating: 0, count: 4)
        let y = [Double](repeating: 1, count: 64)
        #expect(!ShortProduct.runs(transposeA: false, transposeB: true, m: 2, n: 2, k: 16, alpha: 1.0, a: y,
                                   lda: 16, b: y, ldb: 16, beta: 0, c: &d, ldc: 2))
    }
}
