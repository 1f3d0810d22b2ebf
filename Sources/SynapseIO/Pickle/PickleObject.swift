import OrderedCollections
/// A value on the unpickler's stack. Lists and dictionaries are boxes because pickles mutate them after they were
/// memoized (`EMPTY_LIST`, `BINPUT`, …, `APPENDS`), and every reference must see the change.
indirect enum PickleObject {
    case none
    case bool(Bool)
    case int(Int)
    /// An integer too wide for `Int`, as its little-endian two's-complement bytes (the legacy format's magic).
    case bigInt([UInt8])
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case tuple(PickleTuple)
    case list(PickleList)
    case dict(PickleDict)
    /// A global from the allowlist, to be called by `REDUCE` or used as a value (a dtype, a storage class).
    case global(PickleGlobal)
    /// What an allowed global's call built: a tensor, a storage, a dtype.
    case tensor(Tensor)
    case storage(PickledStorage)
    case dtype(DType)
    case torchSize([Int])

    /// Python's name for the value's type, for error messages.
    var typeName: String {
        switch self {
        case .none: "None"
        case .bool: "bool"
        case .int, .bigInt: "int"
        case .float: "float"
        case .string: "str"
        case .bytes: "bytes"
        case .tuple: "tuple"
        case .list(let list): list.isSet ? "set" : "list"
        case .dict(let dict): dict.isOrdered ? "OrderedDict" : "dict"
        case .global(let global): "\(global.module).\(global.name)"
        case .tensor: "Tensor"
        case .storage: "storage"
        case .dtype: "torch.dtype"
        case .torchSize: "torch.Size"
        }
    }
}

/// A tuple's items, with what bounds the work of using it: how deep its tuples nest and how many values it spans
/// when memo-shared items are counted each time they appear (a few bytes of `BINGET`s can build a tuple whose
/// expansion is exponentially larger than the file). Both are computed once, when the tuple is built.
final class PickleTuple {
    let items: [PickleObject]
    /// 1 for a tuple of no tuples, 1 + the deepest item tuple's depth otherwise.
    let depth: Int
    /// 1 + the items' expanded sizes (a tuple item counts its own), saturating at `Int.max`.
    let expandedSize: Int

    init(_ items: [PickleObject]) {
        self.items = items
        var depth = 1, size = 1
        for item in items {
            guard case .tuple(let inner) = item else {
                size = size &+ 1 < size ? Int.max : size + 1
                continue
            }
            depth = max(depth, inner.depth + 1)
            let (sum, overflow) = size.addingReportingOverflow(inner.expandedSize)
            size = overflow ? Int.max : sum
        }
        self.depth = depth
        self.expandedSize = size
    }
}

/// A module-qualified name the pickle refers to (`torch._utils._rebuild_tensor_v2`).
struct PickleGlobal: Hashable {
    let module: String
    let name: String
}

/// A storage a persistent id named: shared by every tensor that names the same key.
struct PickledStorage {
    let storage: Storage
    let dtype: DType
    /// Number of elements of `dtype` in the storage (or the view of it, for the legacy format's storage views).
    let count: Int
    /// Where the storage (view) starts, in elements of `dtype` (non-zero only for legacy storage views).
    var offset = 0
}

/// A mutable list (or set) on the unpickler's stack.
final class PickleList {
    var items: [PickleObject] = []
    let isSet: Bool
    init(isSet: Bool = false) { self.isSet = isSet }
}

/// A mutable dictionary on the unpickler's stack: insertion order, and a later value for an equal key replaces the
/// earlier one, as in Python.
final class PickleDict {
    /// Entries by Python-equal key, keeping the key object first inserted (Python keeps it on replacement).
    private var entries: OrderedDictionary<PickleKey, (key: PickleObject, value: PickleObject)> = [:]
    var isOrdered: Bool

    init(isOrdered: Bool = false) { self.isOrdered = isOrdered }

    /// The entries in insertion order.
    var items: [(key: PickleObject, value: PickleObject)] { entries.values.elements }

    /// Sets `value` under `key`; throws a message for keys Python couldn't hash either.
    func set(_ key: PickleObject, _ value: PickleObject) throws(PickleKey.Unhashable) {
        let hashable = try PickleKey(key)
        if let position = entries.index(forKey: hashable) {
            entries.values[position].value = value
        } else {
            entries[hashable] = (key, value)
        }
    }

    /// Drops every entry, so that nested boxes are released one level at a time (see `PickleReader.releaseBoxes`).
    func removeAll() { entries.removeAll() }
}

/// A dictionary key with Python's equality: `1 == True == 1.0`, tuples by their elements.
enum PickleKey: Hashable {
    case none
    case number(Double)
    case bigInt([UInt8])
    case string(String)
    case bytes([UInt8])
    case tuple([PickleKey])

    /// The key of a value that can't be a dictionary key (a list, a dict, a tensor).
    struct Unhashable: Error {
        let typeName: String
    }

    init(_ object: PickleObject) throws(Unhashable) {
        switch object {
        case .none: self = .none
        case .bool(let flag): self = .number(flag ? 1 : 0)
        case .int(let value) where Double(value) == Double(exactly: value): self = .number(Double(value))
        case .int(let value): self = .bigInt(withUnsafeBytes(of: value.littleEndian, Array.init))
        case .bigInt(let bytes): self = .bigInt(bytes)
        case .float(let value): self = .number(value)
        case .string(let text): self = .string(text)
        case .bytes(let bytes): self = .bytes(bytes)
        case .torchSize(let sizes): self = .tuple(sizes.map { .number(Double($0)) })
        case .tuple(let tuple):
            var keys: [PickleKey] = []
            for item in tuple.items { keys.append(try PickleKey(item)) }
            self = .tuple(keys)
        case .global(let global): self = .string("\u{0}global \(global.module).\(global.name)")
        default: throw Unhashable(typeName: object.typeName)
        }
    }
}
