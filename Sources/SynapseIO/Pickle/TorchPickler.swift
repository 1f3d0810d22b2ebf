import OrderedCollections

/// Writes a ``CheckpointValue`` as the protocol-2 pickle `torch.save` writes (`data.pkl`), using only the
/// opcodes and globals `torch.load(weights_only=True)` accepts. Each tensor object is written once (a second
/// appearance is a memo reference), and each storage once, under keys "0", "1", … in order of first use.
struct TorchPickler {
    /// A storage to write as the record `data/<key>`.
    struct StorageRecord {
        let key: String
        let storage: Storage
        let dtype: DType
    }

    private(set) var bytes: [UInt8] = [0x80, 0x02] // PROTO 2
    private(set) var storages: [StorageRecord] = []
    private var storageKeys: [ObjectIdentifier: String] = [:]
    private var tensorMemo: [ObjectIdentifier: Int] = [:]
    private var nextMemo = 0

    /// The pickle of `value`, ending with `STOP`.
    static func pickle(_ value: CheckpointValue) throws(CheckpointError) -> TorchPickler {
        var pickler = TorchPickler()
        try pickler.write(value, depth: 0)
        pickler.op(".")
        return pickler
    }

    private mutating func op(_ code: Character) { bytes.append(code.asciiValue!) }
    private mutating func op(_ code: UInt8) { bytes.append(code) }

