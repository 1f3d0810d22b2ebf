import Testing
@testable import SynapseTensor

/// Degenerate sizes and scalars, on every available backend: nothing is read that BLAS semantics say is not
/// read, and nothing outside C's `m × n` region is written.
@Suite struct GEMMEdgeCaseTests {
    static var backends: [GEMM.Backend] { GEMM.Backend.allCases.filter(GEMM.isAvailable) }

    @Test(arguments: [0.0, 1.0, -2.0])
    func emptyDepthScalesC(_ beta: Double) {
        for backend in Self.backends {
            var c: [Double] = beta == 0 ? [.nan, .nan, .nan, .nan, .nan, .nan] : [1, 2, 3, 4, 5, 6]
            let original = c
            let nothing: [Double] = [.nan]
            GEMM.multiply(m: 2, n: 3, k: 0, alpha: 1, a: nothing, lda: 1, b: nothing, ldb: 3, beta: beta,
                          c: &c, ldc: 3, backend: backend)
            #expect(c == original.map { beta == 0 ? 0 : beta * $0 }, "backend \(backend)")
        }
    }

    @Test func emptyRowsOrColumnsTouchNothing() {
        for backend in Self.backends {
            let a: [Float] = [1, 2, 3, 4], b: [Float] = [5, 6, 7, 8]
            var c: [Float] = [9, 9, 9, 9]
            GEMM.multiply(m: 0, n: 2, k: 2, a: a, lda: 2, b: b, ldb: 2, c: &c, ldc: 2, backend: backend)
            GEMM.multiply(m: 2, n: 0, k: 2, a: a, lda: 2, b: b, ldb: 1, c: &c, ldc: 1, backend: backend)
            #expect(c == [9, 9, 9, 9], "backend \(backend)")
        }
    }

    @Test func zeroAlphaDoesNotReadAOrB() {
        for backend in Self.backends {
            let poisoned = [Float](repeating: .nan, count: 12)
            var c: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
            GEMM.multiply(m: 3, n: 3, k: 4, alpha: 0, a: poisoned, lda: 4, b: poisoned, ldb: 3, beta: 2,
                          c: &c, ldc: 3, backend: backend)
            #expect(c == [2, 4, 6, 8, 10, 12, 14, 16, 18], "backend \(backend)")
        }
    }

    @Test func zeroBetaIgnoresNaNInC() {
        for backend in Self.backends {
            let a: [Double] = [1, 2, 3, 4], b: [Double] = [1, 0, 0, 1]
            var c = [Double](repeating: .nan, count: 4)
            GEMM.multiply(m: 2, n: 2, k: 2, a: a, lda: 2, b: b, ldb: 2, beta: 0, c: &c, ldc: 2, backend: backend)
            #expect(c == [1, 2, 3, 4], "backend \(backend)")
        }
    }

    @Test func leadingDimensionTooSmallStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let values = [Float](repeating: 1, count: 16)
            var c = [Float](repeating: 0, count: 16)
            GEMM.multiply(m: 2, n: 2, k: 4, a: values, lda: 3, b: values, ldb: 2, c: &c, ldc: 2)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("GEMM: lda is 3, expected at least 4"))
    }
}
