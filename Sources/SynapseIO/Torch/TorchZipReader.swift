/// Reads PyTorch's zip checkpoints (`torch.save`, since 1.6): `data.pkl` through the data-only unpickler, each
/// `data/<key>` record a storage that views the mapped file (copy-on-write) when its offset suits the dtype.
enum TorchZipReader {
    /// The value saved in `file`.
    static func read(_ file: MappedFile) throws(CheckpointError) -> CheckpointValue {
        let bytes = file.buffer
        let archive = try ZipArchive(bytes)
        guard let first = archive.names.first, let slash = first.firstIndex(of: "/") else {
            throw .invalidArchive("expected every record inside one folder (archive/data.pkl), found '\(archive.names.first ?? "no records")'")
        }
        let folder = String(first[..<slash])
        if let order = archive.records["\(folder)/byteorder"] {
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[order.offset..<(order.offset + order.size)]), as: UTF8.self)
            guard text == "little" else { throw .invalidArchive("byteorder is '\(text)'; only little-endian files can be read") }
        }
        let pickle = try archive.record("\(folder)/data.pkl")
        try archive.verifyChecksum(pickle, name: "\(folder)/data.pkl", in: bytes)
        let unpickler = TorchUnpickler { key, dtype, count throws(CheckpointError) in
            let name = "\(folder)/data/\(key)", record = try archive.record(name)
            // A file read into memory is checked whole, as torch.load checks each record it extracts; a mapped one
            // only in its pickle (torch.load(mmap=True) checks none), so that mapping stays free of reads.
            if !file.isMapped { try archive.verifyChecksum(record, name: name, in: bytes) }
            return try storage(record, key: key, dtype: dtype, count: count, file: file)
        }
        return try unpickler.unpickle(UnsafeRawBufferPointer(rebasing: bytes[pickle.offset..<(pickle.offset + pickle.size)])).0
    }

    /// The storage of a `data/<key>` record, which must hold exactly `count` elements of `dtype`.
    private static func storage(
        _ record: ZipArchive.Record, key: String, dtype: DType, count: Int, file: MappedFile
    ) throws(CheckpointError) -> Storage {
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
        guard !overflow, byteCount == record.size else {
            throw .invalidArchive("storage '\(key)' should hold \(count) \(dtype.rawValue) elements (\(overflow ? "overflowing" : String(byteCount)) bytes), but its record has \(record.size) bytes")
        }
        guard byteCount > 0, let base = file.bytes else { return Storage.allocate(byteCount: 0) }
        return try StorageBytes.view(of: file, at: base + record.offset, byteCount: byteCount, dtype: dtype, key: key)
    }
}
