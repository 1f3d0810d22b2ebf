import OrderedCollections

/// Turns the unpickler's objects into a ``CheckpointValue``, refusing what a checkpoint can't hold: containers
/// that contain themselves, nesting deeper than ``maximumDepth``, and shared references that would expand into
/// more than `budget` values (a few bytes of `BINGET`s can name a structure exponentially larger than the file).
struct CheckpointConverter {
    /// The deepest nesting accepted (a checkpoint's values are a few levels deep).
    static let maximumDepth = 200

    /// Values left to build.
    private var budget: Int
    /// The containers being converted, to find cycles.
    private var path: Set<ObjectIdentifier> = []

    init(budget: Int) { self.budget = budget }

    private func fail(_ reason: String) -> CheckpointError { .invalidPickle(offset: 0, reason: reason) }

    mutating func convert(_ object: PickleObject, depth: Int = 0) throws(CheckpointError) -> CheckpointValue {
        budget -= 1
        guard budget >= 0 else { throw fail("the pickle's shared references expand to more values than the file could hold") }
        guard depth <= Self.maximumDepth else { throw fail("values nested more than \(Self.maximumDepth) levels deep") }
        switch object {
        case .none: return .none
        case .bool(let flag): return .bool(flag)
        case .int(let value): return .int(value)
        case .bigInt(let bytes): throw fail("an integer of \(bytes.count) bytes, wider than 64 bits")
        case .float(let value): return .double(value)
        case .string(let text): return .string(text)
        case .bytes(let bytes): return .bytes(bytes)
        case .tensor(let tensor): return .tensor(tensor)
        case .dtype(let dtype): return .dtype(dtype)
        case .torchSize(let sizes): return .size(sizes)
        case .tuple(let tuple): return .tuple(try convert(tuple.items, depth: depth))
        case .list(let list):
            let items = try entering(list, depth) { (self: inout CheckpointConverter) throws(CheckpointError) in
                try self.convert(list.items, depth: depth)
            }
            return .list(items)
        case .dict(let dict):
            let entries = try entering(dict, depth) { (self: inout CheckpointConverter) throws(CheckpointError) in
                var entries = OrderedDictionary<CheckpointKey, CheckpointValue>()
                for (key, value) in dict.items {
                    entries[try self.key(key)] = try self.convert(value, depth: depth + 1)
                }
                return entries
            }
            return dict.isOrdered ? .orderedDict(entries) : .dict(entries)
        case .global(let global): throw fail("a bare \(global.module).\(global.name) is not a checkpoint value")
        case .storage: throw fail("a bare storage is not a checkpoint value (save tensors instead)")
        }
    }

    private mutating func convert(_ items: [PickleObject], depth: Int) throws(CheckpointError) -> [CheckpointValue] {
        var values: [CheckpointValue] = []
        values.reserveCapacity(items.count)
        for item in items { values.append(try convert(item, depth: depth + 1)) }
        return values
    }

    private mutating func entering<T>(
        _ box: AnyObject, _ depth: Int, _ body: (inout CheckpointConverter) throws(CheckpointError) -> T
    ) throws(CheckpointError) -> T {
        let id = ObjectIdentifier(box)
        guard path.insert(id).inserted else { throw fail("a container contains itself") }
        defer { path.remove(id) }
        return try body(&self)
    }

    private func key(_ object: PickleObject) throws(CheckpointError) -> CheckpointKey {
        switch object {
        case .string(let text): .string(text)
        case .int(let value): .int(value)
        default: throw fail("a dict key of type \(object.typeName); checkpoints use str and int keys")
        }
    }
}
