extension Module {
    /// Puts `module` at the dotted path `target` (`set_submodule`): it replaces the child there, or, unless
    /// `strict`, becomes a new child of the module the path's prefix names.
    ///
    /// ```swift
    /// try net.setSubmodule("0.block1.2", Linear(8, 4))
    /// ```
    ///
    /// A child held in a stored property can be replaced when the property is a `var` (or an array or dictionary
    /// `var`, for `layers.0`) whose type can hold `module`. The global module registration hooks run, as
    /// PyTorch's `setattr` runs them. Throws PyTorch's errors: `Cannot set the submodule without a target name!`,
    /// "`weight` is not an nn.Module", `Linear has no attribute `x`` (with `strict`, or for a missing prefix).
    public func setSubmodule(_ target: String, _ module: Module, strict: Bool = false) throws(ModuleError) {
        if target.isEmpty { throw .emptyTarget }
        let atoms = target.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        // An element of an array or dictionary property (`layers.0`) is one member whose name has a dot.
        if atoms.count >= 2, let parent = try? getSubmodule(atoms.dropLast(2).joined(separator: ".")) {
            let name = atoms.suffix(2).joined(separator: ".")
            if let member = parent.locateMember(named: name), case .field(let field, let element) = member.location,
               element != .whole {
                guard member.kind == .module else { throw .notAModule(name) }
                let value = parent.runModuleRegistrationHooks(name, module)
                guard let value, field.isVar, field.access.accepts(value) else { throw .attributeExists(name) }
                field.store(value, at: element, in: parent)
                return
            }
        }
        let parent = try getSubmodule(atoms.dropLast().joined(separator: "."))
        let name = atoms[atoms.count - 1]
        if let member = parent.locateMember(named: name) {
            guard member.kind == .module else { throw .notAModule(name) }
        } else if strict {
            throw .noAttribute(typeName: parent.typeName, name: name)
        }
        try parent.addModule(name, module)
    }
}
