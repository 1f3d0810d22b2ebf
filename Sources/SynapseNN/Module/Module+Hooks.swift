/// Hooks registered on one kind of event, in registration order.
struct HookList<Hook> {
    /// The hooks with the ids their handles remove them by.
    private(set) var entries: [(id: Int, hook: Hook)] = []

    /// Whether no hook is registered.
    var isEmpty: Bool { entries.isEmpty }

    mutating func append(_ hook: Hook, id: Int) { entries.append((id, hook)) }
    mutating func remove(id: Int) { entries.removeAll { $0.id == id } }
}

/// Everything hooked onto one module.
struct ModuleHooks {
    var forwardPre = HookList<(Module, inout ForwardArguments) -> Void>()
    var forward = HookList<(Module, ForwardArguments, inout Any) -> Void>()
    var backwardPre = HookList<BackwardPreHook>()
    var backward = HookList<BackwardHook>()
    var stateDictPre = HookList<(Module, String, Bool) -> Void>()
    var stateDictPost = HookList<(Module, inout StateDict, String) -> Void>()
    var loadPre = HookList<(Module, inout StateDict, String) -> Void>()
    var loadPost = HookList<(Module, inout LoadResult) -> Void>()
    /// The id the next registration gets.
    var nextID = 0

    /// Whether calling the module must do more than run its forward.
    var wrapCalls: Bool { !forwardPre.isEmpty || !forward.isEmpty || !backwardPre.isEmpty || !backward.isEmpty }

    /// Removes the hook with `id`, whichever list holds it.
    mutating func remove(id: Int) {
        forwardPre.remove(id: id)
        forward.remove(id: id)
        backwardPre.remove(id: id)
        backward.remove(id: id)
        stateDictPre.remove(id: id)
        stateDictPost.remove(id: id)
        loadPre.remove(id: id)
        loadPost.remove(id: id)
    }
}

/// What a hook registration returns (PyTorch's `RemovableHandle`): ``remove()`` unregisters the hook.
public final class RemovableHandle: @unchecked Sendable {
    private let remover: () -> Void

    init(module: Module, id: Int) {
        remover = { [weak module] in module?.hooks.remove(id: id) }
    }

    /// A handle whose ``remove()`` runs `remover` (the global hooks' handles).
    init(remover: @escaping () -> Void) { self.remover = remover }

    /// Unregisters the hook; calling it again, or after the module is gone, does nothing.
    public func remove() { remover() }
}

extension Module {
    private func register(_ add: (inout ModuleHooks, Int) -> Void) -> RemovableHandle {
        let id = hooks.nextID
        hooks.nextID += 1
        add(&hooks, id)
        return RemovableHandle(module: self, id: id)
    }

    /// Runs `hook(module, input)` before every call of a module whose first argument is a tensor; a returned
    /// tensor replaces that argument. For other arguments, use ``registerForwardPreHook(withArguments:)``.
    ///
    /// ```swift
    /// let handle = net.registerForwardPreHook { _, x in x * 2 }
    /// handle.remove()
    /// ```
    @discardableResult
    public func registerForwardPreHook(_ hook: @escaping (Module, Tensor) -> Tensor?) -> RemovableHandle {
        registerForwardPreHook(withArguments: { module, arguments in
            if let replaced = hook(module, Module.firstTensor(of: arguments, hookKind: "forward pre-hook")) {
                arguments[0] = replaced
            }
        })
    }

    /// Runs `hook(module, &arguments)` before every call, with all of the call's arguments (PyTorch's
    /// `register_forward_pre_hook(hook, with_kwargs=True)`); the hook may replace any of them with a value of the
    /// same type.
    ///
    /// ```swift
    /// layer.registerForwardPreHook(withArguments: { _, arguments in
    ///     if arguments["mask", as: Tensor?.self] == nil { arguments["mask"] = defaultMask }
    /// })
    /// ```
    @discardableResult
    public func registerForwardPreHook(
        withArguments hook: @escaping (Module, inout ForwardArguments) -> Void
    ) -> RemovableHandle {
        register { $0.forwardPre.append(hook, id: $1) }
    }

