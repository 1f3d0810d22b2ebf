import Testing
@testable import SynapseNN

/// PyTorch's error messages for misuse, written by `scripts/fixtures/parametrize.py`.
private let torchErrors = FixtureFile.decode(ErrorFile.self, "parametrize/errors.json", generator: "parametrize.py").errors

private struct ErrorFile: Decodable { let errors: [String: String] }

private final class Transpose: Module {
    override func forward(_ x: Tensor) -> Tensor { x.t() }
}

private final class Symmetric: Module {
    override func forward(_ x: Tensor) -> Tensor { (x + x.t()) / 2 }
}

private final class Scale: Module, Parametrization {
    override func forward(_ x: Tensor) -> Tensor { x * 2 }
    func rightInverse(_ value: Tensor) -> [Tensor]? { [value / 2] }
}

private final class RankOne: Module, Parametrization {
    func forward(originals: [Tensor]) -> Tensor { originals[0].unsqueeze(-1).matmul(originals[1].unsqueeze(-2)) }
    func rightInverse(_ value: Tensor) -> [Tensor]? { [value.select(1, 0).clone(), value.select(0, 0).clone()] }
}

/// Counts its evaluations.
private final class Counting: Module {
    var calls = 0
    override func forward(_ x: Tensor) -> Tensor {
        calls += 1
        return x * 1
    }
}

/// The message `body` throws, or a note that it threw nothing.
private func message(_ body: () throws -> Void) -> String {
    do {
        try body()
        return "(no error)"
    } catch {
        return "\(error)"
    }
}

private func layer() -> Linear { Linear(4, 3, generator: Generator(seed: 0)) }

extension DefaultGeneratorSuite {
    /// Misuse, with PyTorch's messages (the spectral-norm hooks draw from the default generator).
    @Suite struct ParametrizationMisuseTests {
        @Test func parametrizationErrorsMatchTorch() throws {
            #expect(message { try Parametrize.registerParametrization(layer(), "weights", Scale()) }
                == torchErrors["register_missing_name"])
            #expect(message { try Parametrize.registerParametrization(layer(), "weight", Transpose()) }
                == torchErrors["register_changes_shape"])
            #expect(message { try Parametrize.removeParametrizations(layer(), "weight") } == torchErrors["remove_not_parametrized"])
            let rankOne = try Parametrize.registerParametrization(layer(), "weight", RankOne())
            #expect(message { try Parametrize.removeParametrizations(rankOne, "weight", leaveParametrized: false) }
                == torchErrors["remove_several_originals_unparametrized"])
            let symmetric = try Parametrize.registerParametrization(Linear(3, 3, generator: Generator(seed: 0)), "weight", Symmetric())
            #expect(message { try Parametrize.assign(Tensor.zeros([3, 3]), to: symmetric, "weight") }
                == torchErrors["right_inverse_missing"])
            #expect(message { try Parametrizations.spectralNorm(layer(), dim: 2) } == torchErrors["spectral_norm_bad_dim"])
            #expect(message { try Parametrizations.spectralNorm(layer(), nPowerIterations: 0) }
                == torchErrors["spectral_norm_bad_iterations"])
            #expect(message { try NNUtils.weightNorm(try NNUtils.weightNorm(layer())) } == torchErrors["legacy_weight_norm_twice"])
            #expect(message { try NNUtils.spectralNorm(try NNUtils.spectralNorm(layer())) }
                == torchErrors["legacy_spectral_norm_twice"])
            #expect(message { try NNUtils.removeWeightNorm(layer()) } == torchErrors["remove_weight_norm_missing"])
            #expect(message { try NNUtils.removeSpectralNorm(layer()) } == torchErrors["remove_spectral_norm_missing"])
        }

        @Test func pruningErrorsMatchTorch() throws {
            #expect(message { try Prune.l1Unstructured(layer(), name: "weight", amount: 1.5) }
                == torchErrors["prune_fraction_out_of_range"])
            #expect(message { try Prune.randomUnstructured(layer(), name: "weight", amount: -1) } == torchErrors["prune_negative_count"])
            #expect(message { try Prune.l1Unstructured(layer(), name: "weight", amount: 13) } == torchErrors["prune_count_too_large"])
            #expect(message { try Prune.lnStructured(layer(), name: "bias", amount: 1, n: 2, dim: 0) }
                == torchErrors["prune_structured_vector"])
            #expect(message { try Prune.randomStructured(layer(), name: "weight", amount: 1, dim: 2) }
                == torchErrors["prune_structured_bad_dim"])
            #expect(message { try Prune.remove(layer(), name: "weight") } == torchErrors["prune_remove_unpruned"])
            #expect(message { try Prune.l1Unstructured(layer(), name: "weight", amount: 2, importanceScores: Tensor.ones([4, 3])) }
                == torchErrors["prune_importance_shape"])
            #expect(message { try Prune.customFromMask(layer(), name: "weight", mask: Tensor.ones([4, 3])) }
                == torchErrors["prune_custom_mask_shape"])
            // Swift names the class without its Python module path.
            let global = message {
                try Prune.globalUnstructured([(layer(), "weight")], method: RandomStructured(amount: 1))
            }
            let torchGlobal = try #require(torchErrors["prune_global_structured"])
            #expect(global.hasPrefix(String(torchGlobal.prefix(while: { $0 != "<" }))))
            #expect(global.hasSuffix("of type structured"))
        }

        /// A failed pruning leaves the module as it was; a failed second round keeps the first.
        @Test func failedPruningChangesNothing() throws {
            let linear = layer()
            #expect(throws: ReparametrizationError.self) { try Prune.l1Unstructured(linear, name: "weight", amount: 13) }
            #expect(linear.stateDict().keys.names == ["weight", "bias"])
            #expect(!Prune.isPruned(linear))
            try Prune.l1Unstructured(linear, name: "weight", amount: 6)
            #expect(throws: ReparametrizationError.self) { try Prune.l1Unstructured(linear, name: "weight", amount: 7) }
            #expect(linear.stateDict().keys.names == ["bias", "weight_orig", "weight_mask"])
            #expect(!(Prune.method(of: linear, name: "weight") is PruningContainer))
            // Six of the remaining six: the second round sees only the unpruned entries.
            try Prune.l1Unstructured(linear, name: "weight", amount: 6)
            let mask = try #require(linear.stateDict()["weight_mask"])
            #expect(mask.sum().item() == 0)
            #expect((Prune.method(of: linear, name: "weight") as? PruningContainer)?.methods.count == 2)
        }

        /// Another reparametrization of a tensor already taken is refused, whatever the kind.
        @Test func reparametrizationsDoNotStack() throws {
            let pruned = try Prune.identity(layer(), name: "weight")
            #expect(throws: ReparametrizationError.self) { try Parametrize.registerParametrization(pruned, "weight", Scale()) }
            #expect(throws: ReparametrizationError.self) { try NNUtils.weightNorm(pruned) }
            let normalised = try NNUtils.weightNorm(layer())
            #expect(throws: ReparametrizationError.self) { try Prune.identity(normalised, name: "weight") }
        }
    }
}

