import Testing
@testable import SynapseTensor

/// One GEMM problem for the tests: sizes, transposes, extra leading-dimension padding, and the scalars.
struct GEMMProblem: Sendable, CustomTestStringConvertible {
    var m: Int, n: Int, k: Int
    var transposeA = false, transposeB = false
    var padA = 0, padB = 0, padC = 0
    var alpha = 1.0, beta = 0.0

    var lda: Int { max(1, (transposeA ? m : k) + padA) }
    var ldb: Int { max(1, (transposeB ? k : n) + padB) }
    var ldc: Int { max(1, n + padC) }
    /// Elements of storage for A, B and C as laid out (at least one, so pointers are always valid).
    var aCount: Int { max(1, (transposeA ? k : m) * lda) }
    var bCount: Int { max(1, (transposeB ? n : k) * ldb) }
    var cCount: Int { max(1, m * ldc) }

    var testDescription: String {
        "\(m)×\(n)×\(k)\(transposeA ? " Aᵀ" : "")\(transposeB ? " Bᵀ" : "") pad(\(padA),\(padB),\(padC))"
            + " α=\(alpha) β=\(beta)"
    }

}

/// The problem set: every shape with all four transpose combinations, with padding and scalars varied across
/// cases. Shapes cover the direct loops (tiny, one row, one column, thin), the packed kernel's fringes (sizes
/// that are not multiples of the register tiles), several depth blocks (k > 384), several row blocks (m > 96),
/// several column blocks (n > 2048 floats / 1024 doubles) and the split across cores (m·n·k ≥ 2²¹).
enum GEMMProblems {
    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (2, 4, 8), (4, 8, 1), (4, 1, 8), (5, 3, 2), (17, 33, 65), (128, 128, 128), (300, 7, 129),
        (1, 300, 50), (300, 1, 50), (3, 100, 40), (100, 2, 40), (7, 9, 600), (50, 70, 600), (97, 1100, 20),
        (13, 2100, 9), (6, 8, 256), (12, 16, 257),
    ]
    static let paddings: [(Int, Int, Int)] = [(0, 0, 0), (3, 1, 2), (1, 5, 7)]
    static let scalars: [(Double, Double)] = [(1, 0), (-0.5, 1), (2.5, -1.5), (1, 0.25), (0.75, 0)]

    static let all: [GEMMProblem] = {
        var problems: [GEMMProblem] = []
        for (index, (m, n, k)) in shapes.enumerated() {
            for variant in 0..<4 {
                let pad = paddings[(index + variant) % paddings.count]
                let (alpha, beta) = scalars[(index * 4 + variant) % scalars.count]
                problems.append(GEMMProblem(
                    m: m, n: n, k: k, transposeA: variant & 1 != 0, transposeB: variant & 2 != 0,
                    padA: pad.0, padB: pad.1, padC: pad.2, alpha: alpha, beta: beta))
            }
        }
        return problems
    }()
}

/// Float and Double, as the tests need them: conversion, epsilon and the public entry point.
protocol GEMMTestScalar: BinaryFloatingPoint {
    static func gemm(_ p: GEMMProblem, a: UnsafePointer<Self>, b: UnsafePointer<Self>, c: UnsafeMutablePointer<Self>,
                     backend: GEMM.Backend?)
}

extension Float: GEMMTestScalar {
    static func gemm(_ p: GEMMProblem, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                     c: UnsafeMutablePointer<Float>, backend: GEMM.Backend?) {
        GEMM.multiply(transposeA: p.transposeA, transposeB: p.transposeB, m: p.m, n: p.n, k: p.k,
                      alpha: Float(p.alpha), a: a, lda: p.lda, b: b, ldb: p.ldb, beta: Float(p.beta),
                      c: c, ldc: p.ldc, backend: backend)
    }
}

extension Double: GEMMTestScalar {
    static func gemm(_ p: GEMMProblem, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
                     c: UnsafeMutablePointer<Double>, backend: GEMM.Backend?) {
        GEMM.multiply(transposeA: p.transposeA, transposeB: p.transposeB, m: p.m, n: p.n, k: p.k,
                      alpha: p.alpha, a: a, lda: p.lda, b: b, ldb: p.ldb, beta: p.beta,
                      c: c, ldc: p.ldc, backend: backend)
    }
}

/// Which implementation a test drives.
enum GEMMPath: CaseIterable, Sendable {
    /// `GEMM.multiply` on the native backend (the dispatch picks direct loops or the packed kernel).
    case nativeDispatch
    /// The packed, blocked kernel, forced even where the dispatch would not choose it.
    case blocked
    /// The direct loops, forced even where the dispatch would not choose them.
    case direct
    /// `GEMM.multiply` on OpenBLAS.
    case openBLAS
}

/// Operands filled with reproducible values in [-1, 1], C's padding with a sentinel, and C's `m × n` region
/// with NaN when `beta` is zero (it must not be read); plus the exact expected result.
struct GEMMOperands<T: GEMMTestScalar & NativeGEMMScalar> {
    static var sentinel: T { 777 }
    var a: [T], b: [T], c: [T]