    /// Runs `hook(module, input, output)` after every call of a module that takes a tensor first and returns a
    /// tensor; a returned tensor replaces the output. For other calls, use ``registerForwardHook(withArguments:)``.
    @discardableResult
    public func registerForwardHook(_ hook: @escaping (Module, Tensor, Tensor) -> Tensor?) -> RemovableHandle {
        registerForwardHook(withArguments: { module, arguments, output in
            let input = Module.firstTensor(of: arguments, hookKind: "forward hook")
            guard let result = output as? Tensor else {
                fatalError("a tensor forward hook is registered on \(module.typeName), whose call returns "
                    + "\(type(of: output)): register it with registerForwardHook(withArguments:)")
            }
            if let replaced = hook(module, input, result) { output = replaced }
        })
    }

    /// Runs `hook(module, arguments, &output)` after every call, with the call's arguments (as the forward
    /// pre-hooks left them) and its result (PyTorch's `register_forward_hook(hook, with_kwargs=True)`); the hook
    /// may replace the result with another of the same type, for instance `(output, weights)` for a
    /// ``MultiheadAttention``.
    @discardableResult
    public func registerForwardHook(
        withArguments hook: @escaping (Module, ForwardArguments, inout Any) -> Void
    ) -> RemovableHandle {
        register { $0.forward.append(hook, id: $1) }
    }

    /// Runs `hook(module, gradOutput)` when a backward pass has computed the gradients of this module's outputs
    /// (PyTorch's `register_full_backward_pre_hook`); returned gradients replace them. `gradOutput` has one entry
    /// per tensor of the result (`nil` where none arrived).
    ///
    /// ```swift
    /// layer.registerFullBackwardPreHook { _, gradOutput in gradOutput.map { $0.map { $0 * 0.5 } } }
    /// ```
    @discardableResult
    public func registerFullBackwardPreHook(_ hook: @escaping BackwardPreHook) -> RemovableHandle {
        register { $0.backwardPre.append(hook, id: $1) }
    }

    /// Runs `hook(module, gradInput, gradOutput)` when a backward pass has computed the gradients of every tensor
    /// argument of a call of this module (PyTorch's `register_full_backward_hook`); returned gradients replace
    /// `gradInput`. `gradInput` has one entry per argument (`nil` for arguments that are not tensors or need no
    /// gradient), `gradOutput` one per tensor of the result. When no argument needs a gradient, the hook runs with
    /// the output gradients and `nil` inputs, and must return `nil`.
    @discardableResult
    public func registerFullBackwardHook(_ hook: @escaping BackwardHook) -> RemovableHandle {
        register { $0.backward.append(hook, id: $1) }
    }

    /// The first argument of a call as a tensor, for the hooks that take one.
    private static func firstTensor(of arguments: ForwardArguments, hookKind: String) -> Tensor {
        guard arguments.count > 0, let tensor = arguments.tensor(at: 0) else {
            fatalError("a tensor \(hookKind) is registered on \(arguments.moduleName), whose call does not start "
                + "with a tensor: register it withArguments:")
        }
        return tensor
    }

    /// Runs `hook(module, prefix, keepVars)` before this module adds its entries to a state dict.
    @discardableResult
    public func registerStateDictPreHook(_ hook: @escaping (Module, String, Bool) -> Void) -> RemovableHandle {
        register { $0.stateDictPre.append(hook, id: $1) }
    }

    /// Runs `hook(module, &stateDict, prefix)` after this module and its children added their entries; the hook
    /// may edit the state dict being built.
    @discardableResult
    public func registerStateDictPostHook(
        _ hook: @escaping (Module, inout StateDict, String) -> Void
    ) -> RemovableHandle {
        register { $0.stateDictPost.append(hook, id: $1) }
    }

    /// Runs `hook(module, &stateDict, prefix)` before a load looks at this module's entries; the hook may edit
    /// the state dict being loaded (rename old keys, for instance). Keys are full keys, `prefix` is this module's.
    @discardableResult
    public func registerLoadStateDictPreHook(
        _ hook: @escaping (Module, inout StateDict, String) -> Void
    ) -> RemovableHandle {
        register { $0.loadPre.append(hook, id: $1) }
    }

    /// Runs `hook(module, &result)` after this module and its children were loaded, with the missing and
    /// unexpected keys found so far; the hook may edit them, which changes whether a strict load fails.
    @discardableResult
    public func registerLoadStateDictPostHook(_ hook: @escaping (Module, inout LoadResult) -> Void) -> RemovableHandle {
        register { $0.loadPost.append(hook, id: $1) }
    }
}
