import Foundation
import Testing
@testable import SynapseNN

/// One model of `scripts/fixtures/parametrize.py`: built, reparametrized, run and un-reparametrized in torch.
struct ReparametrizedModelCase: Decodable, Sendable, CustomTestStringConvertible {
    struct Step: Decodable, Sendable { let input, output, grad_output: TorchTensorFixture }
    struct Evaluation: Decodable, Sendable { let input, output: TorchTensorFixture }
    struct Removed: Decodable, Sendable {
        let repr: String
        let keys: [String]
        let state: NamedTensors
    }

    let name: String
    let seed: Int
    let repr: String
    let parameters, buffers, exact: [String]
    let state, grads, after: NamedTensors
    let steps: [Step]
    let eval: Evaluation
    let removed: Removed?

    var testDescription: String { name }

    private struct File: Decodable, Sendable { let cases: [ReparametrizedModelCase] }
    static let all = FixtureFile.decode(File.self, "parametrize/models.json", generator: "parametrize.py").cases
}

/// The fixture models, written the Swift way, with PyTorch's class names (they print in the reprs).
private final class ResBlock: Module {
    let conv1 = Conv2d(3, 4, kernelSize: (3, 3), padding: .explicit(1, 1))
    let conv2 = Conv2d(4, 3, kernelSize: (3, 3), padding: .explicit(1, 1))
    let head = Linear(48, 2)

    override func forward(_ x: Tensor) -> Tensor {
        head((x + conv2(conv1(x).relu())).flatten(startDim: 1))
    }
}

/// `x.triu() + x.triu(1).T`, written with masks.
private final class Symmetric: Module {
    override func forward(_ x: Tensor) -> Tensor {
        let n = x.size(0)
        let upper = Tensor(flat: (0..<n * n).map { Float($0 % n >= $0 / n ? 1 : 0) }, shape: [n, n])
        let strictlyUpper = Tensor(flat: (0..<n * n).map { Float($0 % n > $0 / n ? 1 : 0) }, shape: [n, n])
        return x * upper + (x * strictlyUpper).t()
    }
}

private final class Scale: Module, Parametrization {
    override func forward(_ x: Tensor) -> Tensor { x * 2 }
    func rightInverse(_ value: Tensor) -> [Tensor]? { [value / 2] }
}

private final class RankOne: Module, Parametrization {
    func forward(originals: [Tensor]) -> Tensor { originals[0].unsqueeze(-1).matmul(originals[1].unsqueeze(-2)) }
    func rightInverse(_ value: Tensor) -> [Tensor]? { [value.select(1, 0).clone(), value.select(0, 0).clone()] }
}

private final class Custom: Module {
    let sym = Linear(3, 3)
    let rank = Linear(4, 3)
    override func forward(_ x: Tensor) -> Tensor { sym(rank(x)).tanh() }
}

private final class Orthogonal: Module {
    let square = Linear(4, 4)
    let tall = Linear(4, 6)
    let wide = Linear(6, 3)
    override func forward(_ x: Tensor) -> Tensor { wide(tall(square(x).tanh()).tanh()) }
}

private func convMLP() -> Sequential<Module> {
    Sequential<Module>([Conv2d(2, 3, kernelSize: (3, 3)), ReLU(), Flatten(), Linear(27, 4)])
}

private func mlp() -> Sequential<Module> { Sequential<Module>([Linear(6, 8), ReLU(), Linear(8, 4)]) }