    init(_ p: GEMMProblem, seed: UInt64) {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next() -> T {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return T(Double(state >> 11) / Double(1 << 53) * 2 - 1)
        }
        a = (0..<p.aCount).map { _ in next() }
        b = (0..<p.bCount).map { _ in next() }
        c = [T](repeating: Self.sentinel, count: p.cCount)
        for i in 0..<p.m {
            for j in 0..<p.n { c[i * p.ldc + j] = p.beta == 0 ? .nan : next() }
        }
        (expected, bounds) = Self.naiveProduct(p, a: a, b: b, c: c)
    }

    /// The exact result (a naive triple loop in Double) and, per element, the sum of the magnitudes of its terms.
    var expected: [Double] = [], bounds: [Double] = []

    private static func naiveProduct(_ p: GEMMProblem, a: [T], b: [T], c: [T]) -> ([Double], [Double]) {
        let aRow = p.transposeA ? 1 : p.lda, aColumn = p.transposeA ? p.lda : 1
        let bRow = p.transposeB ? 1 : p.ldb, bColumn = p.transposeB ? p.ldb : 1
        var expected = [Double](repeating: 0, count: p.m * p.n), bounds = expected
        // Non-generic Double loops: fast enough in debug builds.
        let a = a.map { Double($0) }, b = b.map { Double($0) }, c = c.map { Double($0) }
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                for i in 0..<p.m {
                    for j in 0..<p.n {
                        var exact = 0.0, magnitude = 0.0
                        for q in 0..<p.k {
                            let term = a[i * aRow + q * aColumn] * b[q * bRow + j * bColumn]
                            exact += term
                            magnitude += abs(term)
                        }
                        let old = c[i * p.ldc + j]
                        expected[i * p.n + j] = p.alpha * exact + (p.beta == 0 ? 0 : p.beta * old)
                        bounds[i * p.n + j] = abs(p.alpha) * magnitude + (p.beta == 0 ? 0 : abs(p.beta * old))
                    }
                }
            }
        }
        return (expected, bounds)
    }

    /// Runs `path` and returns C.
    func run(_ p: GEMMProblem, on path: GEMMPath) -> [T] {
        var result = c
        a.withUnsafeBufferPointer { aBuffer in
            b.withUnsafeBufferPointer { bBuffer in
                result.withUnsafeMutableBufferPointer { cBuffer in
                    let a = aBuffer.baseAddress!, b = bBuffer.baseAddress!, c = cBuffer.baseAddress!
                    let aView = MatrixView(a, leadingDimension: p.lda, transposed: p.transposeA)
                    let bView = MatrixView(b, leadingDimension: p.ldb, transposed: p.transposeB)
                    let cView = OutputMatrix(base: c, ld: p.ldc)
                    switch path {
                    case .nativeDispatch: T.gemm(p, a: a, b: b, c: c, backend: .native)
                    case .openBLAS: T.gemm(p, a: a, b: b, c: c, backend: .openBLAS)
                    case .blocked:
                        NativeGEMM.multiplyPacked(m: p.m, n: p.n, k: p.k, alpha: T(p.alpha), a: aView, b: bView,
                                                  beta: T(p.beta), c: cView)
                    case .direct:
                        DirectGEMM.multiply(m: p.m, n: p.n, k: p.k, alpha: T(p.alpha), a: aView, b: bView,
                                            beta: T(p.beta), c: cView)
                    }
                }
            }
        }
        return result
    }

    /// Checks `result` against ``expected``. Each element may differ from the exact value by `2(k + 2)·ε` times
    /// the sum of the magnitudes of its terms (a bound that holds for any summation order); C's padding must be
    /// untouched.
    func verify(_ result: [T], _ p: GEMMProblem, sourceLocation: SourceLocation = #_sourceLocation) {
        let tolerance = 2 * Double(p.k + 2) * Double(T.ulpOfOne)
        var failures = 0
        for i in 0..<p.m {
            for j in 0..<p.n {
                let got = Double(result[i * p.ldc + j]), want = expected[i * p.n + j]
                if !(abs(got - want) <= tolerance * bounds[i * p.n + j] + Double(T.leastNormalMagnitude)) {
                    failures += 1
                    if failures <= 3 {
                        Issue.record("\(p.testDescription): C[\(i), \(j)] = \(got), expected \(want)",
                                     sourceLocation: sourceLocation)
                    }
                }
            }
            for j in p.n..<p.ldc where result[i * p.ldc + j] != Self.sentinel {
                Issue.record("\(p.testDescription): padding C[\(i), \(j)] was overwritten", sourceLocation: sourceLocation)
            }
        }
        #expect(failures == 0, "\(failures) elements out of tolerance", sourceLocation: sourceLocation)
    }

    /// Checks that two results agree: each within the bound of the exact value, so within twice the bound of each
    /// other.
    func verifyAgreement(_ x: [T], _ y: [T], _ p: GEMMProblem, sourceLocation: SourceLocation = #_sourceLocation) {
        let tolerance = 4 * Double(p.k + 2) * Double(T.ulpOfOne)
        var failures = 0
        for i in 0..<p.m {
            for j in 0..<p.n where !(abs(Double(x[i * p.ldc + j]) - Double(y[i * p.ldc + j]))
                                     <= tolerance * bounds[i * p.n + j] + Double(T.leastNormalMagnitude)) {
                failures += 1
            }
        }
        #expect(failures == 0, "\(p.testDescription): \(failures) elements disagree", sourceLocation: sourceLocation)
    }
}
