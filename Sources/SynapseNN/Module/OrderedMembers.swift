import OrderedCollections

/// Members registered at run time under names, in insertion order (`_parameters`, `_buffers`, `_modules` in
/// PyTorch). Replacing a value keeps its position.
struct OrderedMembers<Value> {
    private var storage: OrderedDictionary<String, Value> = [:]

    /// Names in insertion order (the dictionary's own array: no copy).
    var names: [String] { storage.keys.elements }
    /// Values, in the order of ``names``.
    var values: [Value] { storage.values.elements }
    /// Number of entries.
    var count: Int { storage.count }

    /// Whether `name` is registered.
    func contains(_ name: String) -> Bool { storage.index(forKey: name) != nil }

    /// The value registered under `name`.
    subscript(name: String) -> Value? { storage[name] }

    /// Registers `value` under `name`: in place when the name exists, at the end otherwise.
    mutating func set(_ value: Value, for name: String) { storage.updateValue(value, forKey: name) }

    /// Removes `name` and returns its value.
    @discardableResult
    mutating func remove(_ name: String) -> Value? { storage.removeValue(forKey: name) }

    /// Replaces all entries with `entries`, in that order.
    mutating func replaceAll(_ entries: [(name: String, value: Value)]) {
        storage = OrderedDictionary(uniqueKeysWithValues: entries.map { ($0.name, $0.value) })
    }
}
