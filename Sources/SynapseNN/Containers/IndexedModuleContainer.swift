/// The list operations ``Sequential`` and ``ModuleList`` share: children numbered `"0"`, `"1"`…, counted,
/// appended, removed and iterated in order.
public protocol IndexedModuleContainer: Module, Sequence where Iterator == IndexingIterator<[Module]> {}

extension IndexedModuleContainer {
    /// Number of children.
    public var count: Int { indexedChildren.count }

    /// Adds `module` at the end under the next index; returns self.
    @discardableResult
    public func append(_ module: Module) -> Self {
        appendIndexedChild(module)
        return self
    }

    /// Adds each module at the end; returns self.
    @discardableResult
    public func extend(_ modules: some Sequence<Module>) -> Self {
        for module in modules { appendIndexedChild(module) }
        return self
    }

    /// Removes and returns the child at `index` (`pop`); the children are renumbered `"0"`, `"1"`….
    @discardableResult
    public func remove(at index: Int) -> Module {
        let removed = indexedChild(index)
        _ = removeIndexedChild(at: index)
        return removed
    }

    /// Iterates the children in order.
    public func makeIterator() -> IndexingIterator<[Module]> {
        indexedChildren.compactMap { $0 }.makeIterator()
    }
}
