import Testing
@testable import SynapseTensor

/// The native kernel (its dispatch, the packed blocked kernel and the direct loops, each forced) against a naive
/// triple loop in Double, for every problem in ``GEMMProblems``, in both precisions.
@Suite struct GEMMTests {
    @Test(arguments: GEMMProblems.all)
    func floatMatchesNaiveProduct(_ problem: GEMMProblem) {
        let operands = GEMMOperands<Float>(problem, seed: 1)
        for path: GEMMPath in [.nativeDispatch, .blocked, .direct] {
            operands.verify(operands.run(problem, on: path), problem)
        }
    }

    @Test(arguments: GEMMProblems.all)
    func doubleMatchesNaiveProduct(_ problem: GEMMProblem) {
        let operands = GEMMOperands<Double>(problem, seed: 2)
        for path: GEMMPath in [.nativeDispatch, .blocked, .direct] {
            operands.verify(operands.run(problem, on: path), problem)
        }
    }

    @Test func identityTimesMatrixIsExact() {
        let n = 37
        var identity = [Float](repeating: 0, count: n * n)
        for i in 0..<n { identity[i * n + i] = 1 }
        let matrix = (0..<n * n).map { Float($0 % 11) - 5 }
        var product = [Float](repeating: .nan, count: n * n)
        GEMM.multiply(m: n, n: n, k: n, a: identity, lda: n, b: matrix, ldb: n, c: &product, ldc: n,
                      backend: .native)
        #expect(product == matrix)
    }

    @Test func concurrentCallsShareThePackingPoolSafely() async {
        let problem = GEMMProblem(m: 70, n: 90, k: 300, transposeB: true, alpha: 1, beta: 0.5)
        let operands = GEMMOperands<Float>(problem, seed: 3)
        let expected = operands.run(problem, on: .blocked)
        let results = await withTaskGroup(of: [Float].self) { group in
            for _ in 0..<8 { group.addTask { operands.run(problem, on: .nativeDispatch) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        for result in results { #expect(result == expected) }
    }
}
