/// Child modules by name, in insertion order (`torch.nn.ModuleDict`).
///
/// ```swift
/// let heads = try ModuleDict(["cls": Linear(8, 10), "box": Linear(8, 4)])
/// let logits = heads["cls"]!(features)
/// ```
open class ModuleDict: Module, Sequence {
    /// An empty dictionary.
    public override init() { super.init() }

    /// A dictionary holding `modules` in the given order; throws for names PyTorch rejects.
    public convenience init(_ modules: KeyValuePairs<String, Module>) throws(ModuleError) {
        self.init()
        for (key, module) in modules { try insert(module, forKey: key) }
    }

    /// Number of entries.
    public var count: Int { registeredModules.count }

    /// The keys in order.
    public var keys: [String] { registeredModules.names }

    /// The modules in key order.
    public var values: [Module] { registeredModules.values.compactMap { $0 } }

    /// The module stored under `key`, or `nil`.
    public subscript(key: String) -> Module? { registeredModules[key] ?? nil }

    /// Whether `key` has an entry.
    public func contains(_ key: String) -> Bool { registeredModules.contains(key) }

    /// Stores `module` under `key` (in place when the key exists, at the end otherwise), as `dict[key] = module`.
    public func insert(_ module: Module, forKey key: String) throws(ModuleError) {
        try addModule(key, module)
    }

    /// Removes and returns the module under `key` (`pop`).
    @discardableResult
    public func removeValue(forKey key: String) -> Module? {
        registeredModules.remove(key) ?? nil
    }

    /// Removes every entry.
    public func removeAll() {
        registeredModules.replaceAll([])
    }

    /// Iterates `(key, module)` pairs in order.
    public func makeIterator() -> IndexingIterator<[(key: String, module: Module)]> {
        zip(registeredModules.names, registeredModules.values)
            .compactMap { key, module in module.map { (key, $0) } }.makeIterator()
    }
}
