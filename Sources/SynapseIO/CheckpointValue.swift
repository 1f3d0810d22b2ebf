import OrderedCollections

/// A value in a checkpoint: what `torch.save` can write and `torch.load(weights_only=True)` gives back — tensors
/// (parameters stay parameters), numbers, strings, `None`, and lists, tuples and dictionaries of them, nested.
///
/// ```swift
/// let checkpoint: CheckpointValue = [
///     "model": .init(net.stateDict()),
///     "optimizer": .init(optimizer.stateDict()),
///     "epoch": 3,
/// ]
/// try save(checkpoint, to: URL(filePath: "ckpt.pt"))
/// let restored = try load(from: URL(filePath: "ckpt.pt"))
/// try net.loadStateDict(restored["model"]!.stateDict())
/// ```
///
/// Tensors are objects: a tensor that appears twice in a value (tied parameters) is written once and comes back
/// as one object, and tensors that share memory come back sharing it.
public indirect enum CheckpointValue: @unchecked Sendable {
    /// Python's `None`.
    case none
    /// A `bool`.
    case bool(Bool)
    /// An `int` (Python's ints beyond 64 bits are refused when reading).
    case int(Int)
    /// A `float`.
    case double(Double)
    /// A `str`.
    case string(String)
    /// A `bytes` object.
    case bytes([UInt8])
    /// A tensor; a `Parameter` is written as `nn.Parameter` and read back as one.
    case tensor(Tensor)
    /// A `torch.dtype` (`torch.float32`).
    case dtype(DType)
    /// A `list`.
    case list([CheckpointValue])
    /// A `tuple`.
    case tuple([CheckpointValue])
    /// A `torch.Size` (a tuple of ints that prints as `torch.Size([2, 3])`).
    case size([Int])
    /// A `dict`, in insertion order.
    case dict(OrderedDictionary<CheckpointKey, CheckpointValue>)
    /// A `collections.OrderedDict` (what `state_dict()` returns).
    case orderedDict(OrderedDictionary<CheckpointKey, CheckpointValue>)
}

/// A dictionary key in a checkpoint: Python strings and ints (the keys of state dicts and of an optimiser's state).
public enum CheckpointKey: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral,
    ExpressibleByIntegerLiteral
{
    /// A `str` key.
    case string(String)
    /// An `int` key.
    case int(Int)

    /// A string key from a literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An int key from a literal.
    public init(integerLiteral value: Int) { self = .int(value) }

    /// Python's repr: `'weight'`, `0`.
    public var description: String {
        switch self {
        case .string(let text): "'\(text)'"
        case .int(let value): String(value)
        }
    }
}

