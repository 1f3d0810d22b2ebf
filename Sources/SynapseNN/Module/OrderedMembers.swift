/// Members registered at run time under names, in insertion order (`_parameters`, `_buffers`, `_modules` in
/// PyTorch). Replacing a value keeps its position.
struct OrderedMembers<Value> {
    /// Names in insertion order.
    private(set) var names: [String] = []
    /// Values, parallel to ``names``.
    private(set) var values: [Value] = []
    private var positions: [String: Int] = [:]

    /// Number of entries.
    var count: Int { names.count }

    /// Whether `name` is registered.
    func contains(_ name: String) -> Bool { positions[name] != nil }

    /// The value registered under `name`.
    subscript(name: String) -> Value? {
        positions[name].map { values[$0] }
    }

    /// Registers `value` under `name`: in place when the name exists, at the end otherwise.
    mutating func set(_ value: Value, for name: String) {
        if let position = positions[name] {
            values[position] = value
        } else {
            positions[name] = names.count
            names.append(name)
            values.append(value)
        }
    }

    /// Removes `name` and returns its value.
    @discardableResult
    mutating func remove(_ name: String) -> Value? {
        guard let position = positions[name] else { return nil }
        let value = values[position]
        names.remove(at: position)
        values.remove(at: position)
        reindex()
        return value
    }

    /// Replaces all entries with `entries`, in that order.
    mutating func replaceAll(_ entries: [(name: String, value: Value)]) {
        names = entries.map(\.name)
        values = entries.map(\.value)
        reindex()
    }

    private mutating func reindex() {
        positions = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    }
}
