/// Child modules by name, in insertion order (`torch.nn.ModuleDict`), typed as their common type `Value`
/// (`Module` for a mix), printed as `ModuleDict`.
///
/// ```swift
/// let heads = ModuleDict(["cls": Linear(8, 10), "box": Linear(8, 4)])    // ModuleDict<Linear>
/// let logits = heads["cls"]!(features)
/// print(heads["box"]!.outFeatures)                                       // 4
/// ```
open class ModuleDict<Value: Module>: Module, Sequence, ExpressibleByDictionaryLiteral {
    /// An empty dictionary.
    public override init() { super.init() }

    /// A dictionary holding `modules` in the given order. A literal can't fail at run time, so this doesn't
    /// throw: a repeated key keeps its first position and its last module (as PyTorch's `update` does); a key
    /// containing "." or empty stops with PyTorch's message. Keys that come from data go through
    /// ``insert(_:forKey:)``, which throws.
    public convenience init(_ modules: KeyValuePairs<String, Value>) {
        self.init()
        for (key, module) in modules { addLiteralModule(key, module) }
    }

    /// `let heads: ModuleDict<Linear> = ["cls": Linear(8, 10)]`.
    public required convenience init(dictionaryLiteral elements: (String, Value)...) {
        self.init()
        for (key, module) in elements { addLiteralModule(key, module) }
    }

    /// Number of entries.
    public var count: Int { registeredModules.count }

    /// The keys in order.
    public var keys: [String] { registeredModules.names }

    /// The modules in key order.
    public var values: [Value] { registeredModules.values.compactMap { $0.map(Self.typed) } }

    /// The module stored under `key`, or `nil`.
    public subscript(key: String) -> Value? { (registeredModules[key] ?? nil).map(Self.typed) }

    /// Whether `key` has an entry.
    public func contains(_ key: String) -> Bool { registeredModules.contains(key) }

    /// Stores `module` under `key` (in place when the key exists, at the end otherwise), as `dict[key] = module`;
    /// throws for keys PyTorch rejects.
    public func insert(_ module: Value, forKey key: String) throws(ModuleError) {
        try addModule(key, module)
    }

    /// Removes and returns the module under `key` (`pop`).
    @discardableResult
    public func removeValue(forKey key: String) -> Value? {
        (registeredModules.remove(key) ?? nil).map(Self.typed)
    }

    /// Removes every entry.
    public func removeAll() {
        registeredModules.replaceAll([])
    }

    /// Iterates `(key, module)` pairs in order.
    public func makeIterator() -> IndexingIterator<[(key: String, module: Value)]> {
        zip(registeredModules.names, registeredModules.values)
            .compactMap { key, module in module.map { (key, Self.typed($0)) } }.makeIterator()
    }

    override func canHoldChild(_ module: Module) -> Bool { module is Value }

    private static func typed(_ module: Module) -> Value {
        guard let typed = module as? Value else {
            fatalError("ModuleDict<\(Value.self)> holds a \(module.typeName), which is not a \(Value.self)")
        }
        return typed
    }
}
