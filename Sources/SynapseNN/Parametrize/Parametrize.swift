import SynapseTensor

/// Parametrizations (`torch.nn.utils.parametrize`): a module's tensor computed from unconstrained originals.
///
/// ```swift
/// final class Symmetric: Module {
///     override func forward(_ x: Tensor) -> Tensor { (x + x.t()) / 2 }
/// }
/// let layer = Linear(3, 3)
/// try Parametrize.registerParametrization(layer, "weight", Symmetric())
/// print(layer)
/// // ParametrizedLinear(
/// //   in_features=3, out_features=3, bias=True
/// //   (parametrizations): ModuleDict(
/// //     (weight): ParametrizationList(
/// //       (0): Symmetric()
/// //     )
/// //   )
/// // )
/// print(layer.stateDict().keys)    // odict_keys(['bias', 'parametrizations.weight.original'])
/// ```
///
/// PyTorch recomputes `module.weight` at every attribute read. A Swift stored property can't run code when read,
/// so Synapse recomputes it when it is registered, before every call of the module (a forward pre-hook), and when
/// ``value(of:_:)`` is asked; code that reads the property between an optimizer step and the next call sees the
/// value of the last call. Inside ``cached(_:)`` it is computed once per module and scope, as PyTorch's cache does.
/// Because a call writes the property, a reparametrized module can't be called from several threads at once.
public enum Parametrize {
    /// Registers `parametrization` on the parameter `name` of `module` (`register_parametrization`).
    ///
    /// The first registration moves the parameter to `module.parametrizations.<name>.original` (the same object,
    /// set to the parametrization's right inverse of its value, if it has one) or to `original0`, `original1`… when
    /// the right inverse gives several tensors; the module prints as `Parametrized<Type>`. Further registrations
    /// chain: the new parametrization is applied to the result of the earlier ones. Unless `unsafe`, the
    /// parametrization must keep the tensor's shape and dtype. The parametrization follows the module's training
    /// mode. PyTorch evaluates nothing at an `unsafe` registration; Synapse evaluates the parametrization once to
    /// fill the module's property.
    @discardableResult
    public static func registerParametrization(
        _ module: Module, _ name: String, _ parametrization: Module, unsafe: Bool = false
    ) throws(ReparametrizationError) -> Module {
        parametrization.train(module.training)
        if let list = module.parametrizationList(name) {
            let checked = unsafe ? nil : try checkChained(parametrization, on: module, name)
            list.append(parametrization)
            list.unsafe = list.unsafe || unsafe
            module.setComputedTensor(checked ?? list.value(), for: name)
            return module
        }
        guard module.reparametrizations[name] == nil else {
            throw ReparametrizationError("parameter '\(name)' of \(module.typeName) is pruned or normalised by a hook: remove that first")
        }
        guard let original = try? module.plainParameter(name) else {
            throw ReparametrizationError("Module '\(module)' does not have a parameter, a buffer, or a parametrized element with name '\(name)'")
        }
        var checked: Tensor?
        let list = try ParametrizationList(parametrization, original: original, unsafe: unsafe, checkedValue: &checked)
        let dictionary: ModuleDict<ParametrizationList>
        if let existing = module.parametrizationDictionary {
            dictionary = existing
        } else {
            dictionary = ModuleDict<ParametrizationList>()
            do { try module.addModule(parametrizationsKey, dictionary) } catch {
                throw ReparametrizationError("can't add 'parametrizations' to \(module.typeName): \(error)")
            }
        }
        do { try dictionary.insert(list, forKey: name) } catch { fatalError(error.description) }
        module.setComputedTensor(checked ?? list.value(), for: name)
        module.attachReparametrization(.parametrization, to: name) { module in module.refreshParametrization(name) }
        return module
    }

