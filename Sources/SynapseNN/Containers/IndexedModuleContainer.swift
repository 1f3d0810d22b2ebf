/// The list operations ``Sequential`` and ``ModuleList`` share: children numbered `"0"`, `"1"`…, counted,
/// appended, removed and iterated in order, typed as the container's `Element` (`Module` for a mixed list).
public protocol IndexedModuleContainer: Module, Sequence where Element: Module, Iterator == IndexingIterator<[Element]> {}

extension IndexedModuleContainer {
    /// Number of children.
    public var count: Int { indexedChildren.count }

    /// Adds `module` at the end under the next index; returns self.
    @discardableResult
    public func append(_ module: Element) -> Self {
        appendIndexedChild(module)
        return self
    }

    /// Adds each module at the end; returns self.
    @discardableResult
    public func extend(_ modules: some Sequence<Element>) -> Self {
        for module in modules { appendIndexedChild(module) }
        return self
    }

    /// Removes and returns the child at `index` (`pop`); the children are renumbered `"0"`, `"1"`….
    @discardableResult
    public func remove(at index: Int) -> Element {
        let removed = typedChild(index)
        _ = removeIndexedChild(at: index)
        return removed
    }

    /// Iterates the children in order.
    public func makeIterator() -> IndexingIterator<[Element]> {
        indexedChildren.compactMap { $0.map(Self.typed) }.makeIterator()
    }

    /// The child at `index`, typed.
    func typedChild(_ index: Int) -> Element { Self.typed(indexedChild(index)) }

    /// A child as the element type (guaranteed by ``Module/canHoldChild(_:)``).
    static func typed(_ module: Module) -> Element {
        guard let typed = module as? Element else {
            fatalError("\(Self.self) holds a \(module.typeName), which is not a \(Element.self)")
        }
        return typed
    }
}
