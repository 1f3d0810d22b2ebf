/// Walking the module tree in PyTorch's orders: depth first, a module before its children, each module's own
/// members in declaration/registration order. Shared objects are listed once (the first name wins) unless
/// `removeDuplicate` is false.
extension Module {
    /// Every module in the tree with its dotted name, this module first under `prefix` (`named_modules`).
    ///
    /// ```swift
    /// for (name, module) in net.namedModules() { print(name, module.typeName) }   // "" Sequential, "0" Linear…
    /// ```
    public func namedModules(prefix: String = "", removeDuplicate: Bool = true) -> [(name: String, module: Module)] {
        var result: [(name: String, module: Module)] = []
        var memo: Set<ObjectIdentifier> = []
        visitModules(prefix: prefix, removeDuplicate: removeDuplicate, memo: &memo) { result.append(($0, $1)) }
        return result
    }

    /// Every module in the tree, this one first (`modules`).
    public func modules(removeDuplicate: Bool = true) -> [Module] {
        namedModules(removeDuplicate: removeDuplicate).map(\.module)
    }

    /// The direct children with their names, each child once (`named_children`).
    public func namedChildren() -> [(name: String, module: Module)] {
        var result: [(name: String, module: Module)] = []
        var memo: Set<ObjectIdentifier> = []
        forEachChild { name, child in
            if memo.insert(ObjectIdentifier(child)).inserted { result.append((name, child)) }
        }
        return result
    }

    /// The direct children, each once (`children`).
    public func children() -> [Module] { namedChildren().map(\.module) }

    /// The parameters with their dotted names (`named_parameters`). Without `recurse`, only this module's own.
    ///
    /// ```swift
    /// for (name, parameter) in net.namedParameters() { print(name, parameter.shape) }   // 0.weight [8, 4] …
    /// ```
    public func namedParameters(
        prefix: String = "", recurse: Bool = true, removeDuplicate: Bool = true
    ) -> [(name: String, parameter: Parameter)] {
        var result: [(name: String, parameter: Parameter)] = []
        forEachNamedMember(prefix: prefix, recurse: recurse, removeDuplicate: removeDuplicate,
                           members: { module, body in module.forEachOwnParameter(body) }) { result.append(($0, $1)) }
        return result
    }

    /// The parameters, each shared parameter once (`parameters`): what an optimizer is given.
    public func parameters(recurse: Bool = true) -> [Parameter] {
        namedParameters(recurse: recurse).map(\.parameter)
    }

    /// The buffers with their dotted names, persistent or not (`named_buffers`).
    public func namedBuffers(
        prefix: String = "", recurse: Bool = true, removeDuplicate: Bool = true
    ) -> [(name: String, buffer: Tensor)] {
        var result: [(name: String, buffer: Tensor)] = []
        forEachNamedMember(prefix: prefix, recurse: recurse, removeDuplicate: removeDuplicate,
                           members: { module, body in module.forEachOwnBuffer { name, buffer, _ in body(name, buffer) } }) {
            result.append(($0, $1))
        }
        return result
    }

    /// The buffers, each shared buffer once (`buffers`).
    public func buffers(recurse: Bool = true) -> [Tensor] {
        namedBuffers(recurse: recurse).map(\.buffer)
    }

    /// Pre-order walk of the tree (`named_modules`): `body(name, module)` for this module under `prefix`, then
    /// for its children's subtrees. With `removeDuplicate`, a module already in `memo` is skipped with its subtree.
    func visitModules(
        prefix: String, removeDuplicate: Bool, memo: inout Set<ObjectIdentifier>, _ body: (String, Module) -> Void
    ) {
        if removeDuplicate && !memo.insert(ObjectIdentifier(self)).inserted { return }
        body(prefix, self)
        forEachChild { name, child in
            child.visitModules(prefix: prefix.isEmpty ? name : prefix + "." + name,
                               removeDuplicate: removeDuplicate, memo: &memo, body)
        }
    }

    /// PyTorch's `_named_members`: the members `members` lists for each module of the walk, named
    /// `modulePrefix.name`, each object once when `removeDuplicate`.
    private func forEachNamedMember<Member: AnyObject>(
        prefix: String, recurse: Bool, removeDuplicate: Bool,
        members: (Module, (String, Member) -> Void) -> Void, _ body: (String, Member) -> Void
    ) {
        var seen: Set<ObjectIdentifier> = []
        var own: [(String, Member)] = []
        func visit(_ modulePrefix: String, _ module: Module) {
            own.removeAll(keepingCapacity: true)
            members(module) { own.append(($0, $1)) }
            for (name, member) in own {
                if removeDuplicate && !seen.insert(ObjectIdentifier(member)).inserted { continue }
                body(modulePrefix.isEmpty ? name : modulePrefix + "." + name, member)
            }
        }
        if recurse {
            var memo: Set<ObjectIdentifier> = []
            visitModules(prefix: prefix, removeDuplicate: removeDuplicate, memo: &memo, visit)
        } else {
            visit(prefix, self)
        }
    }
}
