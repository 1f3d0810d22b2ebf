import Testing
import SynapseNN

/// One activation module run in torch by `scripts/fixtures/activations.py`.
struct ActivationCase: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let repr: String
    let input, output, grad_output, grad_input: TorchTensorFixture
    let weight, grad_weight: TorchTensorFixture?

    var testDescription: String { name }

    /// The file's two lists: cases run forward and backward, and `inplace=True` constructions only printed.
    private struct File: Decodable, Sendable {
        struct Printed: Decodable, Sendable { let name, repr: String }
        let cases: [ActivationCase]
        let reprs: [Printed]
    }

    private static let file = FixtureFile.decode(File.self, "layers/activations.json", generator: "activations.py")
    static let all = file.cases
    static let printed = file.reprs.map { ($0.name, $0.repr) }

    /// The module a Python constructor call names, built in Synapse.
    static func module(_ name: String) -> Module {
        switch name {
        case "nn.ELU()": ELU()
        case "nn.ELU(alpha=0.5)": ELU(alpha: 0.5)
        case "nn.ELU(inplace=True)": ELU(inplace: true)
        case "nn.SELU()": SELU()
        case "nn.SELU(inplace=True)": SELU(inplace: true)
        case "nn.CELU()": CELU()
        case "nn.CELU(alpha=2.0)": CELU(alpha: 2)
        case "nn.CELU(alpha=0.5, inplace=True)": CELU(alpha: 0.5, inplace: true)
        case "nn.Softplus()": Softplus()
        case "nn.Softplus(beta=2.0, threshold=5.0)": Softplus(beta: 2, threshold: 5)
        case "nn.Softsign()": Softsign()
        case "nn.Hardswish()": Hardswish()
        case "nn.Hardswish(True)": Hardswish(inplace: true)
        case "nn.Hardsigmoid()": Hardsigmoid()
        case "nn.Hardsigmoid(True)": Hardsigmoid(inplace: true)
        case "nn.Hardtanh()": Hardtanh()
        case "nn.Hardtanh(-2.0, 3.0)": Hardtanh(-2, 3)
        case "nn.Hardtanh(inplace=True)": Hardtanh(inplace: true)
        case "nn.ReLU6()": ReLU6()
        case "nn.ReLU6(True)": ReLU6(inplace: true)
        case "nn.Mish()": Mish()
        case "nn.Mish(inplace=True)": Mish(inplace: true)
        case "nn.GLU()": GLU()
        case "nn.GLU(dim=1)": GLU(dim: 1)
        case "nn.Softmin(dim=1)": Softmin(dim: 1)
        case "nn.Softmin(dim=0)": Softmin(dim: 0)
        case "nn.LogSigmoid()": LogSigmoid()
        case "nn.Tanhshrink()": Tanhshrink()
        case "nn.Threshold(0.1, 20.0)": Threshold(0.1, 20)
        case "nn.Threshold(-1.0, -5.0)": Threshold(threshold: -1, value: -5)
        case "nn.Threshold(0.1, 20.0, True)": Threshold(0.1, 20, inplace: true)
        case "nn.PReLU()": PReLU()
        case "nn.PReLU(3)": PReLU(3)
        case "nn.PReLU(init=-0.5)": PReLU(init: -0.5)
        case "nn.PReLU(4, 0.1)": PReLU(4, 0.1)
        default: fatalError("unknown case \(name)")
        }
    }
}

/// The activation modules against torch: printout exactly; output within 1e-6, input and `PReLU` weight
/// gradients within 1e-5, on inputs that include each activation's kinks.
@Suite struct ActivationFixtureTests {
    @Test(arguments: ActivationCase.all)
    func matchesTorch(_ testCase: ActivationCase) {
        let module = ActivationCase.module(testCase.name)
        #expect(module.description == testCase.repr)
        if let weight = testCase.weight {
            #expect(maxDifference(module.parameters().first!, weight) == 0, "default weight")
        }
        let x = testCase.input.tensor.requiresGrad_()
        let y = module(x)
        #expect(maxDifference(y, testCase.output) < 1e-6, "output")
        (y * testCase.grad_output.tensor).sum().backward()
        #expect(maxDifference(x.grad!, testCase.grad_input) < 1e-5, "grad_input")
        if let gradWeight = testCase.grad_weight {
            #expect(maxDifference(module.parameters().first!.grad!, gradWeight) < 1e-5, "grad_weight")
        }
    }

    @Test(arguments: ActivationCase.printed)
    func printsInplaceAsTorch(_ name: String, _ repr: String) {
        #expect(ActivationCase.module(name).description == repr)
    }

    @Test func preluTakesAZeroDimInputWithOneSlope() {
        #expect(PReLU()(Tensor(flat: [Float(-4)], shape: [])).item() == -1)
    }

    @Test func functionalFormsMatchTheModules() {
        let x = Tensor(flat: [Float](arrayLiteral: -4, -3, -1, 0, 0.5, 3, 7, 30), shape: [2, 4])
        #expect(Functional.relu6(x).toArray(of: Float.self) == [0, 0, 0, 0, 0.5, 3, 6, 6])
        #expect(Functional.threshold(x, threshold: 0.5, value: -9).toArray(of: Float.self)
                == [-9, -9, -9, -9, -9, 3, 7, 30])
        #expect(Functional.hardtanh(x, minVal: -2, maxVal: 2).toArray(of: Float.self) == [-2, -2, -1, 0, 0.5, 2, 2, 2])
        #expect(Functional.glu(x, dim: 1).shape == [2, 2])
        #expect(Functional.prelu(x, weight: Tensor(flat: [Float](repeating: 0.5, count: 4), shape: [4]))
                .toArray(of: Float.self) == [-2, -1.5, -0.5, 0, 0.5, 3, 7, 30])
        #expect(Functional.softplus(x).toArray(of: Float.self).last == 30)
    }
}

/// Activations used wrongly stop with PyTorch's messages (each in a child process).
@Suite struct ActivationMisuseTests {
    static func message(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func hardtanhBoundsMustBeOrdered() async {
        let module = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Hardtanh(2, 1)
        }
        #expect(Self.message(module).contains("max_val (1.0) must be greater than min_val (2.0)"))
        let functional = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Functional.hardtanh(Tensor.zeros([2]), minVal: 2, maxVal: 1)
        }
        #expect(Self.message(functional).contains("min_val cannot be greater than max_val"))
    }

    @Test func celuAlphaCannotBeZero() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Functional.celu(Tensor.zeros([2]), alpha: 0)
        }
        #expect(Self.message(result).contains("ZeroDivisionError: alpha cannot be 0 for CELU"))
    }

    @Test func gluHalvesAnEvenDimension() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = GLU()(Tensor.zeros([2, 3]))
        }
        #expect(Self.message(result).contains("Halving dimension must be even, but dimension 1 is size 3"))
    }

    @Test func preluWeightMatchesTheChannels() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = PReLU(2)(Tensor.zeros([2, 3]))
        }
        #expect(Self.message(result).contains(
            "Mismatch of parameter numbers and input channel size. Found parameter numbers = 2 and channel size = 3."))
    }
}
