/// The value a module reads under a tensor's name while that tensor is computed from others: the parametrized
/// `weight` of `Parametrize.registerParametrization`, a pruned weight (`weight_orig * weight_mask`), a
/// weight-normalised or spectral-normalised weight.
///
/// It sits in the module's `Parameter`-typed property so that the layer's code reads it unchanged, but it is not a
/// parameter, as in PyTorch: ``Module/namedParameters(prefix:recurse:removeDuplicate:)`` and
/// ``Module/stateDict(prefix:keepVars:)`` leave it out, and it is not a leaf of the autograd graph: gradients
/// flow through it to the tensors it was computed from. It prints as the plain tensor it is (`grad_fn=<…>`).
public final class ComputedParameter: Parameter, @unchecked Sendable {
    /// A slot value standing for `value`, history included.
    override init(computed value: Tensor) {
        super.init(computed: value)
    }

    /// Not available: a computed value comes from the tensors it is computed from.
    public required convenience init(floatLiteral value: Double) {
        fatalError("ComputedParameter can't be created from a literal")
    }
    /// Not available: a computed value comes from the tensors it is computed from.
    public required convenience init(integerLiteral value: Int) {
        fatalError("ComputedParameter can't be created from a literal")
    }
    /// Not available: a computed value comes from the tensors it is computed from.
    public required convenience init(booleanLiteral value: Bool) {
        fatalError("ComputedParameter can't be created from a literal")
    }

    /// A computed tensor prints as a tensor, without `Parameter containing:`.
    public override func decorateDescription(_ tensorDescription: String) -> String { tensorDescription }
}

extension Module {
    /// Stores `value` as the tensor this module reads under `name` (its property or registered parameter), as a
    /// ``ComputedParameter``.
    func setComputedTensor(_ value: Tensor, for name: String) {
        replaceTensor(named: name, with: ComputedParameter(computed: value))
    }
}
