import OrderedCollections

/// Reads a PyTorch pickle (`data.pkl`, or the legacy format's main pickle) into a ``CheckpointValue``: the
/// data-only ``PickleReader`` with PyTorch's allowlist, tensors rebuilt over storages that `storageSource`
/// provides (one object per storage key, so tied tensors come back sharing memory).
final class TorchUnpickler {
    /// Gives the storage of `count` elements of `dtype` saved under `key`; called once per key.
    typealias StorageSource = (_ key: String, _ dtype: DType, _ count: Int) throws(CheckpointError) -> Storage

    /// The largest number of dimensions a tensor may claim.
    static let maximumRank = 64
    /// Views may claim more elements than their storage holds (a stride of 0, overlapping strides), but no more
    /// than this, so that a lying file can't make later operations allocate terabytes.
    static let maximumBroadcastElements = 1 << 31

    /// The storages met so far, by key.
    private(set) var storages: [String: PickledStorage] = [:]
    private let storageSource: StorageSource

    init(storageSource: @escaping StorageSource) {
        self.storageSource = storageSource
    }

    /// The value of the pickle starting at `start` in `bytes`, and the offset after it.
    func unpickle(_ bytes: UnsafeRawBufferPointer, from start: Int = 0) throws(CheckpointError) -> (CheckpointValue, end: Int) {
        let reader = PickleReader(
            resolveGlobal: TorchGlobals.resolve,
            call: { [unowned self] global, arguments throws(CheckpointError) in try self.call(global, arguments) },
            persistentLoad: { [unowned self] id throws(CheckpointError) in try self.persistentLoad(id) })
        return try reader.read(bytes, from: start) { object throws(CheckpointError) in
            // Every value costs at least one byte of pickle unless it is a shared reference.
            var converter = CheckpointConverter(budget: 4 * (bytes.count - start) + 1024)
            return try converter.convert(object)
        }
    }

    private func fail(_ reason: String) -> CheckpointError { .invalidPickle(offset: 0, reason: reason) }

    // MARK: Persistent ids

    /// `('storage', torch.FloatStorage, '0', 'cpu', 6)`, with a sixth element `(view_key, offset, size)` or `None`
    /// in the legacy format.
    private func persistentLoad(_ id: PickleObject) throws(CheckpointError) -> PickleObject {
        guard case .tuple(let idTuple) = id, case let parts = idTuple.items, parts.count == 5 || parts.count == 6, case .string(let kind) = parts[0] else {
            throw fail("a persistent id must be ('storage', class, key, location, size), found a \(id.typeName)")
        }
        guard kind == "storage" else { throw fail("persistent id of kind '\(kind)'; only storages are allowed in a weights file") }
        guard case .global(let storageClass) = parts[1], let dtype = TorchGlobals.storageDType(storageClass) else {
            throw fail("a storage's class must be a torch storage class, found \(parts[1].typeName)")
        }
        guard case .string(let key) = parts[2] else { throw fail("a storage key must be a string, found \(parts[2].typeName)") }
        guard case .int(let count) = parts[4], count >= 0 else { throw fail("storage '\(key)' has size \(parts[4]), expected a count >= 0") }
        let storage = try storage(key: key, dtype: dtype, count: count)
        guard parts.count == 6, case .tuple(let viewTuple) = parts[5], case let view = viewTuple.items else { return .storage(storage) }
        guard view.count == 3, case .int(let offset) = view[1], case .int(let viewCount) = view[2], offset >= 0, viewCount >= 0,
              offset <= storage.count, viewCount <= storage.count - offset else {
            throw fail("storage '\(key)' has a view (offset, size) that doesn't lie inside its \(storage.count) elements")
        }
        return .storage(PickledStorage(storage: storage.storage, dtype: dtype, count: viewCount, offset: offset))
    }

    private func storage(key: String, dtype: DType, count: Int) throws(CheckpointError) -> PickledStorage {
        if let known = storages[key] {
            guard known.dtype != dtype else {
                guard known.count == count else {
                    throw fail("storage '\(key)' is named with \(count) elements, and earlier with \(known.count)")
                }
                return known
            }
            // PyTorch reinterprets a storage named again with another dtype when the byte sizes agree.
            let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
            guard !overflow, byteCount == known.count * known.dtype.itemSize else {
                throw fail("storage '\(key)' is named as \(count) \(dtype.rawValue) elements and as \(known.count) \(known.dtype.rawValue) elements")
            }
            guard Int(bitPattern: known.storage.bytes) % dtype.itemSize == 0 else {
                throw fail("storage '\(key)' is read as \(dtype.rawValue) from an address not aligned for it (PyTorch aligns records to 64 bytes)")
            }
            try StorageBytes.checkBooleans(UnsafeRawBufferPointer(start: known.storage.bytes, count: byteCount), dtype: dtype, key: key)
            return PickledStorage(storage: known.storage, dtype: dtype, count: count)
        }
        let storage = PickledStorage(storage: try storageSource(key, dtype, count), dtype: dtype, count: count)
        storages[key] = storage
        return storage
    }

    // MARK: Calls