/// The model of `name`, built and reparametrized in the script's order (draws from the default generator).
private func reparametrizedModel(_ name: String) throws -> Module {
    switch name {
    case "resblock_spectral_norm":
        let block = ResBlock()
        for layer in [block.conv1, block.conv2, block.head] as [Module] { try Parametrizations.spectralNorm(layer) }
        return block
    case "conv_mlp_weight_norm":
        let model = convMLP()
        try Parametrizations.weightNorm(model[0])
        try Parametrizations.weightNorm(model[3], dim: nil)
        return model
    case "legacy_weight_norm":
        let model = convMLP()
        try NNUtils.weightNorm(model[0])
        try NNUtils.weightNorm(model[3], dim: nil)
        return model
    case "legacy_spectral_norm":
        let model = mlp()
        try NNUtils.spectralNorm(model[0])
        try NNUtils.spectralNorm(model[2], nPowerIterations: 2)
        return model
    case "mlp_global_pruning":
        let model = mlp()
        for _ in 0..<2 {
            try Prune.globalUnstructured([(model[0], "weight"), (model[2], "weight")], method: L1Unstructured(amount: 0.3))
        }
        return model
    case "conv_mlp_pruning_methods":
        let model = convMLP()
        try Prune.randomUnstructured(model[0], name: "weight", amount: 0.25)
        try Prune.lnStructured(model[0], name: "weight", amount: 1, n: 2, dim: 0)
        try Prune.l1Unstructured(model[0], name: "bias", amount: 0.5)
        try Prune.randomStructured(model[3], name: "weight", amount: 0.5, dim: 1)
        try Prune.identity(model[3], name: "weight")
        try Prune.customFromMask(model[3], name: "bias", mask: Tensor([1.0, 0.0, 1.0, 1.0]).to(.float32))
        try Prune.randomUnstructured(model[3], name: "bias", amount: 1)
        return model
    case "custom_parametrizations":
        let model = Custom()
        try Parametrize.registerParametrization(model.sym, "weight", Symmetric())
        try Parametrize.registerParametrization(model.sym, "weight", Scale())
        try Parametrize.registerParametrization(model.rank, "weight", RankOne())
        return model
    case "orthogonal_linear", "orthogonal_moved":
        let model = Orthogonal()
        try Parametrizations.orthogonal(model.square)
        try Parametrizations.orthogonal(model.tall)
        try Parametrizations.orthogonal(model.wide, map: .cayley)
        guard name == "orthogonal_moved" else { return model }
        for layer in [model.square, model.tall, model.wide] {
            let original = try #require(Parametrize.parametrizations(of: layer)?["weight"]).original
            noGrad { _ = original.add_(Tensor.randn(original.shape) * 0.3) }
        }
        return model
    default:
        fatalError("no Swift twin for \(name)")
    }
}

/// Removes every parametrization and pruning of the tree, in the script's order.
private func removeReparametrizations(_ model: Module) throws {
    for module in model.modules() {
        for name in Parametrize.parametrizations(of: module)?.keys ?? [] {
            try Parametrize.removeParametrizations(module, name)
        }
        for name in ["weight", "bias"] where Prune.method(of: module, name: name) != nil {
            try Prune.remove(module, name: name)
        }
    }
}

/// Expects `actual` to hold `expected`'s values: bit for bit, or within 1e-5.
private func expectValues(_ actual: Tensor?, _ expected: TorchTensorFixture, exact: Bool, _ what: String) {
    guard let actual else {
        Issue.record("\(what) is missing")
        return
    }
    let difference = maxDifference(actual, expected)
    if exact {
        #expect(difference == 0, "\(what) differs from torch by \(difference)")
    } else {
        #expect(difference <= 1e-5, "\(what) differs from torch by \(difference)")
    }
}

extension DefaultGeneratorSuite {
    @Suite struct ParametrizationFixtureTests {
        @Test(arguments: ReparametrizedModelCase.all)
        func matchesTorch(_ fixture: ReparametrizedModelCase) throws {
            manualSeed(fixture.seed)
            let model = try reparametrizedModel(fixture.name)
            #expect(model.description == fixture.repr)
            #expect(model.namedParameters().map(\.name) == fixture.parameters)
            #expect(model.namedBuffers().map(\.name) == fixture.buffers)
            let state = model.stateDict()
            #expect(state.keys.names == fixture.state.names)
            for (key, expected) in fixture.state.entries {
                expectValues(state[key], expected, exact: fixture.exact.contains(key), "\(fixture.name) \(key)")
            }

            // From torch's own state (its power-iteration vectors), the numbers must follow torch's step by step.
            try model.loadStateDict(fixture.state.stateDict, strict: true)
            for (index, step) in fixture.steps.enumerated() {
                let output = model(step.input.tensor)
                expectValues(output, step.output, exact: false, "\(fixture.name) output of step \(index)")
                (output * step.grad_output.tensor).sum().backward()
            }
            let parameters = Dictionary(uniqueKeysWithValues: model.namedParameters().map { ($0.name, $0.parameter) })
            for (name, expected) in fixture.grads.entries {
                expectValues(parameters[name]?.grad, expected, exact: false, "\(fixture.name) gradient of \(name)")
            }
            let after = StateDict(model.stateDict().map { ($0.key, $0.value.clone()) })
            for (key, expected) in fixture.after.entries {
                expectValues(after[key], expected, exact: false, "\(fixture.name) \(key) after the steps")
            }
            model.eval()
            expectValues(noGrad { model(fixture.eval.input.tensor) }, fixture.eval.output, exact: false,
                         "\(fixture.name) eval output")
            // Evaluation mode takes no power-iteration step: the state is what training left.
            let afterEval = model.stateDict()
            for (key, value) in after {
                #expect(afterEval[key]?.equal(value) == true, "\(fixture.name) \(key) changed in eval mode")
            }

            guard let removed = fixture.removed else { return }
            model.train()
            try removeReparametrizations(model)
            #expect(model.description == removed.repr)
            let final = model.stateDict()
            #expect(final.keys.names == removed.keys)
            for (key, expected) in removed.state.entries {
                expectValues(final[key], expected, exact: false, "\(fixture.name) \(key) after removal")
            }
        }

