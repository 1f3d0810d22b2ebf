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
    var forwardPre = HookList<(Module, Tensor) -> Tensor?>()
    var forward = HookList<(Module, Tensor, Tensor) -> Tensor?>()
    var stateDictPre = HookList<(Module, String, Bool) -> Void>()
    var stateDictPost = HookList<(Module, inout StateDict, String) -> Void>()
    var loadPre = HookList<(Module, inout StateDict, String) -> Void>()
    var loadPost = HookList<(Module, inout LoadResult) -> Void>()
    /// The id the next registration gets.
    var nextID = 0

    /// Removes the hook with `id`, whichever list holds it.
    mutating func remove(id: Int) {
        forwardPre.remove(id: id)
        forward.remove(id: id)
        stateDictPre.remove(id: id)
        stateDictPost.remove(id: id)
        loadPre.remove(id: id)
        loadPost.remove(id: id)
    }
}

/// What a hook registration returns (PyTorch's `RemovableHandle`): ``remove()`` unregisters the hook.
public final class RemovableHandle: @unchecked Sendable {
    private weak var module: Module?
    private let id: Int

    init(module: Module, id: Int) {
        self.module = module
        self.id = id
    }

    /// Unregisters the hook; calling it again, or after the module is gone, does nothing.
    public func remove() {
        module?.hooks.remove(id: id)
    }
}

extension Module {
    private func register(_ add: (inout ModuleHooks, Int) -> Void) -> RemovableHandle {
        let id = hooks.nextID
        hooks.nextID += 1
        add(&hooks, id)
        return RemovableHandle(module: self, id: id)
    }

    /// Runs `hook(module, input)` before every forward pass; a returned tensor replaces the input.
    ///
    /// ```swift
    /// let handle = net.registerForwardPreHook { _, x in x * 2 }
    /// handle.remove()
    /// ```
    @discardableResult
    public func registerForwardPreHook(_ hook: @escaping (Module, Tensor) -> Tensor?) -> RemovableHandle {
        register { $0.forwardPre.append(hook, id: $1) }
    }

    /// Runs `hook(module, input, output)` after every forward pass; a returned tensor replaces the output.
    @discardableResult
    public func registerForwardHook(_ hook: @escaping (Module, Tensor, Tensor) -> Tensor?) -> RemovableHandle {
        register { $0.forward.append(hook, id: $1) }
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