    private func call(_ global: PickleGlobal, _ arguments: [PickleObject]) throws(CheckpointError) -> PickleObject {
        switch global {
        case TorchGlobals.rebuildTensorV2, TorchGlobals.rebuildTensor:
            return .tensor(try rebuildTensor(arguments))
        case TorchGlobals.rebuildParameter, TorchGlobals.rebuildParameterWithState:
            guard arguments.count >= 2, case .tensor(let data) = arguments[0], case .bool(let requiresGrad) = arguments[1] else {
                throw fail("_rebuild_parameter expects (tensor, requires_grad, hooks), found \(arguments.map(\.typeName))")
            }
            guard !requiresGrad || data.dtype.isFloatingPoint else {
                throw fail("a \(data.dtype.rawValue) parameter can't require grad (only floating-point ones can)")
            }
            return .tensor(Parameter(data, requiresGrad: requiresGrad))
        case TorchGlobals.orderedDict:
            let dict = PickleDict(isOrdered: true)
            if let first = arguments.first {
                guard case .list(let pairs) = first else { throw fail("OrderedDict(...) expects a list of pairs") }
                for pair in pairs.items {
                    guard case .tuple(let pairTuple) = pair, case let items = pairTuple.items, items.count == 2 else { throw fail("OrderedDict(...) expects (key, value) pairs") }
                    do { try dict.set(items[0], items[1]) } catch { throw fail("unhashable dict key of type \(error.typeName)") }
                }
            }
            return .dict(dict)
        case TorchGlobals.counter:
            // `Counter({7: 2, 3: 1})` (MultiStepLR's milestones): read as the dict it counts with.
            guard arguments.count <= 1 else { throw fail("Counter(...) expects at most one dict") }
            if let first = arguments.first {
                guard case .dict = first else { throw fail("Counter(...) expects a dict, found a \(first.typeName)") }
                return first
            }
            return .dict(PickleDict())
        case TorchGlobals.size:
            guard arguments.count == 1, case .tuple(let tuple) = arguments[0], case let items = tuple.items else { throw fail("torch.Size expects one tuple") }
            return .torchSize(try integers(items, "torch.Size"))
        case TorchGlobals.device:
            guard case .string(let type)? = arguments.first else { throw fail("torch.device expects a device string") }
            if arguments.count == 2, case .int(let index) = arguments[1] { return .string("\(type):\(index)") }
            return .string(type)
        case TorchGlobals.encode:
            // Protocol 2 writes `bytes` as `_codecs.encode(text, 'latin1')`.
            guard arguments.count == 2, case .string(let text) = arguments[0], case .string(let encoding) = arguments[1],
                  encoding == "latin1" || encoding == "latin-1" else {
                throw fail("_codecs.encode is only allowed as encode(text, 'latin1')")
            }
            var bytes: [UInt8] = []
            for scalar in text.unicodeScalars {
                guard scalar.value < 256 else { throw fail("_codecs.encode: '\(scalar)' is not latin-1") }
                bytes.append(UInt8(scalar.value))
            }
            return .bytes(bytes)
        default:
            throw fail("\(global.module).\(global.name) can't be called")
        }
    }

    /// `_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks, ...)`: the view
    /// must lie inside its storage.
    private func rebuildTensor(_ arguments: [PickleObject]) throws(CheckpointError) -> Tensor {
        guard arguments.count >= 4, case .storage(let storage) = arguments[0], case .int(let offset) = arguments[1],
              case .tuple(let sizeTuple) = arguments[2], case .tuple(let strideTuple) = arguments[3],
              case let (sizeItems, strideItems) = (sizeTuple.items, strideTuple.items) else {
            throw fail("_rebuild_tensor_v2 expects (storage, offset, size, stride, ...), found \(arguments.map(\.typeName))")
        }
        let shape = try integers(sizeItems, "size"), strides = try integers(strideItems, "stride")
        guard shape.count == strides.count, shape.count <= Self.maximumRank else {
            throw fail("a tensor with size \(shape) and stride \(strides): expected equal lengths of at most \(Self.maximumRank)")
        }
        guard offset >= 0, shape.allSatisfy({ $0 >= 0 }), strides.allSatisfy({ $0 >= 0 }) else {
            throw fail("a tensor with offset \(offset), size \(shape), stride \(strides): expected no negative numbers")
        }
        var last = offset, count = 1
        for (size, stride) in zip(shape, strides) {
            let (span, spanOverflow) = max(size - 1, 0).multipliedReportingOverflow(by: stride)
            let (end, endOverflow) = last.addingReportingOverflow(span)
            let (product, countOverflow) = count.multipliedReportingOverflow(by: size)
            guard !spanOverflow, !endOverflow, !countOverflow else {
                throw fail("a tensor with offset \(offset), size \(shape), stride \(strides) overflows")
            }
            (last, count) = (end, product)
        }
        // Even an empty view must start inside its storage (torch's slices never start past the end).
        guard offset <= storage.count, count == 0 || last < storage.count else {
            throw fail("a tensor with offset \(offset), size \(shape), stride \(strides) reaches past its storage of \(storage.count) elements")
        }
        guard count <= max(storage.count, Self.maximumBroadcastElements) else {
            throw fail("a tensor of size \(shape) claims \(count) elements over a storage of \(storage.count)")
        }
        let tensor = Tensor(storage: storage.storage, shape: shape, strides: strides,
                            storageOffset: storage.offset + offset, dtype: storage.dtype)
        if arguments.count > 4, case .bool(true) = arguments[4] {
            guard storage.dtype.isFloatingPoint else { throw fail("a \(storage.dtype.rawValue) tensor can't require grad") }
            tensor.requiresGrad = true
        }
        return tensor
    }

    private func integers(_ items: [PickleObject], _ what: String) throws(CheckpointError) -> [Int] {
        var values: [Int] = []
        for item in items {
            guard case .int(let value) = item else { throw fail("a tensor's \(what) holds a \(item.typeName), expected ints") }
            values.append(value)
        }
        return values
    }
}