        /// A state dict written with the old `weight_norm` hook (`weight_g`, `weight_v`) loads into the
        /// parametrization and computes what the hook computed.
        @Test func legacyWeightNormStateLoadsIntoParametrization() throws {
            let legacy = try #require(ReparametrizedModelCase.all.first { $0.name == "legacy_weight_norm" })
            let model = convMLP()
            try Parametrizations.weightNorm(model[0])
            try Parametrizations.weightNorm(model[3], dim: nil)
            let result = try model.loadStateDict(legacy.state.stateDict, strict: true)
            #expect(result.allKeysMatched)
            expectValues(model(legacy.steps[0].input.tensor), legacy.steps[0].output, exact: false, "converted output")
        }
    }
}

/// The state dicts Synapse writes for the fixture models after the training steps, with its eval outputs: committed
/// as `parametrize/synapse_states.json`, which `scripts/fixtures/parametrize.py` loads strictly into the torch
/// models (and checks their outputs). Rewritten by running this test with `SYNAPSE_WRITE_FIXTURES=1`.
private struct SynapseState: Codable {
    struct Entry: Codable {
        let key: String
        let dtype: String
        let shape: [Int]
        let values: [Double]
    }
    let name: String
    let state: [Entry]
    let evalOutput: [Double]
}

extension DefaultGeneratorSuite.ParametrizationFixtureTests {
    @Test func writtenStatesLoadIntoTorch() throws {
        var written: [SynapseState] = []
        for fixture in ReparametrizedModelCase.all {
            manualSeed(fixture.seed)
            let model = try reparametrizedModel(fixture.name)
            for step in fixture.steps {
                (model(step.input.tensor) * step.grad_output.tensor).sum().backward()
            }
            model.eval()
            let output = noGrad { model(fixture.eval.input.tensor) }
            let state = model.stateDict().map { key, value in
                SynapseState.Entry(key: key, dtype: String(describing: value.dtype).replacingOccurrences(of: "torch.", with: ""),
                                   shape: value.shape, values: value.to(.float64).toArray(of: Double.self))
            }
            written.append(SynapseState(name: fixture.name, state: state, evalOutput: output.to(.float64).toArray(of: Double.self)))
        }
        let url = FixtureFile.directory.appendingPathComponent("parametrize/synapse_states.json")
        if ProcessInfo.processInfo.environment["SYNAPSE_WRITE_FIXTURES"] != nil {
            try JSONEncoder().encode(written).write(to: url)
            return
        }
        let committed = FixtureFile.decode([SynapseState].self, "parametrize/synapse_states.json",
                                           generator: "parametrize.py (after SYNAPSE_WRITE_FIXTURES=1 swift test)")
        #expect(committed.map(\.name) == written.map(\.name))
        for (old, new) in zip(committed, written) {
            #expect(old.state.map(\.key) == new.state.map(\.key), "\(new.name)")
            for (a, b) in zip(old.state, new.state) {
                let difference = zip(a.values, b.values).map { Swift.abs($0 - $1) }.max() ?? 0
                #expect(a.shape == b.shape && a.dtype == b.dtype && difference <= 1e-5, "\(new.name) \(b.key)")
            }
            let difference = zip(old.evalOutput, new.evalOutput).map { Swift.abs($0 - $1) }.max() ?? 0
            #expect(difference <= 1e-5, "\(new.name) eval output")
        }
    }
}
