/// Run-time registration, for members whose names are only known when the program runs (containers, loops).
/// Names follow PyTorch's rules and errors.
extension Module {
    /// Registers `parameter` under `name` (`register_parameter`), after the stored properties' parameters.
    /// Registering a name again replaces the value in place; `nil` keeps the name without a parameter.
    ///
    /// Throws when the name is empty, contains ".", or is already used by a buffer, a child or a stored property.
    public func registerParameter(_ name: String, _ parameter: Parameter?) throws(ModuleError) {
        let field = try storedField(name, for: parameter, kind: .parameter)
        if field == nil { try checkName(name, for: .parameter) }
        let value = parameter.map { runParameterRegistrationHooks(name, $0) }
        if let field { try store(value, in: field) } else { registeredParameters.set(value, for: name) }
    }

    /// Registers `tensor` as a buffer under `name` (`register_buffer`). A non-persistent buffer is listed by
    /// ``namedBuffers(prefix:recurse:removeDuplicate:)`` but left out of the state dict.
    ///
    /// ```swift
    /// try model.registerBuffer("running_mean", Tensor.zeros([8]))
    /// try model.registerBuffer("mask", Tensor.ones([8]), persistent: false)
    /// ```
    public func registerBuffer(_ name: String, _ tensor: Tensor?, persistent: Bool = true) throws(ModuleError) {
        func wrapped(_ tensor: Tensor?) -> Buffer? { tensor.map { $0 as? Buffer ?? Buffer($0, persistent: persistent) } }
        let field = try storedField(name, for: wrapped(tensor), kind: .buffer)
        if field == nil { try checkName(name, for: .buffer) }
        let value = runBufferRegistrationHooks(name, tensor)
        if let field { return try store(wrapped(value), in: field) }
        registeredBuffers.set(value, for: name)
        if persistent {
            nonPersistentBuffers.remove(name)
        } else {
            nonPersistentBuffers.insert(name)
        }
    }

    /// Adds `module` as a child named `name` (`add_module`), after the stored properties' children.
    ///
    /// ```swift
    /// let net = Sequential()
    /// for i in 0..<4 { try net.addModule("block\(i)", block1()) }
    /// ```
    public func addModule(_ name: String, _ module: Module?) throws(ModuleError) {
        if let module { checkChildType(module) }
        let field = try storedField(name, for: module, kind: .module)
        if field == nil {
            if isUsedByOtherMember(name, kind: .module) { throw .attributeExists(name) }
            if name.contains(".") { throw .nameContainsDot(.module, name: name) }
            if name.isEmpty { throw .emptyName(.module) }
        }
        let value = runModuleRegistrationHooks(name, module)
        if let value { checkChildType(value) }
        if let field { try store(value, in: field) } else { registeredModules.set(value, for: name) }
    }

    /// The same as ``addModule(_:_:)`` (`register_module`).
    public func registerModule(_ name: String, _ module: Module?) throws(ModuleError) {
        try addModule(name, module)
    }

    /// Sets a registered child whose name the caller generated (containers' `"0"`, `"1"`…).
    func setChild(_ module: Module?, named name: String) {
        let module = runModuleRegistrationHooks(name, module)
        if let module { checkChildType(module) }
        registeredModules.set(module, for: name)
    }

    /// Registers a child given in a literal: a name PyTorch rejects is a bug in the code, not bad data.
    func addLiteralModule(_ name: String, _ module: Module) {
        do { try addModule(name, module) } catch { fatalError(error.description) }
    }

    /// Stops when a typed container is given a child of another type.
    private func checkChildType(_ module: Module) {
        check(canHoldChild(module), "\(typeName) of \(type(of: self)) can't hold a \(module.typeName)")
    }

    /// The stored member called `name` when registering `value` under that name replaces it, as assigning
    /// `self.weight = …` does in PyTorch; `nil` when no stored property has that name. The property must be a
    /// `var` of the same kind that can hold `value`; otherwise (or for `nil`) it is PyTorch's "already exists" error.
    private func storedField(_ name: String, for value: AnyObject?, kind: MemberKind) throws(ModuleError) -> MemberField? {
        guard let field = layout.fields.first(where: { $0.name == name && !$0.access.isCollection }) else { return nil }
        guard field.kind == kind, let value, field.isVar, field.access.accepts(value) else {
            throw .attributeExists(name)
        }
        return field
    }

    /// Stores `value` (as the registration hooks left it) in the stored property `field`, checked as
    /// ``storedField(_:for:kind:)`` checks.
    private func store(_ value: AnyObject?, in field: MemberField) throws(ModuleError) {
        guard let value, field.access.accepts(value) else { throw .attributeExists(field.name) }
        field.store(value, at: .whole, in: self)
    }

    /// PyTorch's checks for parameter and buffer names, in its order.
    private func checkName(_ name: String, for kind: MemberKind) throws(ModuleError) {
        if name.contains(".") { throw .nameContainsDot(kind, name: name) }
        if name.isEmpty { throw .emptyName(kind) }
        if isUsedByOtherMember(name, kind: kind) { throw .attributeExists(name) }
    }

    /// Whether `name` is a stored property or a registered member of another kind than `kind`.
    private func isUsedByOtherMember(_ name: String, kind: MemberKind) -> Bool {
        if layout.propertyNames.contains(name) { return true }
        return (kind != .parameter && registeredParameters.contains(name))
            || (kind != .buffer && registeredBuffers.contains(name))
            || (kind != .module && registeredModules.contains(name))
    }
}