@Suite struct ParametrizationBehaviourTests {
    /// The computed weight is not a parameter; gradients reach the original; unsafe parametrizations may change the
    /// shape; removal without leaving the value parametrized gives back the original object.
    @Test func computedWeightIsNotAParameter() throws {
        let linear = layer()
        let original = linear.weight
        try Parametrize.registerParametrization(linear, "weight", Scale())
        #expect(linear.parameters().count == 2)
        #expect(linear.weight is ComputedParameter)
        #expect(!linear.weight.isLeaf)
        let list = try #require(Parametrize.parametrizations(of: linear)?["weight"])
        #expect(list.original === original)
        let x = Tensor.ones([2, 4])
        linear(x).sum().backward()
        let grad = try #require(original.grad)
        #expect(grad.allclose(Tensor.full([3, 4], 4)))    // d(sum(x W'ᵀ))/dW' = 2 rows of ones, times the scale 2
        #expect(String(describing: linear.weight).contains("grad_fn="))
        try Parametrize.removeParametrizations(linear, "weight", leaveParametrized: false)
        #expect(linear.weight === original)
        #expect(!Parametrize.isParametrized(linear))
        #expect(linear.description == "Linear(in_features=4, out_features=3, bias=True)")
        #expect(linear.stateDict().keys.names == ["bias", "weight"])
    }

    @Test func unsafeParametrizationMayChangeTheShape() throws {
        let linear = Linear(4, 4, bias: false, generator: Generator(seed: 1))
        let module = Module()
        try module.registerParameter("table", Parameter(Tensor.ones([2, 3])))
        try Parametrize.registerParametrization(module, "table", Transpose(), unsafe: true)
        #expect(Parametrize.value(of: module, "table").shape == [3, 2])
        try Parametrize.registerParametrization(linear, "weight", Transpose(), unsafe: true)
        #expect(Parametrize.parametrizations(of: linear)?["weight"]?.unsafe == true)
    }

    @Test func assignGoesThroughTheRightInverse() throws {
        let linear = layer()
        try Parametrize.registerParametrization(linear, "weight", Scale())
        try Parametrize.assign(Tensor.full([3, 4], 6), to: linear, "weight")
        #expect(Parametrize.parametrizations(of: linear)?["weight"]?.original.allclose(Tensor.full([3, 4], 3)) == true)
        #expect(linear.weight.allclose(Tensor.full([3, 4], 6)))
    }