    /// PyTorch's checks when a parametrization is added to a chain: same dtype and shape out, and back through its
    /// right inverse. Returns the new value of the chain.
    private static func checkChained(_ parametrization: Module, on module: Module, _ name: String) throws(ReparametrizationError) -> Tensor {
        let current = value(of: module, name)
        let next = parametrization(current)
        guard next.dtype == current.dtype else {
            throw ReparametrizationError("Registering a parametrization may not change the dtype of the tensor, unless the `unsafe` flag is enabled.\nmodule.\(name).dtype: \(current.dtype)\nparametrization(module.\(name)).dtype: \(next.dtype)")
        }
        guard next.shape == current.shape else {
            throw ReparametrizationError("Registering a parametrization may not change the shape of the tensor, unless the `unsafe` flag is enabled.\nmodule.\(name).shape: \(PythonRepr.size(current.shape))\nparametrization(module.\(name)).shape: \(PythonRepr.size(next.shape))")
        }
        if let inverse = parametrization.parametrizationRightInverse(next) {
            guard inverse.count == 1 else {
                throw ReparametrizationError("parametrization.right_inverse must return a tensor. Got: tuple")
            }
            guard inverse[0].dtype == current.dtype, inverse[0].shape == current.shape else {
                throw ReparametrizationError("The tensor returned by parametrization.right_inverse must have the same dtype and shape as module.\(name), unless the `unsafe` flag is enabled.\nmodule.\(name): \(current.dtype) \(PythonRepr.size(current.shape))\nreturned: \(inverse[0].dtype) \(PythonRepr.size(inverse[0].shape))")
            }
        }
        return next
    }

    /// The parametrizations of `module` by tensor name (`module.parametrizations`), or `nil` when it has none.
    public static func parametrizations(of module: Module) -> ModuleDict<ParametrizationList>? {
        module.parametrizationDictionary
    }

    /// Sets the parametrized tensor `name` to `value` through the right inverses (PyTorch's `module.weight = value`
    /// on a parametrized module), and recomputes it. Throws when a parametrization has no right inverse.
    public static func assign(_ value: Tensor, to module: Module, _ name: String) throws(ReparametrizationError) {
        guard let list = module.parametrizationList(name) else {
            throw ReparametrizationError("Module \(module) does not have a parametrization on \(name)")
        }
        try list.rightInverse(value)
        module.setComputedTensor(list.value(), for: name)
    }

    /// Gives `target` the parametrizations of `source` on `name` (on every parametrized tensor when `nil`), the
    /// same parametrization modules, with `target`'s originals replaced by `source`'s: the two modules then share
    /// (tie) the unconstrained tensors (`transfer_parametrizations_and_params`). A tensor `target` lacks is first
    /// registered as a parameter holding `source`'s current value.
    @discardableResult
    public static func transferParametrizationsAndParams(
        from source: Module, to target: Module, _ name: String? = nil
    ) throws(ReparametrizationError) -> Module {
        guard let dictionary = source.parametrizationDictionary else { return target }
        for name in name.map({ [$0] }) ?? dictionary.keys {
            guard let list = dictionary[name] else {
                throw ReparametrizationError("Module \(source) does not have a parametrization on \(name)")
            }
            if target.locateMember(named: name) == nil {
                do { try target.registerParameter(name, Parameter(value(of: source, name).detach())) } catch {
                    throw ReparametrizationError("can't register '\(name)' on \(target.typeName): \(error)")
                }
            }
            for parametrization in list { try registerParametrization(target, name, parametrization) }
            guard let targetList = target.parametrizationList(name) else { continue }
            for (originalName, original) in zip(list.originalNames, list.originals) {
                do { try targetList.registerParameter(originalName, original) } catch { fatalError(error.description) }
            }
            target.setComputedTensor(targetList.value(), for: name)
        }
        return target
    }

    /// Whether `module` has a parametrization on `name`, or on any tensor when `name` is `nil` (`is_parametrized`).
    public static func isParametrized(_ module: Module, _ name: String? = nil) -> Bool {
        module.isParametrized(name)
    }

