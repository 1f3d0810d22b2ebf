/// A tensor that is a trainable part of a module (`torch.nn.Parameter`): it requires grad by default, and a module
/// finds it among its stored properties (or its registered parameters), so it appears in ``Module/parameters(recurse:)``,
/// ``Module/namedParameters(prefix:recurse:removeDuplicate:)`` and ``Module/stateDict(prefix:keepVars:)``.
///
/// A parameter shares the memory of the tensor it wraps, as in PyTorch: writes through either are seen by both.
/// It is always a leaf of the autograd graph.
///
/// ```swift
/// let a = Tensor([1, 2, 3]).to(.float32)
/// let param = Parameter(a)
/// print(param)
/// // Parameter containing:
/// // tensor([1., 2., 3.], requires_grad=True)
/// print(param.data)        // tensor([1., 2., 3.])
/// ```
open class Parameter: Tensor, TensorDescriptionDecorating, @unchecked Sendable {
    /// Wraps `tensor`'s memory as a parameter (`nn.Parameter(tensor, requires_grad=...)`). The parameter has no
    /// autograd history, whatever `tensor` had. Only floating-point tensors can require grad.
    public init(_ tensor: Tensor, requiresGrad: Bool = true) {
        super.init(sharing: tensor)
        if requiresGrad { self.requiresGrad = true }
    }

    /// A parameter object standing for the computed tensor `value`, history included (for ``ComputedParameter``).
    init(computed value: Tensor) {
        super.init(sharing: value)
        adoptAutogradIdentity(of: value)
    }

    /// A 0-dimensional `.float32` parameter from a literal.
    public required convenience init(floatLiteral value: Double) { self.init(Tensor(floatLiteral: value)) }
    /// A 0-dimensional `.int64` tensor from a literal; it can't require grad, so it is created with
    /// `requiresGrad == false`.
    public required convenience init(integerLiteral value: Int) {
        self.init(Tensor(integerLiteral: value), requiresGrad: false)
    }
    /// A 0-dimensional `.bool` tensor from a literal, created with `requiresGrad == false`.
    public required convenience init(booleanLiteral value: Bool) {
        self.init(Tensor(booleanLiteral: value), requiresGrad: false)
    }

    /// Prefixes torch's `Parameter containing:` line to the tensor's printout.
    open func decorateDescription(_ tensorDescription: String) -> String {
        "Parameter containing:\n" + tensorDescription
    }
}
