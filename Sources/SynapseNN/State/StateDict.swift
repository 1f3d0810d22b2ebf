/// A module's state by key, in PyTorch's order (`OrderedDict[str, Tensor]`): what ``Module/stateDict(prefix:keepVars:)``
/// returns and ``Module/loadStateDict(_:strict:assign:)`` reads.
///
/// Keys keep their insertion order; assigning an existing key keeps its position, assigning `nil` removes it.
/// It prints as PyTorch prints the dictionary.
///
/// ```swift
/// let state = net.stateDict()
/// print(state.keys)                 // odict_keys(['0.weight', '0.bias', '2.weight', '2.bias'])
/// print(state["2.bias"]!)           // tensor([0.1769])
/// for (key, value) in state { print(key, value.shape) }
/// ```
public struct StateDict: Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible, Sendable {
    /// The keys, in order; prints as `odict_keys([...])`.
    public private(set) var keys = Keys()
    private var values: [Tensor] = []
    /// Where each key is; shared by copies until one of them adds a key.
    private var index = KeyIndex()

    /// An empty state dict.
    public init() {}

    /// A state dict with `entries` in order; a repeated key keeps its first position and its last value.
    public init(_ entries: [(String, Tensor)]) {
        for (key, value) in entries { self[key] = value }
    }

    /// A state dict from a literal, in the literal's order: `["weight": w, "bias": b]`.
    public init(dictionaryLiteral elements: (String, Tensor)...) {
        self.init(elements)
    }

    /// Number of entries.
    public var count: Int { values.count }

    /// Whether there are no entries.
    public var isEmpty: Bool { values.isEmpty }

    /// The tensors, in key order.
    public var tensors: [Tensor] { values }

    /// The tensor stored under `key`; setting appends a new key, replaces an existing one in place, or removes it
    /// when set to `nil`.
    public subscript(key: String) -> Tensor? {
        get { position(of: key).map { values[$0] } }
        set {
            if let newValue {
                if let position = position(of: key) {
                    values[position] = newValue
                } else {
                    appendNew(key, newValue)
                }
            } else if let position = position(of: key) {
                keys.names.remove(at: position)
                values.remove(at: position)
                index = KeyIndex()
            }
        }
    }

    /// Whether `key` has an entry.
    public func contains(_ key: String) -> Bool { position(of: key) != nil }

    /// The position of `key` in the order, or `nil`.
    func position(of key: String) -> Int? { index.position(of: key, in: keys.names) }

    /// Appends an entry whose key the caller knows is not present yet (``Module/stateDict(prefix:keepVars:)``
    /// builds unique dotted keys), without looking it up.
    mutating func appendNew(_ key: String, _ value: Tensor) {
        if !isKnownUniquelyReferenced(&index) { index = KeyIndex() }
        keys.names.append(key)
        values.append(value)
    }

    /// Iterates `(key, value)` pairs in order.
    public func makeIterator() -> AnyIterator<(key: String, value: Tensor)> {
        var index = 0
        return AnyIterator {
            guard index < values.count else { return nil }
            defer { index += 1 }
            return (keys.names[index], values[index])
        }
    }

    /// PyTorch's printout: `OrderedDict([('weight', tensor(...)), ('bias', tensor(...))])`, `OrderedDict()` when empty.
    public var description: String {
        if isEmpty { return "OrderedDict()" }
        let items = zip(keys.names, values).map { "(\(PythonRepr.string($0)), \($1.description))" }
        return "OrderedDict([" + items.joined(separator: ", ") + "])"
    }

    /// The keys of a ``StateDict`` in order, printed as PyTorch prints them (`odict_keys(['weight', 'bias'])`).
    public struct Keys: RandomAccessCollection, Equatable, Sendable, ExpressibleByArrayLiteral, CustomStringConvertible {
        /// The keys.
        var names: [String] = []

        init() {}

        /// Keys from a literal, for comparisons: `state.keys == ["weight", "bias"]`.
        public init(arrayLiteral elements: String...) { names = elements }

        /// The first position.
        public var startIndex: Int { 0 }
        /// One past the last position.
        public var endIndex: Int { names.count }
        /// The key at `position`.
        public subscript(position: Int) -> String { names[position] }

        /// `odict_keys(['weight', 'bias'])`.
        public var description: String { "odict_keys(" + PythonRepr.stringList(names) + ")" }
    }
}
