/// The parametrizations of one tensor and its originals (`torch.nn.utils.parametrize.ParametrizationList`), held
/// at `module.parametrizations.<name>`: the state dict stores the originals as `parametrizations.weight.original`
/// (or `original0`, `original1`, … when the first parametrization's right inverse gives several tensors), and the
/// parametrizations' own state under `parametrizations.weight.0.…`. Created by
/// ``Parametrize/registerParametrization(_:_:_:unsafe:)``, not directly.
public final class ParametrizationList: ModuleList<Module> {
    /// Whether the parametrizations may change the tensor's shape or dtype (not checked).
    public internal(set) var unsafe: Bool
    /// Whether the originals are one tensor (`original`) rather than several (`original0`…).
    public let isTensor: Bool
    /// How many originals there are.
    public let originalCount: Int

    /// Registers `original` (changed to the right inverse of its value) as `original`, or the right inverse's
    /// tensors as `original0`, `original1`…, then checks that the parametrization gives back the original's shape
    /// and dtype unless `unsafe`, returning that value in `checkedValue`.
    init(_ first: Module, original: Parameter, unsafe: Bool, checkedValue: inout Tensor?) throws(ReparametrizationError) {
        self.unsafe = unsafe
        let inverse = noGrad { first.parametrizationRightInverse(original) } ?? [original]
        isTensor = inverse.count == 1
        originalCount = inverse.count
        super.init([first])
        if isTensor {
            guard inverse[0].dtype == original.dtype else {
                throw ReparametrizationError("When `right_inverse` outputs one tensor, it may not change the dtype.\noriginal.dtype: \(original.dtype.description)\nright_inverse(original).dtype: \(inverse[0].dtype.description)")
            }
            addOriginal("original", ParametrizationList.set(original, to: inverse[0]))
        } else {
            for (index, tensor) in inverse.enumerated() {
                addOriginal("original\(index)", Parameter(tensor.detach(), requiresGrad: original.requiresGrad))
            }
        }
        if !unsafe {
            let value = self.value()
            guard value.dtype == original.dtype else {
                throw ReparametrizationError("Registering a parametrization may not change the dtype of the tensor, unless `unsafe` flag is enabled.\nunparametrized dtype: \(original.dtype.description)\nparametrized dtype: \(value.dtype.description)")
            }
            guard value.shape == original.shape else {
                throw ReparametrizationError("Registering a parametrization may not change the shape of the tensor, unless `unsafe` flag is enabled.\nunparametrized shape: \(PythonRepr.size(original.shape))\nparametrized shape: \(PythonRepr.size(value.shape))")
            }
            checkedValue = value
        }
    }

    private func addOriginal(_ name: String, _ parameter: Parameter) {
        do { try registerParameter(name, parameter) } catch { fatalError(error.description) }
    }

    /// The single original (`original`); stops when there are several.
    public var original: Parameter {
        check(isTensor, "this parametrization has \(originalCount) originals: use originals")
        return registeredParameter("original")
    }

    /// The originals, in order (`original`, or `original0`, `original1`…).
    public var originals: [Parameter] {
        isTensor ? [registeredParameter("original")] : (0..<originalCount).map { registeredParameter("original\($0)") }
    }

    /// The parametrized value: the first parametrization applied to the originals, then each following one to the
    /// result (PyTorch's `ParametrizationList.forward`). Recorded by autograd, so gradients reach the originals.
    public func value() -> Tensor {
        var value = indexedChild(0).parametrize(originals)
        for index in 1..<count { value = indexedChild(index)(value) }
        return value
    }

    /// Sets the originals so that the parametrization gives `value` (PyTorch's `right_inverse`, what assigning
    /// `module.weight = value` does): each parametrization's right inverse, last one first, under no-grad.
    public func rightInverse(_ value: Tensor) throws(ReparametrizationError) {
        var tensors = [value]
        for index in stride(from: count - 1, through: 0, by: -1) {
            let module = indexedChild(index)
            check(tensors.count == 1, "only the first parametrization may return several tensors from right_inverse")
            guard let inverse = noGrad({ module.parametrizationRightInverse(tensors[0]) }) else {
                throw ReparametrizationError("parametrization \(module.typeName) does not implement right_inverse.")
            }
            tensors = inverse
        }
        guard tensors.count == originalCount else {
            throw ReparametrizationError("'right_inverse' must return a sequence of tensors of length \(originalCount). Got a sequence of length \(tensors.count).")
        }
        for (index, (name, tensor)) in zip(originalNames, tensors).enumerated() {
            let original = registeredParameter(name)
            guard original.dtype == tensor.dtype else {
                throw ReparametrizationError(isTensor
                    ? "The tensor returned by `right_inverse` has dtype \(tensor.dtype.description) while `original` has dtype \(original.dtype.description)"
                    : "Tensor \(index) returned by `right_inverse` has dtype \(tensor.dtype.description) while `original\(index)` has dtype \(original.dtype.description)")
            }
            let updated = ParametrizationList.set(original, to: tensor)
            if updated !== original { addOriginal(name, updated) }
        }
    }

    /// The originals' names: `original`, or `original0`, `original1`…
    var originalNames: [String] { isTensor ? ["original"] : (0..<originalCount).map { "original\($0)" } }

    /// PyTorch's `_maybe_set` (`original.set_(value)`): `original` with `value`'s values, the same object when the
    /// shape is unchanged (so optimizers holding it keep working), a new parameter otherwise.
    static func set(_ original: Parameter, to value: Tensor) -> Parameter {
        if value === original { return original }
        if value.shape == original.shape {
            noGrad { _ = original.copy_(value) }
            return original
        }
        return Parameter(value.detach().clone(), requiresGrad: original.requiresGrad)
    }
}
