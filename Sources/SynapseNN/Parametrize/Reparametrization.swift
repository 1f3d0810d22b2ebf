/// What is attached to one tensor of a module: a parametrization, a pruning method, or a legacy weight-norm or
/// spectral-norm hook, with the forward pre-hook that recomputes the tensor before every call of the module.
final class Reparametrization {
    /// The machinery behind the tensor.
    enum Kind {
        /// ``Parametrize/registerParametrization(_:_:_:unsafe:)``: the list lives in `parametrizations.<name>`.
        case parametrization
        /// `torch.nn.utils.prune`: `<name>_orig` times the `<name>_mask` buffer.
        case pruning(PruningMethod)
        /// `torch.nn.utils.weight_norm`: `<name>_g` and `<name>_v`.
        case weightNorm(LegacyWeightNorm)
        /// `torch.nn.utils.spectral_norm`: `<name>_orig` and the `<name>_u`, `<name>_v` buffers.
        case spectralNorm(LegacySpectralNorm)
    }

    var kind: Kind
    /// The forward pre-hook that recomputes the tensor.
    let hook: RemovableHandle
    /// The ``Parametrize/cached(_:)`` scope whose value the property holds now (parametrizations only).
    var cacheScope: Int?

    init(kind: Kind, hook: RemovableHandle) {
        self.kind = kind
        self.hook = hook
    }
}

/// A module's reparametrized tensors, by name, and the parameter properties PyTorch would list last.
struct Reparametrizations {
    /// What is attached to each tensor.
    var entries: [String: Reparametrization] = [:]
    /// Properties whose reparametrization was removed: PyTorch deletes the parameter and registers it again at
    /// the end of `_parameters`, so they are listed after the other parameters, in this order.
    var parametersMovedLast: [String] = []

    /// What is attached to `name`.
    subscript(name: String) -> Reparametrization? {
        get { entries[name] }
        set { entries[name] = newValue }
    }

    /// Everything attached.
    var values: Dictionary<String, Reparametrization>.Values { entries.values }
}

/// What went wrong attaching or removing a parametrization, a pruning method or a weight/spectral-norm hook; the
/// message is PyTorch's where it has one.
public struct ReparametrizationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The message.
    public let description: String

    init(_ description: String) { self.description = description }
}

extension Module {
    /// Attaches `kind` to the tensor `name`, with a forward pre-hook that calls `recompute` before every call.
    func attachReparametrization(_ kind: Reparametrization.Kind, to name: String, recompute: @escaping (Module) -> Void) {
        let hook = registerForwardPreHook(withArguments: { module, _ in recompute(module) })
        reparametrizations[name] = Reparametrization(kind: kind, hook: hook)
    }

    /// Detaches what is attached to `name`, removing its forward pre-hook.
    func detachReparametrization(_ name: String) {
        reparametrizations.entries.removeValue(forKey: name)?.hook.remove()
    }

    /// The parameter registered under `name` at run time (`weight_orig`, `original`…).
    func registeredParameter(_ name: String) -> Parameter {
        guard let parameter = registeredParameters[name] ?? nil else {
            fatalError("'\(typeName)' object has no parameter '\(name)'")
        }
        return parameter
    }

    /// The buffer registered under `name` at run time (`weight_mask`, `weight_u`…).
    func registeredBuffer(_ name: String) -> Tensor {
        guard let buffer = registeredBuffers[name] ?? nil else {
            fatalError("'\(typeName)' object has no buffer '\(name)'")
        }
        return buffer
    }

    /// The current (non-computed) parameter called `name`, for the functions that take a tensor over.
    func plainParameter(_ name: String) throws(ReparametrizationError) -> Parameter {
        guard let member = locateMember(named: name), member.kind == .parameter, let parameter = member.object as? Parameter,
              !(parameter is ComputedParameter) else {
            if reparametrizations[name] != nil {
                throw ReparametrizationError("parameter '\(name)' of \(typeName) is already reparametrized")
            }
            throw ReparametrizationError("Module '\(self)' has no parameter or buffer with name '\(name)'")
        }
        check(!(parameter is UninitializedParameter),
            "The module passed can't have uninitialized parameters. Make sure to run the dummy forward before applying it")
        return parameter
    }

    /// Removes the run-time parameter `name` (PyTorch's `del module._parameters[name]`).
    func unregisterParameter(_ name: String) { registeredParameters.remove(name) }

    /// Removes the run-time buffer `name`.
    func unregisterBuffer(_ name: String) {
        registeredBuffers.remove(name)
        nonPersistentBuffers.remove(name)
    }

    /// Puts the plain parameter `parameter` back as `name`'s value, listed after the other parameters as PyTorch's
    /// `register_parameter` does: registered again at the end, or put in its property and listed last.
    func restoreParameter(_ parameter: Parameter, as name: String) {
        guard case .field = locateMember(named: name)?.location else {
            registeredParameters.remove(name)
            registeredParameters.set(parameter, for: name)
            return
        }
        replaceTensor(named: name, with: parameter)
        reparametrizations.parametersMovedLast.removeAll { $0 == name }
        reparametrizations.parametersMovedLast.append(name)
    }
}