    private mutating func append<T: FixedWidthInteger>(littleEndian value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func write(_ value: CheckpointValue, depth: Int) throws(CheckpointError) {
        guard depth <= CheckpointConverter.maximumDepth else {
            throw .unexpectedValue(expected: "values nested at most \(CheckpointConverter.maximumDepth) levels deep", found: "deeper nesting")
        }
        switch value {
        case .none: op("N")
        case .bool(let flag): op(flag ? 0x88 : 0x89)
        case .int(let number): writeInt(number)
        case .double(let number):
            op("G")
            withUnsafeBytes(of: number.bitPattern.bigEndian) { bytes.append(contentsOf: $0) }
        case .string(let text): writeString(text)
        case .bytes(let data):
            // Protocol 2 has no bytes opcode: `_codecs.encode(text, 'latin1')`, as Python writes it.
            writeGlobal(TorchGlobals.encode)
            writeString(String(decoding: data.map { UInt16($0) }, as: UTF16.self))
            writeString("latin1")
            op(0x86) // TUPLE2
            op("R")
        case .tensor(let tensor): try writeTensor(tensor)
        case .size(let sizes):
            writeGlobal(TorchGlobals.size)
            writeIntTuple(sizes)
            op(0x85) // TUPLE1
            op("R")
        case .dtype(let dtype): writeGlobal(PickleGlobal(module: "torch", name: TorchGlobals.dtypeName(dtype)))
        case .list(let items):
            op("]")
            try writeBatches(items.map { [$0] }, closing: "e", depth: depth)
        case .tuple(let items):
            switch items.count {
            case 0: op(")")
            case 1...3:
                for item in items { try write(item, depth: depth + 1) }
                op([0x85, 0x86, 0x87][items.count - 1])
            default:
                op("(")
                for item in items { try write(item, depth: depth + 1) }
                op("t")
            }
        case .dict(let entries):
            op("}")
            try writeEntries(entries, depth: depth)
        case .orderedDict(let entries):
            writeGlobal(TorchGlobals.orderedDict)
            op(")")
            op("R")
            try writeEntries(entries, depth: depth)
        }
    }

    private mutating func writeEntries(
        _ entries: OrderedDictionary<CheckpointKey, CheckpointValue>, depth: Int
    ) throws(CheckpointError) {
        try writeBatches(entries.map { entry -> [CheckpointValue] in
            switch entry.key {
            case .string(let text): [.string(text), entry.value]
            case .int(let number): [.int(number), entry.value]
            }
        }, closing: "u", depth: depth)
    }

    /// `MARK items… APPENDS/SETITEMS` in batches of 1,000, as Python writes them.
    private mutating func writeBatches(_ groups: [[CheckpointValue]], closing: Character, depth: Int) throws(CheckpointError) {
        var start = 0
        while start < groups.count {
            op("(")
            for group in groups[start..<min(start + 1000, groups.count)] {
                for item in group { try write(item, depth: depth + 1) }
            }
            op(closing)
            start += 1000
        }
    }

    private mutating func writeInt(_ number: Int) {
        if (0...0xFF).contains(number) {
            op("K")
            op(UInt8(number))
        } else if Int(Int32.min)...Int(Int32.max) ~= number {
            op("J")
            append(littleEndian: Int32(number))
        } else {
            op(0x8A) // LONG1, 8 bytes two's complement
            op(8)
            append(littleEndian: Int64(number))
        }
    }

    private mutating func writeString(_ text: String) {
        let utf8 = Array(text.utf8)
        op("X")
        append(littleEndian: UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    private mutating func writeGlobal(_ global: PickleGlobal) {
        op("c")
        bytes.append(contentsOf: Array("\(global.module)\n\(global.name)\n".utf8))
    }

    private mutating func memoize() {
        writeMemoIndex(nextMemo, short: "q", long: "r") // BINPUT, LONG_BINPUT
        nextMemo += 1
    }

    private mutating func recall(_ index: Int) {
        writeMemoIndex(index, short: "h", long: "j") // BINGET, LONG_BINGET
    }

    private mutating func writeMemoIndex(_ index: Int, short: Character, long: Character) {
        if index < 256 {
            op(short)
            op(UInt8(index))
        } else {
            op(long)
            append(littleEndian: UInt32(index))
        }
    }

    /// A parameter is `_rebuild_parameter(<its data as a tensor>, requires_grad, OrderedDict())`; a tensor is
    /// `_rebuild_tensor_v2(<persistent storage id>, offset, size, stride, requires_grad, OrderedDict())`.
    private mutating func writeTensor(_ tensor: Tensor) throws(CheckpointError) {
        guard tensor.holdsValues else {
            throw .unexpectedValue(expected: "tensors with values", found: "an uninitialized parameter (run a forward pass first)")
        }
        if let index = tensorMemo[ObjectIdentifier(tensor)] {
            recall(index)
            return
        }
        if tensor is Parameter {
            writeGlobal(TorchGlobals.rebuildParameter)
            writeRebuildTensor(tensor, requiresGrad: false)
            op(tensor.requiresGrad ? 0x88 : 0x89)
            writeEmptyOrderedDict()
            op(0x87) // TUPLE3
            op("R")
        } else {
            writeRebuildTensor(tensor, requiresGrad: tensor.requiresGrad)
        }
        tensorMemo[ObjectIdentifier(tensor)] = nextMemo
        memoize()
    }

    private mutating func writeRebuildTensor(_ tensor: Tensor, requiresGrad: Bool) {
        writeGlobal(TorchGlobals.rebuildTensorV2)
        op("(")
        writeStorageID(tensor)
        writeInt(tensor.storageOffset)
        writeIntTuple(tensor.shape)
        writeIntTuple(tensor.strides)
        op(requiresGrad ? 0x88 : 0x89)
        writeEmptyOrderedDict()
        op("t")
        op("R")
    }

    private mutating func writeIntTuple(_ numbers: [Int]) {
        op("(")
        for number in numbers { writeInt(number) }
        op("t")
    }

    private mutating func writeEmptyOrderedDict() {
        writeGlobal(TorchGlobals.orderedDict)
        op(")")
        op("R")
    }

    /// `('storage', torch.FloatStorage, '<key>', 'cpu', <elements>)` then `BINPERSID`.
    private mutating func writeStorageID(_ tensor: Tensor) {
        let identity = ObjectIdentifier(tensor.storage)
        let key: String
        if let known = storageKeys[identity] {
            key = known
        } else {
            key = String(storages.count)
            storageKeys[identity] = key
            storages.append(StorageRecord(key: key, storage: tensor.storage, dtype: tensor.dtype))
        }
        op("(")
        writeString("storage")
        writeGlobal(TorchGlobals.storageClass(tensor.dtype))
        writeString(key)
        writeString("cpu")
        writeInt(tensor.storage.byteCount / tensor.dtype.itemSize)
        op("t")
        op("Q")
    }
}
