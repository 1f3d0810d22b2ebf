import CSynapseKernels
import Testing
@testable import SynapseTensor

/// The packed GEMM's last, partial sliver of A runs a narrower micro-kernel (`GP_DEFINE_KERNEL` in `gemm_packed.c`:
/// 4 rows instead of 6 with AVX2 and SSE2, instead of 8 with AVX-512). Its rows must get the bits they get inside a
/// whole sliver: C's first `m` rows are computed once as the whole product (the last rows a tail) and once with four
/// more rows of A after them (the same rows now inside whole slivers), and must be identical, at every level, float32
/// and float64, `beta` 0 over NaN and `beta` 1 over a start (accumulation), A packed and A read in place, one and two
/// threads. (`PackedGEMMTests` checks the values themselves against a float64 product.)
@Suite struct TailSliverTests {
    /// Rows of C: 60 ends in a 4-row tail on every level (6·10 and 8·7 whole slivers), 64 on AVX2 and SSE2 (6·10),
    /// 130 on AVX2 and SSE2 (6·21) and AVX-512 (8·16 and 2 rows); the columns: A read in place (n ≤ 256) and packed.
    static let shapes: [(m: Int, n: Int, k: Int)] = [(60, 40, 500), (64, 19, 45), (130, 300, 70)]

    @Test func tailRowsMatchTheSameRowsInsideWholeSlivers() {
        for shape in Self.shapes {
            check(shape, Float.self)
            check(shape, Double.self)
        }
    }

    /// Each value's bits, widened exactly to a double (so -0.0 and 0.0 differ).
    private func bits<T: BinaryFloatingPoint>(_ values: ArraySlice<T>) -> [UInt64] {
        values.map { Double($0).bitPattern }
    }

    private func check<T: NativeGEMMScalar>(_ shape: (m: Int, n: Int, k: Int), _: T.Type) {
        let (m, n, k) = shape, longer = m + 4
        let a = (0..<(longer * k)).map { T(Double(($0 * 7919) % 211) / 105 - 1) }
        let b = (0..<(k * n)).map { T(Double(($0 * 104_729) % 197) / 98 - 1) }
        let start = (0..<(longer * n)).map { T(Double(($0 * 31) % 13) - 6) }
        for isa in ImplicitGEMMTests.levels {
            for beta: T in [0, 1] {
                for threads in [1, 2] {
                    var tail = beta == 0 ? [T](repeating: .nan, count: longer * n) : start
                    var whole = tail
                    a.withUnsafeBufferPointer { a in
                        b.withUnsafeBufferPointer { b in
                            let aView = MatrixView(a.baseAddress!, leadingDimension: k, transposed: false)
                            let bView = MatrixView(b.baseAddress!, leadingDimension: n, transposed: false)
                            tail.withUnsafeMutableBufferPointer { c in
                                NativeGEMM.multiplyPacked(m: m, n: n, k: k, alpha: 1.5, a: aView, b: bView, beta: beta,
                                                          c: OutputMatrix(base: c.baseAddress!, ld: n), isa: isa,
                                                          threads: threads)
                            }
                            whole.withUnsafeMutableBufferPointer { c in
                                NativeGEMM.multiplyPacked(m: longer, n: n, k: k, alpha: 1.5, a: aView, b: bView,
                                                          beta: beta, c: OutputMatrix(base: c.baseAddress!, ld: n),
                                                          isa: isa, threads: threads)
                            }
                        }
                    }
                    let label = "\(T.self) \(m)×\(n)×\(k) level \(isa) beta \(beta) threads \(threads)"
                    #expect(bits(tail[..<(m * n)]) == bits(whole[..<(m * n)]), "\(label)")
                    #expect(!tail[..<(m * n)].contains { $0.isNaN }, "\(label)")
                    // The rows past m are left alone.
                    let untouched = beta == 0 ? [T](repeating: .nan, count: 4 * n) : Array(start[(m * n)...])
                    #expect(bits(tail[(m * n)...]) == bits(untouched[...]), "\(label): rows past m")
                }
            }
        }
    }
}
