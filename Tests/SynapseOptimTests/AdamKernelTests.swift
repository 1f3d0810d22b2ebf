import Foundation
import Testing
import SynapseOptim

/// Five Adam steps on 515 parameters recorded by `scripts/fixtures/optim.py` (long enough for PyTorch's vectorised
/// kernels, with a tail).
struct AdamKernelCase: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let options: [String: OptimizerCase.Option]
    let param: [Float]
    let exp_avg: [Float]
    let exp_avg_sq: [Float]

    var testDescription: String { name }

    static let all: [AdamKernelCase] = {
        struct File: Decodable { let cases: [AdamKernelCase] }
        return OptimFixture.decode(File.self, "adam_kernel.json").cases
    }()
}

/// Synapse's one-pass Adam rounds every step as PyTorch's single-tensor Adam does: the moments, which involve no
/// square root, match bit for bit (they need `lerp_`'s and `addcmul_`'s fused multiply-adds); the parameters go
/// through torch's `sqrt`, which on MKL builds is not always correctly rounded, so they may differ by an ulp.
@Suite struct AdamKernelTests {
    @Test(arguments: AdamKernelCase.all)
    func matchesTorchRounding(_ testCase: AdamKernelCase) {
        let generator = Generator(seed: 0)
        let parameter = Parameter(Tensor.randn([515], generator: generator))
        let grads = (0..<5).map { _ in Tensor.randn([515], generator: generator) }
        var lr = 0.001, betas = (0.9, 0.999), eps = 1e-8, maximize = false
        for (key, option) in testCase.options {
            switch (key, option) {
            case ("lr", .number(let value)): lr = value
            case ("eps", .number(let value)): eps = value
            case ("betas", .pair(let a, let b)): betas = (a, b)
            case ("maximize", .flag(let value)): maximize = value
            default: Issue.record("unexpected option \(key)")
            }
        }
        let adam = Adam([parameter], lr: lr, betas: betas, eps: eps, maximize: maximize)
        for grad in grads {
            parameter.grad = grad
            adam.step()
        }
        let state = adam.state[ObjectIdentifier(parameter)]!
        #expect(state["exp_avg"]!.toArray(of: Float.self) == testCase.exp_avg)
        #expect(state["exp_avg_sq"]!.toArray(of: Float.self) == testCase.exp_avg_sq)
        // An ulp of the update (Adam's steps stay within a few lr) per step, plus the parameter's own rounding.
        let got = parameter.toArray(of: Float.self)
        let worst = zip(got, testCase.param).map { abs($0 - $1) / (5 * Float(4 * lr).ulp + $1.ulp) }.max() ?? .infinity
        #expect(worst <= 1, "parameters differ from torch's by \(worst) of the allowed rounding")
        #expect(zip(got, testCase.param).filter { $0 == $1 }.count >= 515 * 9 / 10, "most parameters match bit for bit")
    }

    @Test func overlappingMemoryFallsBackToTheComposedStep() {
        // Each gradient element is the parameter element updated just before it: one pass over such
        // arrays would read already-updated values, where the composed step reads them all first.
        let base = Tensor.randn([65], generator: Generator(seed: 1))
        let parameter = Parameter(base.narrow(0, start: 1, length: 64))
        parameter.grad = base.narrow(0, start: 0, length: 64)
        let reference = Parameter(base.narrow(0, start: 1, length: 64).clone())
        reference.grad = base.narrow(0, start: 0, length: 64).clone()
        Adam([parameter], lr: 0.1).step()
        Adam([reference], lr: 0.1).step()
        let got = parameter.toArray(of: Float.self), expected = reference.toArray(of: Float.self)
        #expect(zip(got, expected).allSatisfy { abs($0 - $1) <= 1e-6 })
    }
}
