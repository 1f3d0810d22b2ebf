import Synchronization

/// The registration hooks common to all modules, kept process-wide (hooks are copied out of the lock before they
/// run, so a hook may register things itself).
struct RegistrationHooks: Sendable {
    var parameter: [(id: Int, hook: ParameterRegistrationHook)] = []
    var buffer: [(id: Int, hook: BufferRegistrationHook)] = []
    var module: [(id: Int, hook: ModuleRegistrationHook)] = []
    var nextID = 0

    /// The hooks of every module of the process.
    static let shared = Locked(RegistrationHooks())
    /// How many hooks are registered, read without the lock so that registrations (a container's children) cost
    /// nothing more while there are none.
    static let count = Atomic<Int>(0)

    /// Adds a hook with `add` and returns the handle that removes it.
    static func register(_ add: (inout RegistrationHooks, Int) -> Void) -> RemovableHandle {
        let id = shared.withLock { hooks in
            let id = hooks.nextID
            hooks.nextID += 1
            add(&hooks, id)
            count.add(1, ordering: .relaxed)
            return id
        }
        return RemovableHandle {
            shared.withLock { hooks in
                let before = hooks.parameter.count + hooks.buffer.count + hooks.module.count
                hooks.parameter.removeAll { $0.id == id }
                hooks.buffer.removeAll { $0.id == id }
                hooks.module.removeAll { $0.id == id }
                let removed = before - (hooks.parameter.count + hooks.buffer.count + hooks.module.count)
                count.subtract(removed, ordering: .relaxed)
            }
        }
    }
}

/// A parameter registration hook: `(module, name, parameter)`, returning a replacement or `nil`.
public typealias ParameterRegistrationHook = @Sendable (Module, String, Parameter) -> Parameter?
/// A buffer registration hook: `(module, name, buffer or nil)`, returning a replacement or `nil`.
public typealias BufferRegistrationHook = @Sendable (Module, String, Tensor?) -> Tensor?
/// A module registration hook: `(module, name, child or nil)`, returning a replacement or `nil`.
public typealias ModuleRegistrationHook = @Sendable (Module, String, Module?) -> Module?

/// Registers `hook`, run for every module each time a parameter is registered
/// (`torch.nn.modules.module.register_module_parameter_registration_hook`): with the module, the name and the
/// parameter; a returned parameter is registered instead.
///
/// In PyTorch these hooks run on every `register_parameter`, `register_buffer` and `add_module`, and so on every
/// attribute assignment of a parameter, buffer or module, including those in a layer's `__init__`. Synapse finds
/// stored properties by reflection, without registering them, so here the hooks run on the run-time
/// registrations: ``Module/registerParameter(_:_:)`` (not for `nil`, as in PyTorch),
/// ``Module/registerBuffer(_:_:persistent:)``, ``Module/addModule(_:_:)`` / ``Module/registerModule(_:_:)``, and
/// the children containers add (``Sequential``'s and ``ModuleList``'s elements, appended or assigned), not on
/// ``ParameterList`` elements. They run after the name was checked and before the value is stored. The hooks
/// are process-wide: filter on the module when other code registers members concurrently.
///
/// ```swift
/// let handle = registerModuleParameterRegistrationHook { module, name, parameter in
///     print("\(module.typeName).\(name)", parameter.shape)
///     return nil
/// }
/// defer { handle.remove() }
/// ```
@discardableResult
public func registerModuleParameterRegistrationHook(_ hook: @escaping ParameterRegistrationHook) -> RemovableHandle {
    RegistrationHooks.register { $0.parameter.append(($1, hook)) }
}

/// Registers `hook`, run for every module each time a buffer is registered (also `nil` ones)
/// (`register_module_buffer_registration_hook`); a returned tensor is registered instead. They run where
/// ``registerModuleParameterRegistrationHook(_:)`` says.
@discardableResult
public func registerModuleBufferRegistrationHook(_ hook: @escaping BufferRegistrationHook) -> RemovableHandle {
    RegistrationHooks.register { $0.buffer.append(($1, hook)) }
}

/// Registers `hook`, run for every module each time a child module is added (also `nil` ones)
/// (`register_module_module_registration_hook`); a returned module is added instead. They run where
/// ``registerModuleParameterRegistrationHook(_:)`` says.
@discardableResult
public func registerModuleModuleRegistrationHook(_ hook: @escaping ModuleRegistrationHook) -> RemovableHandle {
    RegistrationHooks.register { $0.module.append(($1, hook)) }
}

extension Module {
    /// `parameter` after the global parameter registration hooks.
    func runParameterRegistrationHooks(_ name: String, _ parameter: Parameter) -> Parameter {
        runRegistrationHooks(\.parameter, name, parameter) { $0 }
    }

    /// `buffer` after the global buffer registration hooks.
    func runBufferRegistrationHooks(_ name: String, _ buffer: Tensor?) -> Tensor? {
        runRegistrationHooks(\.buffer, name, buffer) { $0 }
    }

    /// `module` after the global module registration hooks.
    func runModuleRegistrationHooks(_ name: String, _ module: Module?) -> Module? {
        runRegistrationHooks(\.module, name, module) { $0 }
    }

    /// `value` after the hooks of `list`, each one's replacement (made a `Value` by `wrap`) handed to the next.
    private func runRegistrationHooks<Value, Replacement>(
        _ list: KeyPath<RegistrationHooks, [(id: Int, hook: @Sendable (Module, String, Value) -> Replacement?)]>,
        _ name: String, _ value: Value, wrap: (Replacement) -> Value
    ) -> Value {
        if RegistrationHooks.count.load(ordering: .relaxed) == 0 { return value }
        let hooks = RegistrationHooks.shared.withLock { $0[keyPath: list] }
        var value = value
        for entry in hooks {
            if let replaced = entry.hook(self, name, value) { value = wrap(replaced) }
        }
        return value
    }
}
