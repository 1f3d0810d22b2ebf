/// Reads the legacy (pre-1.6) `torch.save` format, `_use_new_zipfile_serialization=False`: five pickles in a row —
/// the magic number, the protocol version (1001), system info, the value (storages as persistent ids), the list of
/// storage keys — then each storage's element count (int64) and bytes, in the list's order.
enum TorchLegacyReader {
    /// The magic number's pickle prefix: `PROTO 2`, `LONG1` of 10 bytes, 0x1950a86a20f9469cfc6c little-endian.
    static let magicPrefix: [UInt8] = [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19]

    /// The value saved in `file`.
    static func read(_ file: MappedFile) throws(CheckpointError) -> CheckpointValue {
        let bytes = file.buffer
        guard bytes.starts(with: magicPrefix) else { throw .unknownFormat("not a legacy PyTorch file (no magic number)") }
        var position = try skipPickle(bytes, from: 0)
        let (version, afterVersion) = try TorchUnpickler(storageSource: noStorages).unpickle(bytes, from: position)
        guard case .int(1001) = version else { throw .invalidLegacyFile("legacy protocol version \(version.kindName) \(version), expected 1001") }
        let (systemInfo, afterInfo) = try TorchUnpickler(storageSource: noStorages).unpickle(bytes, from: afterVersion)
        if case .bool(false)? = systemInfo["little_endian"] {
            throw .invalidLegacyFile("the file was written on a big-endian machine; only little-endian files can be read")
        }
        position = afterInfo
        var claimed = 0
        let unpickler = TorchUnpickler { key, dtype, count throws(CheckpointError) in
            // Nothing is read yet, so the storages' claims together are checked against what the file could hold
            // before anything is allocated.
            let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
            guard !overflow, byteCount <= bytes.count - claimed else {
                throw .truncated(expected: "storage '\(key)' of \(count) \(dtype.rawValue) elements after \(claimed) bytes of others", fileSize: bytes.count)
            }
            claimed += byteCount
            return Storage.allocate(zeroedByteCount: byteCount)
        }
        let (value, afterValue) = try unpickler.unpickle(bytes, from: position)
        let (keys, afterKeys) = try TorchUnpickler(storageSource: noStorages).unpickle(bytes, from: afterValue)
        position = afterKeys
        for key in try keyStrings(keys) {
            guard let storage = unpickler.storages[key] else {
                throw .invalidLegacyFile("the storage list names '\(key)', which no tensor uses")
            }
            guard position <= bytes.count - 8 else {
                throw .truncated(expected: "the element count of storage '\(key)' at byte \(position)", fileSize: bytes.count)
            }
            let count = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: Int64.self))
            let byteCount = storage.count * storage.dtype.itemSize
            guard count == storage.count else {
                throw .invalidTensor(key: key, reason: "the file stores \(count) elements, the pickle says \(storage.count)")
            }
            position += 8
            guard byteCount <= bytes.count - position else {
                throw .truncated(expected: "storage '\(key)' to span bytes \(position)..<\(position + byteCount)", fileSize: bytes.count)
            }
            let source = UnsafeRawBufferPointer(rebasing: bytes[position..<(position + byteCount)])
            try StorageBytes.checkBooleans(source, dtype: storage.dtype, key: key)
            storage.storage.bytes.copyMemory(from: source.baseAddress!, byteCount: byteCount)
            position += byteCount
        }
        return value
    }

    /// The metadata pickles hold no tensors.
    private static func noStorages(_ key: String, _: DType, _: Int) throws(CheckpointError) -> Storage {
        throw .invalidLegacyFile("storage '\(key)' outside the value's pickle")
    }

    /// Where the pickle starting at `start` ends (the magic number, an integer wider than 64 bits).
    private static func skipPickle(_ bytes: UnsafeRawBufferPointer, from start: Int) throws(CheckpointError) -> Int {
        let reader = PickleReader(
            resolveGlobal: TorchGlobals.resolve,
            call: { global, _ throws(CheckpointError) in throw .forbiddenGlobal(module: global.module, name: global.name) },
            persistentLoad: { _ throws(CheckpointError) in throw .invalidLegacyFile("a storage in the magic number") })
        return try reader.read(bytes, from: start) { _ in () }.end
    }

    private static func keyStrings(_ value: CheckpointValue) throws(CheckpointError) -> [String] {
        guard let items = value.elements else { throw .unexpectedValue(expected: "the list of storage keys", found: value.kindName) }
        var keys: [String] = []
        for item in items {
            guard case .string(let key) = item else { throw .unexpectedValue(expected: "a storage key string", found: item.kindName) }
            keys.append(key)
        }
        return keys
    }
}
