import Foundation
import Testing
@testable import SynapseTensor

/// Backend selection and the OpenBLAS path. OpenBLAS is optional: without it these tests check that Synapse
/// reports and uses the native kernel.
@Suite struct GEMMBackendTests {
    @Test func nativeIsAlwaysAvailable() {
        #expect(GEMM.isAvailable(.native))
    }

    @Test func theBuiltInKernelIsTheDefaultUnlessOpenBLASIsAskedFor() {
        let asked = ProcessInfo.processInfo.environment["SYNAPSE_BLAS"]?.lowercased() == "openblas"
        #expect(GEMM.backend == (asked && GEMM.isAvailable(.openBLAS) ? .openBLAS : .native))
    }

    @Test func reportedBackendMatchesWhatCouldBeLoaded() {
        if GEMM.isAvailable(.openBLAS) {
            #expect(GEMM.blasLibrary != nil)
            #expect(GEMM.blasThreadCount.map { $0 >= 1 } ?? true)
        } else {
            #expect(GEMM.backend == .native)
            #expect(GEMM.blasLibrary == nil)
            #expect(GEMM.blasThreadCount == nil)
        }
    }

    @Test(arguments: GEMMProblems.all)
    func openBLASAgreesWithNative(_ problem: GEMMProblem) {
        guard GEMM.isAvailable(.openBLAS) else {
            #expect(GEMM.backend == .native)
            return
        }
        let floats = GEMMOperands<Float>(problem, seed: 4)
        let floatBLAS = floats.run(problem, on: .openBLAS)
        floats.verify(floatBLAS, problem)
        floats.verifyAgreement(floatBLAS, floats.run(problem, on: .nativeDispatch), problem)
        let doubles = GEMMOperands<Double>(problem, seed: 5)
        let doubleBLAS = doubles.run(problem, on: .openBLAS)
        doubles.verify(doubleBLAS, problem)
        doubles.verifyAgreement(doubleBLAS, doubles.run(problem, on: .nativeDispatch), problem)
    }

    @Test func defaultBackendAgreesWithNative() {
        let problem = GEMMProblem(m: 33, n: 65, k: 17, transposeA: true, alpha: 1, beta: 0)
        let operands = GEMMOperands<Float>(problem, seed: 6)
        var result = operands.c
        operands.a.withUnsafeBufferPointer { a in
            operands.b.withUnsafeBufferPointer { b in
                Float.gemm(problem, a: a.baseAddress!, b: b.baseAddress!, c: &result, backend: nil)
            }
        }
        operands.verify(result, problem)
    }
}