    /// Removes the parametrizations of `name` (`remove_parametrizations`). With `leaveParametrized`, the tensor
    /// keeps its current parametrized value (computed under no-grad: a spectral norm in training mode takes one
    /// more power-iteration step, as in PyTorch); otherwise it goes back to the original, which needs a single
    /// original. A single original keeps its identity either way. The module prints as its own type again once
    /// nothing is parametrized.
    @discardableResult
    public static func removeParametrizations(
        _ module: Module, _ name: String, leaveParametrized: Bool = true
    ) throws(ReparametrizationError) -> Module {
        guard let list = module.parametrizationList(name), let dictionary = module.parametrizationDictionary else {
            throw ReparametrizationError("Module \(module) does not have a parametrization on \(name)")
        }
        let restored: Parameter
        if list.isTensor {
            let original = list.original
            restored = leaveParametrized ? ParametrizationList.set(original, to: noGrad { list.value() }) : original
        } else {
            guard leaveParametrized else {
                throw ReparametrizationError("Cannot leave unparametrized (`leave_parametrized=False`) a tensor that is parametrized in terms of a sequence of tensors.")
            }
            let value = list.value()
            restored = Parameter(value.detach(), requiresGrad: value.requiresGrad)
        }
        module.detachReparametrization(name)
        _ = dictionary.removeValue(forKey: name)
        module.restoreParameter(restored, as: name)
        if dictionary.count == 0 { module.registeredModules.remove(parametrizationsKey) }
        return module
    }

    /// The current value of the parametrized tensor `name`, computed now (what reading `module.weight` gives in
    /// PyTorch), and stored in the module's property.
    public static func value(of module: Module, _ name: String) -> Tensor {
        guard module.parametrizationList(name) != nil else {
            fatalError("Module \(module.typeName) does not have a parametrization on \(name)")
        }
        module.refreshParametrization(name)
        return module.locateMember(named: name)!.object as! Tensor
    }

    /// Runs `body` with the parametrizations' cache on (`with parametrize.cached():`): each parametrized tensor is
    /// computed once, at the first call of its module inside `body`, and reused by later calls (useful when a
    /// module runs several times in one forward pass, as a recurrent cell does). Nested scopes share the outer cache.
    public static func cached<Result>(_ body: () throws -> Result) rethrows -> Result {
        if CacheScope.current != nil { return try body() }
        return try CacheScope.$current.withValue(CacheScope.next()) { try body() }
    }

    /// The key of the child that holds the parametrizations.
    static let parametrizationsKey = "parametrizations"
}

/// The identity of the current ``Parametrize/cached(_:)`` scope.
enum CacheScope {
    @TaskLocal static var current: Int?

    private static let counter = Locked(0)

    static func next() -> Int {
        counter.withLock { value in
            value += 1
            return value
        }
    }
}

extension Module {
    /// The `parametrizations` child, when there is one.
    var parametrizationDictionary: ModuleDict<ParametrizationList>? {
        registeredModules[Parametrize.parametrizationsKey].flatMap { $0 as? ModuleDict<ParametrizationList> }
    }

    /// The parametrizations of `name`, when it is parametrized.
    func parametrizationList(_ name: String) -> ParametrizationList? {
        parametrizationDictionary.flatMap { dictionary in dictionary.contains(name) ? dictionary[name] : nil }
    }

    /// The name PyTorch prints for the module's class (`_get_name()`): ``typeName``, prefixed with `Parametrized`
    /// while a tensor is parametrized (PyTorch swaps in a `ParametrizedLinear` subclass).
    var printedTypeName: String { (isParametrized() ? "Parametrized" : "") + typeName }

    /// Whether `name` (or, when `nil`, any tensor) is parametrized.
    func isParametrized(_ name: String? = nil) -> Bool {
        guard let dictionary = parametrizationDictionary else { return false }
        return name.map(dictionary.contains) ?? (dictionary.count > 0)
    }

    /// Recomputes the parametrized tensor `name` into its property, unless the current cache scope has it.
    func refreshParametrization(_ name: String) {
        guard let list = parametrizationList(name), let entry = reparametrizations[name] else { return }
        let scope = CacheScope.current
        if let scope, entry.cacheScope == scope { return }
        setComputedTensor(list.value(), for: name)
        entry.cacheScope = scope
    }
}
