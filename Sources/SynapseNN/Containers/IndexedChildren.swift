/// The list behaviour shared by ``Sequential`` and ``ModuleList``: children registered under `"0"`, `"1"`…,
/// reached by position (negative positions count from the end), with PyTorch's index errors.
extension Module {
    /// The registered children in order.
    var indexedChildren: [Module?] { registeredModules.values }

    /// The position `index` (negative from the end) checked against the number of children.
    func checkedChildPosition(_ index: Int) -> Int {
        let count = registeredModules.count
        check(index >= -count && index < count, "index \(index) is out of range")
        return index < 0 ? index + count : index
    }

    /// The child at `index`.
    func indexedChild(_ index: Int) -> Module {
        guard let module = registeredModules.values[checkedChildPosition(index)] else {
            fatalError("the child at index \(index) of \(typeName) is nil (None in PyTorch)")
        }
        return module
    }

    /// Replaces the child at `index`, keeping its name.
    func setIndexedChild(_ index: Int, to module: Module) {
        setChild(module, named: registeredModules.names[checkedChildPosition(index)])
    }

    /// Adds `module` at the end under the next index.
    func appendIndexedChild(_ module: Module) {
        setChild(module, named: String(registeredModules.count))
    }

    /// Inserts `module` before position `index` (`-count...count`), shifting the later children's indices.
    func insertIndexedChild(_ module: Module, at index: Int) {
        let count = registeredModules.count
        check(index >= -count && index <= count, "Index out of range: \(index)")
        let position = index < 0 ? index + count : index
        var entries = Array(zip(registeredModules.names, registeredModules.values))
        entries.insert((String(position), module), at: position)
        renumber(entries.map(\.1))
    }

    /// Removes and returns the child at `index`; the remaining children are renamed `"0"`, `"1"`… (as PyTorch's
    /// `del`, which renumbers every key).
    func removeIndexedChild(at index: Int) -> Module? {
        var values = registeredModules.values
        let removed = values.remove(at: checkedChildPosition(index))
        renumber(values)
        return removed
    }

    /// The registered children at `range` (clamped like a Python slice), with their names.
    func indexedChildEntries(_ range: Range<Int>) -> [(name: String, module: Module?)] {
        let count = registeredModules.count
        let clamped = Swift.max(0, Swift.min(range.lowerBound, count))..<Swift.max(0, Swift.min(range.upperBound, count))
        return clamped.map { (registeredModules.names[$0], registeredModules.values[$0]) }
    }

    private func renumber(_ modules: [Module?]) {
        registeredModules.replaceAll(modules.enumerated().map { (String($0), $1) })
    }
}
