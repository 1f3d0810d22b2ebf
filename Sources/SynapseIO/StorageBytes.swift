/// Storages over a mapped file's bytes.
enum StorageBytes {
    /// A storage viewing `byteCount` bytes of `file` at `source` when they are aligned for `dtype` (a copy
    /// otherwise); bool bytes must be 0 or 1.
    static func view(
        of file: MappedFile, at source: UnsafeMutableRawPointer, byteCount: Int, dtype: DType, key: String
    ) throws(CheckpointError) -> Storage {
        try checkBooleans(UnsafeRawBufferPointer(start: source, count: byteCount), dtype: dtype, key: key)
        if Int(bitPattern: source) % dtype.itemSize == 0 {
            return Storage.wrapping(source, byteCount: byteCount) { _, _ in withExtendedLifetime(file) {} }
        }
        let storage = Storage.allocate(byteCount: byteCount)
        storage.bytes.copyMemory(from: source, byteCount: byteCount)
        return storage
    }

    /// Bool tensors must hold 0 or 1 in every byte (anything else is not a `Bool`).
    static func checkBooleans(_ bytes: UnsafeRawBufferPointer, dtype: DType, key: String) throws(CheckpointError) {
        guard dtype == .bool, let bad = bytes.firstIndex(where: { $0 > 1 }) else { return }
        throw .invalidTensor(key: key, reason: "bool byte \(bad) is \(bytes[bad]), expected 0 or 1")
    }
}