    /// Inside `cached`, a module called twice computes its parametrized tensor once; outside, once per call.
    @Test func cacheComputesOncePerScope() throws {
        let linear = layer()
        let counting = Counting()
        try Parametrize.registerParametrization(linear, "weight", counting)
        let afterRegistration = counting.calls
        let x = Tensor.ones([1, 4])
        _ = linear(x)
        _ = linear(x)
        #expect(counting.calls == afterRegistration + 2)
        Parametrize.cached {
            _ = linear(x)
            _ = linear(x)
            Parametrize.cached { _ = linear(x) }
        }
        #expect(counting.calls == afterRegistration + 3)
        Parametrize.cached { _ = linear(x) }
        #expect(counting.calls == afterRegistration + 4)
    }

    /// Pruning's computed weight carries the mask into the gradient; `remove` keeps the parameter object.
    @Test func pruningMasksTheGradient() throws {
        let linear = layer()
        let original = linear.weight
        let mask = Tensor(flat: (0..<12).map { Float($0 % 2) }, shape: [3, 4])
        try Prune.customFromMask(linear, name: "weight", mask: mask)
        #expect(Prune.isPruned(Sequential<Module>([linear])))
        linear(Tensor.ones([1, 4])).sum().backward()
        #expect(try #require(original.grad).equal(mask))
        try Prune.remove(linear, name: "weight")
        #expect(linear.weight === original)
        #expect((original * (1 - mask)).abs().sum().item() == 0)
        #expect(linear.stateDict().keys.names == ["bias", "weight"])
        #expect(!Prune.isPruned(linear))
    }
}

extension ParametrizationBehaviourTests {
    /// Load errors name the parametrized class, as PyTorch's do.
    @Test func loadErrorsNameTheParametrizedClass() throws {
        let linear = try Parametrize.registerParametrization(layer(), "weight", Scale())
        let error = try #require(throws: StateDictLoadError.self) { try linear.loadStateDict(StateDict()) }
        #expect(error.description == torchErrors["load_into_parametrized"])
    }
}

extension DefaultGeneratorSuite.ParametrizationMisuseTests {
    /// Converting a reparametrized model converts its originals, masks and vectors; the next call recomputes the
    /// tensor in the new dtype.
    @Test func conversionCarriesTheReparametrizations() throws {
        let model = Sequential<Module>([Linear(4, 3), Linear(3, 2), Linear(2, 2)])
        try Parametrizations.spectralNorm(model[0])
        try Prune.l1Unstructured(model[1], name: "weight", amount: 2)
        try NNUtils.weightNorm(model[2])
        let keys = model.stateDict().keys.names
        model.to(.float64)
        #expect(model.stateDict().keys.names == keys)
        #expect(model.stateDict().tensors.allSatisfy { $0.dtype == .float64 })
        let output = model(Tensor.ones([1, 4], dtype: .float64))
        #expect(output.dtype == .float64)
        output.sum().backward()
        #expect(model.parameters().allSatisfy { $0.grad?.dtype == .float64 })
    }
}

/// `transfer_parametrizations_and_params`, against the keys and reprs torch gives (`parametrize/transfer.json`).
private struct TransferFixture: Decodable {
    struct Target: Decodable {
        let repr: String
        let keys: [String]
    }
    let with_weight, without: Target
}

extension ParametrizationBehaviourTests {
    @Test func transferTiesTheOriginals() throws {
        let fixture = FixtureFile.decode(TransferFixture.self, "parametrize/transfer.json", generator: "parametrize.py")
        let source = Linear(3, 3, generator: Generator(seed: 6))
        try Parametrize.registerParametrization(source, "weight", Scale())
        try Parametrize.registerParametrization(source, "weight", Scale())
        let withWeight = Linear(3, 3, generator: Generator(seed: 7)), without = Module()
        try Parametrize.transferParametrizationsAndParams(from: source, to: withWeight)
        try Parametrize.transferParametrizationsAndParams(from: source, to: without)
        let original = try #require(Parametrize.parametrizations(of: source)?["weight"]).original
        for (target, expected) in [(withWeight as Module, fixture.with_weight), (without, fixture.without)] {
            let list = try #require(Parametrize.parametrizations(of: target)?["weight"])
            #expect(list.original === original)
            #expect(list[0] === Parametrize.parametrizations(of: source)?["weight"]?[0])
            #expect(target.stateDict().keys.names == expected.keys)
            #expect(Parametrize.value(of: target, "weight").equal(Parametrize.value(of: source, "weight")))
            #expect(target.description == expected.repr)
        }
    }
}
