/// Reaching members by name, as Python's attribute access and `get_submodule`/`get_parameter`/`get_buffer` do.
extension Module {
    /// The parameter or buffer called `name` (its member name, or the Swift name of its property), for values whose
    /// static type is `Module`: `net[2].bias`, `rgnet[0][1][0].bias.data`. The result is the ``Parameter`` or
    /// buffer object itself.
    ///
    /// Stops with PyTorch's message (`'Linear' object has no attribute 'wieght'`) when there is no such member;
    /// child modules are reached with ``getSubmodule(_:)`` or a typed accessor (``subscript(_:as:)``).
    public subscript(dynamicMember name: String) -> Tensor {
        let resolved = layout.fields.first { $0.property == name }?.name ?? name
        guard let member = locateMember(named: resolved) else {
            fatalError("'\(printedTypeName)' object has no attribute '\(name)'")
        }
        check(member.kind != .module,
            "'\(name)' of '\(typeName)' is a module, not a tensor: use getSubmodule(\"\(resolved)\") or a typed accessor")
        guard let tensor = member.object as? Tensor else {
            fatalError("the \(member.kind.rawValue) '\(name)' of '\(typeName)' is nil (None in PyTorch)")
        }
        return tensor
    }

    /// The child at `index` as the module type you know it has, for full typed access:
    /// `net[2, as: Linear.self].weight`, `net[0, as: Linear.self].inFeatures`. Stops when it is another type.
    public subscript<M: Module>(index: Int, as type: M.Type) -> M {
        let module = self[index]
        guard let typed = module as? M else {
            fatalError("\(typeName)[\(index)] is a \(module.typeName), not a \(M.self)")
        }
        return typed
    }

    /// The module at the dotted path `target` (`get_submodule`); `""` is this module.
    ///
    /// ```swift
    /// let block = try rgnet.getSubmodule("0.block1")
    /// ```
    /// Throws PyTorch's errors: Sequential has no attribute \`block9\`, or \`weight\` is not an nn.Module.
    public func getSubmodule(_ target: String) throws(ModuleError) -> Module {
        if target.isEmpty { return self }
        let atoms = target.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var module = self
        var index = 0
        while index < atoms.count {
            let single = atoms[index]
            let pair = index + 1 < atoms.count ? single + "." + atoms[index + 1] : nil
            if let next = module.locateMember(named: single)?.object as? Module {
                module = next
                index += 1
            } else if let pair, let next = module.locateMember(named: pair)?.object as? Module {
                module = next
                index += 2
            } else if module.locateMember(named: single) != nil {
                throw .notAModule(single)
            } else if let pair, module.locateMember(named: pair) != nil {
                throw .notAModule(pair)
            } else {
                throw .noAttribute(typeName: module.typeName, name: single)
            }
        }
        return module
    }

    /// The parameter at the dotted path `target` (`get_parameter`), e.g. `"2.bias"`.
    public func getParameter(_ target: String) throws(ModuleError) -> Parameter {
        let (module, name, member) = try resolveMember(target)
        guard let member else { throw .noAttribute(typeName: module.typeName, name: name) }
        guard member.kind == .parameter, let parameter = member.object as? Parameter else { throw .notAParameter(name) }
        return parameter
    }

    /// The buffer at the dotted path `target` (`get_buffer`), e.g. `"0.running_mean"`.
    public func getBuffer(_ target: String) throws(ModuleError) -> Tensor {
        let (module, name, member) = try resolveMember(target)
        guard let member else { throw .noAttribute(typeName: module.typeName, name: name) }
        guard member.kind == .buffer, let buffer = member.object as? Tensor else { throw .notABuffer(name) }
        return buffer
    }

    /// Splits `target` into the owning module and the member name (which may be an element name `name.0`).
    private func resolveMember(_ target: String) throws(ModuleError) -> (Module, String, LocatedMember?) {
        let atoms = target.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if atoms.count >= 2, let module = try? getSubmodule(atoms.dropLast(2).joined(separator: ".")) {
            let element = atoms.suffix(2).joined(separator: ".")
            if let member = module.locateMember(named: element) { return (module, element, member) }
        }
        let module = try getSubmodule(atoms.dropLast().joined(separator: "."))
        let name = atoms[atoms.count - 1]
        return (module, name, module.locateMember(named: name))
    }
}