extension CheckpointValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// `None`.
    public init(nilLiteral: ()) { self = .none }
    /// A `bool`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An `int`.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// A `float`.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A `str`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// A `list`.
    public init(arrayLiteral elements: CheckpointValue...) { self = .list(elements) }
    /// A `dict` in the literal's order.
    public init(dictionaryLiteral elements: (CheckpointKey, CheckpointValue)...) {
        self = .dict(OrderedDictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// A tensor.
    public init(_ tensor: Tensor) { self = .tensor(tensor) }
    /// A list of tensors.
    public init(_ tensors: [Tensor]) { self = .list(tensors.map(CheckpointValue.tensor)) }
    /// A dict of tensors, keys sorted (a Swift dictionary has no order of its own).
    public init(_ tensors: [String: Tensor]) {
        self = .dict(Self.entries(tensors.sorted { $0.key < $1.key }))
    }
    /// A state dict, as the `OrderedDict` `torch.save(model.state_dict())` writes.
    public init(_ state: StateDict) {
        self = .orderedDict(Self.entries(state))
    }

    /// Named tensors as dictionary entries, in their order.
    static func entries(_ tensors: some Sequence<(key: String, value: Tensor)>) -> OrderedDictionary<CheckpointKey, CheckpointValue> {
        OrderedDictionary(uniqueKeysWithValues: tensors.map { (CheckpointKey.string($0.key), CheckpointValue.tensor($0.value)) })
    }
}

extension CheckpointValue {
    /// Python's name for the kind of value, for error messages (`Tensor`, `dict`, `OrderedDict`, `int`…).
    public var kindName: String {
        switch self {
        case .none: "None"
        case .bool: "bool"
        case .int: "int"
        case .double: "float"
        case .string: "str"
        case .bytes: "bytes"
        case .tensor(let tensor): tensor is Parameter ? "Parameter" : "Tensor"
        case .dtype: "torch.dtype"
        case .list: "list"
        case .tuple: "tuple"
        case .size: "torch.Size"
        case .dict: "dict"
        case .orderedDict: "OrderedDict"
        }
    }

    /// The entries of a `dict` or `OrderedDict`, `nil` for anything else.
    public var dictionary: OrderedDictionary<CheckpointKey, CheckpointValue>? {
        switch self {
        case .dict(let entries), .orderedDict(let entries): entries
        default: nil
        }
    }

    /// The elements of a `list` or `tuple`, `nil` for anything else.
    public var elements: [CheckpointValue]? {
        switch self {
        case .list(let items), .tuple(let items): items
        case .size(let sizes): sizes.map(CheckpointValue.int)
        default: nil
        }
    }

    /// The value under a string key of a dictionary (`checkpoint["model"]`); `nil` when there is none.
    public subscript(key: String) -> CheckpointValue? { dictionary?[.string(key)] }

    /// The tensor this value is, or a ``CheckpointError/unexpectedValue(expected:found:)``.
    public func tensor() throws(CheckpointError) -> Tensor {
        guard case .tensor(let tensor) = self else { throw .unexpectedValue(expected: "a tensor", found: kindName) }
        return tensor
    }

    /// The tensors of a list or tuple of tensors.
    public func tensors() throws(CheckpointError) -> [Tensor] {
        guard let items = elements else { throw .unexpectedValue(expected: "a list of tensors", found: kindName) }
        var result: [Tensor] = []
        for (index, item) in items.enumerated() {
            guard case .tensor(let tensor) = item else {
                throw .unexpectedValue(expected: "a list of tensors", found: "a value of type \(item.kindName) at index \(index)")
            }
            result.append(tensor)
        }
        return result
    }

    /// The entries of a dictionary whose keys are strings and values tensors, in order.
    public func stateDict() throws(CheckpointError) -> StateDict {
        guard let entries = dictionary else { throw .unexpectedValue(expected: "a dict of tensors", found: kindName) }
        var state = StateDict()
        for (key, value) in entries {
            guard case .string(let name) = key else {
                throw .unexpectedValue(expected: "a dict with string keys", found: "the key \(key)")
            }
            guard case .tensor(let tensor) = value else {
                throw .unexpectedValue(expected: "a dict of tensors", found: "a value of type \(value.kindName) under '\(name)'")
            }
            state[name] = tensor
        }
        return state
    }

    /// The entries of a dictionary of tensors as a Swift dictionary.
    public func tensorDictionary() throws(CheckpointError) -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for (key, tensor) in try stateDict() { result[key] = tensor }
        return result
    }
}

extension CheckpointValue: CustomStringConvertible {
    /// Python's repr of the value (`{'x': tensor([0, 1, 2, 3])}`, `OrderedDict([('w', tensor(...))])`, `(2, 3)`),
    /// as `print(torch.load(path))` shows it.
    public var description: String {
        switch self {
        case .none: "None"
        case .bool(let flag): flag ? "True" : "False"
        case .int(let number): String(number)
        case .double(let number): PythonFormat.repr(number)
        case .string(let text): "'\(text)'"
        case .bytes(let data): "b'" + data.map(Self.bytesRepr).joined() + "'"
        case .dtype(let dtype): "\(dtype)"
        case .tensor(let tensor): "\(tensor)"
        case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .tuple(let items): items.count == 1 ? "(\(items[0]),)" : "(" + items.map(\.description).joined(separator: ", ") + ")"
        case .size(let sizes): "torch.Size([" + sizes.map(String.init).joined(separator: ", ") + "])"
        case .dict(let entries): "{" + entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        case .orderedDict(let entries):
            entries.isEmpty ? "OrderedDict()" : "OrderedDict([" + entries.map { "(\($0.key), \($0.value))" }.joined(separator: ", ") + "])"
        }
    }

    /// One byte inside Python's `b'...'`.
    private static func bytesRepr(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\\"): "\\\\"
        case UInt8(ascii: "'"): "\\'"
        case UInt8(ascii: "\t"): "\\t"
        case UInt8(ascii: "\n"): "\\n"
        case UInt8(ascii: "\r"): "\\r"
        case 0x20..<0x7F: String(UnicodeScalar(byte))
        default: String(format: "\\x%02x", byte)
        }
    }
}
