/// A module that computes a tensor from one or more unconstrained tensors, with an optional right inverse
/// (PyTorch's parametrization protocol: `forward` plus an optional `right_inverse`).
///
/// Any module can be registered with ``Parametrize/registerParametrization(_:_:_:unsafe:)``: its ``Module/forward(_:)``
/// maps the original to the value. Conform to `Parametrization` to give it a right inverse, or to make it take
/// several originals (`original0`, `original1`, … in the state dict):
///
/// ```swift
/// final class RankOne: Module, Parametrization {
///     func forward(originals: [Tensor]) -> Tensor { originals[0].unsqueeze(-1).matmul(originals[1].unsqueeze(-2)) }
///     func rightInverse(_ value: Tensor) -> [Tensor]? { [value[0], value[.all, 0]] }   // original0, original1
/// }
/// ```
public protocol Parametrization: Module {
    /// The value computed from the originals; the default calls the module on its single original.
    func forward(originals: [Tensor]) -> Tensor
    /// The originals that give `value` (PyTorch's `right_inverse`): one tensor is stored as `original`, several as
    /// `original0`, `original1`, …; `nil` when there is no right inverse (registration then keeps the tensor as it
    /// is, and assigning a value is an error). The default is `nil`.
    func rightInverse(_ value: Tensor) -> [Tensor]?
}

extension Parametrization {
    /// Calls the module on its single original.
    public func forward(originals: [Tensor]) -> Tensor {
        check(originals.count == 1, "\(typeName) takes one original, got \(originals.count): implement forward(originals:)")
        return self(originals[0])
    }

    /// No right inverse.
    public func rightInverse(_ value: Tensor) -> [Tensor]? { nil }
}

extension Module {
    /// The module as a parametrization's first step: `forward(originals:)` for a ``Parametrization``, the module
    /// called on its one original otherwise.
    func parametrize(_ originals: [Tensor]) -> Tensor {
        if let parametrization = self as? any Parametrization { return parametrization.forward(originals: originals) }
        check(originals.count == 1, "\(typeName) takes one original, got \(originals.count)")
        return self(originals[0])
    }

    /// The right inverse of a ``Parametrization``, or `nil`.
    func parametrizationRightInverse(_ value: Tensor) -> [Tensor]? {
        (self as? any Parametrization)?.rightInverse(value)
    }
}
