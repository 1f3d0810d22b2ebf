import Testing
import SynapseNN
import SynapseOptim

/// `setSubmodule`, `deepCopy` and the dtype shorthands, against torch where torch has an answer
/// (`scripts/fixtures/module_utilities.py`). Every module here draws from a private generator.
@Suite struct ModuleUtilityTests {
    struct Fixture: Decodable, Sendable {
        struct SetSubmodule: Decodable, Sendable {
            let repr: String
            let errors: [ErrorCase]
        }
        struct ErrorCase: Decodable, Sendable, CustomTestStringConvertible {
            let target: String
            let strict: Bool
            let error: String
            var testDescription: String { "set_submodule(\"\(target)\", strict: \(strict))" }
        }
        struct Conversion: Decodable, Sendable, CustomTestStringConvertible {
            let method: String
            let dtypes: [[String]]
            var testDescription: String { method }
        }
        let set_submodule: SetSubmodule
        let conversions: [Conversion]

        static let shared = FixtureFile.decode(Fixture.self, "modules/module_utilities.json",
                                               generator: "module_utilities.py")
    }

    static func net() -> Sequential<Module> {
        let generator = Generator(seed: 0)
        return Sequential(Linear(2, 2, generator: generator), Sequential(Linear(2, 2, generator: generator)))
    }

    @Test func setSubmoduleReplacesAndAddsAsTorch() throws {
        let net = Self.net()
        let replacement = Linear(2, 3, generator: Generator(seed: 1))
        try net.setSubmodule("1.0", replacement)
        try net.setSubmodule("2", ReLU())
        #expect(net.description == Fixture.shared.set_submodule.repr)
        #expect(try net.getSubmodule("1.0") === replacement)
    }

    @Test(arguments: Fixture.shared.set_submodule.errors)
    func setSubmoduleErrorsAreTorchs(_ testCase: Fixture.ErrorCase) {
        #expect(throws: ModuleError.self) { try Self.net().setSubmodule(testCase.target, ReLU(), strict: testCase.strict) }
        do {
            try Self.net().setSubmodule(testCase.target, ReLU(), strict: testCase.strict)
        } catch {
            #expect(error.description == testCase.error)
        }
    }

    /// A custom module with children in an array property, a `var` and a `let` property.
    final class Blocks: Module {
        var layers = [Linear(2, 2, generator: Generator(seed: 2)), Linear(2, 2, generator: Generator(seed: 3))]
        var head = Linear(2, 1, generator: Generator(seed: 4))
        let fixed = Linear(1, 1, generator: Generator(seed: 5))
    }

    @Test func setSubmoduleReachesPropertiesAndArrayElements() throws {
        let model = Blocks()
        let element = Linear(2, 2, generator: Generator(seed: 6)), head = Linear(2, 1, generator: Generator(seed: 7))
        try model.setSubmodule("layers.1", element)
        try model.setSubmodule("head", head)
        #expect(model.layers[1] === element && model.head === head)
        #expect(throws: ModuleError.attributeExists("fixed")) { try model.setSubmodule("fixed", ReLU()) }
        #expect(throws: ModuleError.attributeExists("layers.0")) { try model.setSubmodule("layers.0", ReLU()) }
        #expect(Array(model.stateDict().keys).count == 8)
    }

    @Test func deepCopyHasItsOwnTensors() throws {
        let model = Sequential<Module>(Linear(3, 2, generator: Generator(seed: 8)), BatchNorm1d(2))
        model[0].weight.requiresGrad = false
        model[1].eval()
        noGrad { _ = model[1].running_mean.fill_(0.5) }
        let copy = try model.deepCopy { Sequential<Module>(Linear(3, 2, generator: Generator(seed: 0)), BatchNorm1d(2)) }
        #expect(zip(copy.stateDict(), model.stateDict()).allSatisfy { $0.key == $1.key && $0.value.equal($1.value) })
        #expect(zip(copy.parameters(), model.parameters()).allSatisfy { $0 !== $1 && $0.requiresGrad == $1.requiresGrad })
        #expect(copy.training && !copy[1].training)
        noGrad { _ = copy[0].bias.fill_(9.0) }
        #expect(!model[0].bias.equal(copy[0].bias))
        #expect(throws: ModuleCopyError.self) { try model.deepCopy { Sequential<Module>(Linear(3, 2, dtype: .float64, generator: Generator(seed: 0)), BatchNorm1d(2)) } }
    }

    /// As PyTorch's `module._apply`: converting keeps every parameter and buffer object, so an optimiser made
    /// before the conversion steps the converted model; gradients are converted with their tensors.
    @Test func conversionKeepsParameterIdentitySoOptimisersStillHoldTheModel() {
        let shared = Linear(2, 2, generator: Generator(seed: 3))
        let model = Sequential<Module>(shared, BatchNorm1d(2), shared)
        let before = model.parameters().map(ObjectIdentifier.init)
        let buffers = model.buffers().map(ObjectIdentifier.init)
        let optimizer = SGD(model.parameters(), lr: 0.5)
        model(Tensor.ones([3, 2])).sum().backward()
        model.double()
        #expect(model.parameters().map(ObjectIdentifier.init) == before)
        #expect(model.buffers().map(ObjectIdentifier.init) == buffers)
        #expect(model.parameters().allSatisfy { $0.dtype == .float64 && $0.grad?.dtype == .float64 && $0.requiresGrad })
        let weightBefore = shared.weight.toArray(of: Double.self)
        let gradient = shared.weight.grad!.toArray(of: Double.self)
        optimizer.step()
        #expect(shared.weight.toArray(of: Double.self) == zip(weightBefore, gradient).map { $0 - 0.5 * $1 })
        optimizer.zeroGrad()
        let output = model(Tensor.ones([3, 2], dtype: .float64))
        output.sum().backward()
        #expect(output.dtype == .float64 && shared.weight.grad?.dtype == .float64)
    }

    /// `t.data = other` (PyTorch's `.data` setter): the same object now views `other`'s memory and layout; views
    /// made before keep the old memory; the gradient and `requiresGrad` stay.
    @Test func assigningDataSwapsTheMemoryAndKeepsTheObject() {
        let weight = Parameter(Tensor([[1.0, 2.0], [3.0, 4.0]]))
        let oldView = weight.data
        weight.grad = Tensor.ones([2, 2])
        let replacement = Tensor([[5.0, 6.0], [7.0, 8.0]], dtype: .float64)
        weight.data = replacement
        #expect(weight.dtype == .float64 && weight.requiresGrad && weight.grad != nil)
        noGrad { _ = replacement.fill_(9.0) }
        #expect(weight.toArray(of: Double.self) == [9, 9, 9, 9])   // shares the assigned tensor's memory
        #expect(oldView.toArray(of: Float.self) == [1, 2, 3, 4])
        weight.data = Tensor.zeros([3])
        #expect(weight.shape == [3])
    }

    @Test(arguments: Fixture.shared.conversions)
    func dtypeShorthandsConvertFloatingPointTensorsOnly(_ testCase: Fixture.Conversion) {
        let model = Sequential<Module>(Linear(2, 2, generator: Generator(seed: 9)), BatchNorm1d(2)).double()
        switch testCase.method {
        case "double": model.double()
        case "half": model.half()
        case "bfloat16": model.bfloat16()
        default: model.float()
        }
        #expect(model.stateDict().map { [$0.key, "\($0.value.dtype)".replacingOccurrences(of: "torch.", with: "")] }
                    == testCase.dtypes)
    }
}
