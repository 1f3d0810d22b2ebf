import CSynapseKernels
import Testing
@testable import SynapseTensor

/// The packed, cache-blocked C kernel (`gemm_packed.c`) on each instruction-set level forced in turn (baseline,
/// AVX2, AVX-512; a level the machine lacks runs the best one it has), against a naive product in Double: odd
/// shapes around every register tile and cache block, transposes, padded leading dimensions, general strides,
/// alpha/beta (beta 0 over NaN), k = 0, and one thread against several.
@Suite struct PackedGEMMTests {
    /// Every level the kernels are built for.
    static let levels: [Int32] = [
        Int32(SYNAPSE_VM_ISA_BASELINE), Int32(SYNAPSE_VM_ISA_AVX2),
        Int32(SYNAPSE_VM_ISA_AVX512),
    ]

    /// Odd sizes on both sides of the tiles (6-8 rows; 4-32 columns), blocks (96 rows, 256/384 deep, 1024/2048
    /// columns) and the split across threads, each with a transpose combination, padding and scalars of its own.
    static let problems: [GEMMProblem] = {
        let shapes = [
            (1, 7, 13), (7, 13, 31), (13, 1, 33), (31, 33, 65), (33, 65, 127), (65, 127, 7), (127, 257, 33),
            (257, 31, 65), (1000, 13, 7), (7, 1000, 13), (13, 65, 1000), (97, 2100, 3), (6, 64, 385),
            (130, 150, 200),
        ]
        let paddings = [(0, 0, 0), (3, 1, 2), (1, 5, 7)]
        let scalars: [(Double, Double)] = [(1, 0), (-0.5, 1), (2.5, -1.5), (1, 0.25), (0.75, 0)]
        return shapes.enumerated().map { index, shape in
            let pad = paddings[index % paddings.count], (alpha, beta) = scalars[index % scalars.count]
            return GEMMProblem(m: shape.0, n: shape.1, k: shape.2, transposeA: index & 1 != 0,
                               transposeB: index & 2 != 0, padA: pad.0, padB: pad.1, padC: pad.2,
                               alpha: alpha, beta: beta)
        }
    }()

    @Test(arguments: problems)
    func floatMatchesNaiveProductOnEveryLevel(_ problem: GEMMProblem) {
        let operands = GEMMOperands<Float>(problem, seed: 11)
        for isa in Self.levels {
            operands.verify(Self.run(operands, problem, isa: isa, threads: 1), problem)
        }
    }

    @Test(arguments: problems)
    func doubleMatchesNaiveProductOnEveryLevel(_ problem: GEMMProblem) {
        let operands = GEMMOperands<Double>(problem, seed: 12)
        for isa in Self.levels {
            operands.verify(Self.run(operands, problem, isa: isa, threads: 1), problem)
        }
    }

    /// Bands of whole tiles compute every element exactly as one thread does: the same bits, split by columns
    /// (wide C) or by rows (tall C).
    @Test(arguments: [(200, 500, 100), (600, 70, 100), (160, 160, 160)])
    func severalThreadsGiveTheBitsOfOne(_ shape: (Int, Int, Int)) {
        let problem = GEMMProblem(m: shape.0, n: shape.1, k: shape.2, transposeB: true, padC: 3, alpha: 1.5,
                                  beta: -0.5)
        let floats = GEMMOperands<Float>(problem, seed: 13), doubles = GEMMOperands<Double>(problem, seed: 14)
        for isa in Self.levels {
            let one = Self.run(floats, problem, isa: isa, threads: 1)
            floats.verify(one, problem)
            for threads in [2, 3] { #expect(Self.run(floats, problem, isa: isa, threads: threads) == one) }
            #expect(Self.run(doubles, problem, isa: isa, threads: 2) == Self.run(doubles, problem, isa: isa, threads: 1))
        }
    }

    /// `k == 0` (and `alpha == 0`) reads neither A nor B: C becomes `beta·C`, zeros without reading when beta is 0.
    @Test func emptyDepthScalesC() {
        for beta in [0.0, 1, -2] {
            let problem = GEMMProblem(m: 9, n: 70, k: 0, padC: 2, alpha: 1, beta: beta)
            let operands = GEMMOperands<Float>(problem, seed: 15)
            operands.verify(Self.run(operands, problem, isa: -1, threads: 1), problem)
        }
        let problem = GEMMProblem(m: 9, n: 70, k: 40, alpha: 0, beta: 0)
        let operands = GEMMOperands<Double>(problem, seed: 16)
        #expect(Self.run(operands, problem, isa: -1, threads: 1).allSatisfy { $0 == 0 })
    }

    /// Operands that are neither row- nor column-contiguous (every other column of a wider matrix, rows three
    /// apart, a transposed view with both strides above one) go through the general packing loops.
    @Test func generalStridesMatchNaiveProduct() {
        let m = 37, n = 71, k = 45
        let aRowStride = 3, aColumnStride = 3 * m + 1   // A(i, p) at i·3 + p·(3m + 1)
        let bRowStride = 2 * n + 5, bColumnStride = 2   // every other column of a (k × 2n + 5) matrix
        let a = (0..<(k * aColumnStride + m * aRowStride)).map { Float(($0 * 7919) % 201) / 100 - 1 }
        let b = (0..<(k * bRowStride)).map { Float(($0 * 104_729) % 199) / 99 - 1 }
        var expected = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                for p in 0..<k {
                    expected[i * n + j] += Double(a[i * aRowStride + p * aColumnStride])
                        * Double(b[p * bRowStride + j * bColumnStride])
                }
            }
        }
        for isa in Self.levels {
            var c = [Float](repeating: .nan, count: m * n)
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        NativeGEMM.multiplyPacked(
                            m: m, n: n, k: k, alpha: 1,
                            a: MatrixView(base: a.baseAddress!, rowStride: aRowStride, columnStride: aColumnStride),
                            b: MatrixView(base: b.baseAddress!, rowStride: bRowStride, columnStride: bColumnStride),
                            beta: 0, c: OutputMatrix(base: c.baseAddress!, ld: n), isa: isa, threads: 1)
                    }
                }
            }
            let worst = zip(c, expected).map { abs(Double($0) - $1) }.max()!
            #expect(worst < 1e-4, "level \(isa): worst error \(worst)")
        }
    }

    /// Runs the packed kernel on `operands` (C starts as the operands' C: NaN where beta is 0) and returns C.
    static func run<T: GEMMTestScalar & NativeGEMMScalar>(
        _ operands: GEMMOperands<T>, _ p: GEMMProblem, isa: Int32, threads: Int
    ) -> [T] {
        var result = operands.c
        operands.a.withUnsafeBufferPointer { a in
            operands.b.withUnsafeBufferPointer { b in
                result.withUnsafeMutableBufferPointer { c in
                    NativeGEMM.multiplyPacked(
                        m: p.m, n: p.n, k: p.k, alpha: T(p.alpha),
                        a: MatrixView(a.baseAddress!, leadingDimension: p.lda, transposed: p.transposeA),
                        b: MatrixView(b.baseAddress!, leadingDimension: p.ldb, transposed: p.transposeB),
                        beta: T(p.beta), c: OutputMatrix(base: c.baseAddress!, ld: p.ldc), isa: isa,
                        threads: threads)
                }
            }
        }
        return result
    }
}
