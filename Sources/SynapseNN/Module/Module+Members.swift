/// Where a member lives: in a stored property (at an element of it), or among the registered members.
enum MemberLocation {
    case field(MemberField, FieldElement)
    case registered
}

/// A member found by name: its kind, its current object (`nil` for an empty optional or a registered `nil`), and
/// where it lives.
struct LocatedMember {
    let kind: MemberKind
    let object: AnyObject?
    let location: MemberLocation
}

// The one place that enumerates a module's own members: reflected properties first, then registered members.
// Every traversal, printout, state dict and load goes through these.
extension Module {
    /// Calls `body` with each of this module's own non-nil parameters and its name; a ``ComputedParameter`` (the
    /// value of a parametrized, pruned or weight-normalised tensor) is not a parameter, as in PyTorch, and a
    /// property whose reparametrization was removed comes last, where PyTorch registers it again.
    @inline(__always)
    func forEachOwnParameter(_ body: (String, Parameter) -> Void) {
        let movedLast = reparametrizations.parametersMovedLast
        var moved: [(String, Parameter)] = []
        for field in layout.parameterFields {
            field.forEachElement(in: self) { name, _, object in
                if object is ComputedParameter { return }
                let parameter = unsafeDowncast(object, to: Parameter.self)
                if !movedLast.isEmpty && movedLast.contains(name) { moved.append((name, parameter)) } else { body(name, parameter) }
            }
        }
        let registered = registeredParameters
        for index in 0..<registered.count {
            if let parameter = registered.values[index], !(parameter is ComputedParameter) {
                body(registered.names[index], parameter)
            }
        }
        for name in movedLast {
            if let entry = moved.first(where: { $0.0 == name }) { body(entry.0, entry.1) }
        }
    }

    /// Calls `body` with each of this module's own non-nil buffers, its name and whether it is persistent.
    @inline(__always)
    func forEachOwnBuffer(_ body: (String, Tensor, Bool) -> Void) {
        for field in layout.bufferFields {
            field.forEachElement(in: self) { name, _, object in
                let buffer = unsafeDowncast(object, to: Buffer.self)
                body(name, buffer, buffer.persistent)
            }
        }
        let registered = registeredBuffers
        for index in 0..<registered.count {
            if let buffer = registered.values[index] {
                let name = registered.names[index]
                body(name, buffer, !nonPersistentBuffers.contains(name))
            }
        }
    }

    /// Calls `body` with each direct child and its name, without removing duplicates (a child held twice is
    /// passed twice), as PyTorch's `_modules.items()`.
    @inline(__always)
    func forEachChild(_ body: (String, Module) -> Void) {
        for field in layout.moduleFields {
            field.forEachElement(in: self) { name, _, object in body(name, unsafeDowncast(object, to: Module.self)) }
        }
        let registered = registeredModules
        for index in 0..<registered.count {
            if let module = registered.values[index] { body(registered.names[index], module) }
        }
    }

    /// The direct children with their names, duplicates included.
    var childEntries: [(name: String, module: Module)] {
        var entries: [(name: String, module: Module)] = []
        forEachChild { entries.append(($0, $1)) }
        return entries
    }

    /// The member called `name` (a parameter, buffer or child; `name.0` for array elements), or `nil`.
    func locateMember(named name: String) -> LocatedMember? {
        for field in layout.fields where name == field.name || name.hasPrefix(field.name + ".") {
            if name == field.name && !field.access.isCollection {
                var object: AnyObject?
                field.forEachElement(in: self) { _, _, element in object = element }
                return LocatedMember(kind: field.kind, object: object, location: .field(field, .whole))
            }
            var found: LocatedMember?
            field.forEachElement(in: self) { memberName, element, object in
                if memberName == name {
                    found = LocatedMember(kind: field.kind, object: object, location: .field(field, element))
                }
            }
            if let found { return found }
        }
        if let parameter = registeredParameters[name] {
            return LocatedMember(kind: .parameter, object: parameter, location: .registered)
        }
        if let buffer = registeredBuffers[name] {
            return LocatedMember(kind: .buffer, object: buffer, location: .registered)
        }
        if let module = registeredModules[name] {
            return LocatedMember(kind: .module, object: module, location: .registered)
        }
        return nil
    }

    /// Puts `tensor` in place of the parameter or buffer called `name`, keeping its position. A property must be
    /// a `var` whose type accepts `tensor`.
    func replaceTensor(named name: String, with tensor: Tensor) {
        guard let member = locateMember(named: name) else {
            fatalError("'\(typeName)' object has no attribute '\(name)'")
        }
        switch member.location {
        case .field(let field, let element):
            check(field.isVar,
                "can't replace '\(name)' of \(typeName): its property '\(field.property)' is a 'let'; declare it with 'var'")
            check(field.access.accepts(tensor),
                "can't store a \(type(of: tensor)) in '\(field.property)' of \(typeName)")
            field.store(tensor, at: element, in: self)
        case .registered:
            if member.kind == .parameter {
                registeredParameters.set(tensor as? Parameter, for: name)
            } else {
                registeredBuffers.set(tensor, for: name)
            }
        }
    }
}
