import CSynapseKernels

/// The records of an uncompressed zip archive (what `torch.save` writes, and numpy's `np.savez`), found through the
/// central directory and checked against the local headers; record data are ranges of the mapped file, never
/// copies. Deflated records (`np.savez_compressed`) are listed only for a caller that inflates them.
package struct ZipArchive {
    /// Where a record's bytes are in the file.
    package struct Record {
        package let offset: Int
        /// The record's bytes in the file (compressed, for a deflated record).
        package let size: Int
        /// The CRC-32 the central directory records for the record's (uncompressed) bytes.
        package let crc: UInt32
        /// The compression method: 0 stored, 8 deflated (only when the archive was read with `allowsDeflate`).
        package let method: UInt16
        /// The record's size once inflated (`size` for a stored record).
        package let uncompressedSize: Int
    }

    /// Records by full name (`archive/data.pkl`), and the names in directory order.
    package private(set) var records: [String: Record] = [:]
    package private(set) var names: [String] = []

    /// Reads the directory of the archive `bytes`; deflated records are refused unless `allowsDeflate`.
    package init(_ bytes: UnsafeRawBufferPointer, allowsDeflate: Bool = false) throws(CheckpointError) {
        let end = try Self.endOfDirectory(bytes)
        var position = end.directoryOffset
        for index in 0..<end.entryCount {
            guard position <= bytes.count - 46, Self.u32(bytes, position) == 0x0201_4B50 else {
                throw .invalidArchive("expected central directory entry \(index) at byte \(position), found no entry signature")
            }
            let method = Self.u16(bytes, position + 10)
            var compressedSize = Int(Self.u32(bytes, position + 20))
            var size = Int(Self.u32(bytes, position + 24))
            let nameLength = Int(Self.u16(bytes, position + 28)), extraLength = Int(Self.u16(bytes, position + 30))
            let commentLength = Int(Self.u16(bytes, position + 32))
            var localOffset = Int(Self.u32(bytes, position + 42))
            let nameStart = position + 46
            guard nameLength + extraLength + commentLength <= bytes.count - nameStart else {
                throw .invalidArchive("central directory entry \(index) runs past the end of the file")
            }
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[nameStart..<(nameStart + nameLength)]), as: UTF8.self)
            try Self.applyZip64(bytes, extraStart: nameStart + nameLength, extraLength: extraLength,
                                size: &size, compressedSize: &compressedSize, localOffset: &localOffset, name: name)
            guard method == 0 || (method == 8 && allowsDeflate) else {
                throw .invalidArchive(allowsDeflate
                    ? "record '\(name)' is compressed with method \(method); expected stored (0) or deflated (8)"
                    : "record '\(name)' is compressed (method \(method)); PyTorch files store records uncompressed")
            }
            guard method == 8 || compressedSize == size else {
                throw .invalidArchive("record '\(name)' is stored with \(compressedSize) bytes but claims \(size) uncompressed")
            }
            let dataOffset = try Self.dataOffset(bytes, localHeader: localOffset, name: name)
            guard compressedSize <= bytes.count - dataOffset else {
                throw .truncated(expected: "record '\(name)' to span \(compressedSize) bytes from byte \(dataOffset)", fileSize: bytes.count)
            }
            guard records[name] == nil else { throw .invalidArchive("record '\(name)' appears twice") }
            records[name] = Record(offset: dataOffset, size: compressedSize, crc: Self.u32(bytes, position + 16),
                                   method: method, uncompressedSize: size)
            names.append(name)
            position = nameStart + nameLength + extraLength + commentLength
        }
    }

    /// The end-of-central-directory record (zip64's when present): where the directory is and how many entries.
    private static func endOfDirectory(_ bytes: UnsafeRawBufferPointer) throws(CheckpointError) -> (directoryOffset: Int, entryCount: Int) {
        guard bytes.count >= 22 else { throw .truncated(expected: "a 22-byte end of central directory", fileSize: bytes.count) }
        // The record is 22 bytes plus a comment of at most 65,535 bytes, so it starts in the last 65,557 bytes.
        var start = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65_535)
        while start >= lowest, u32(bytes, start) != 0x0605_4B50 { start -= 1 }
        guard start >= lowest else { throw .invalidArchive("no end of central directory record (not a zip file, or truncated)") }
        var count = Int(u16(bytes, start + 10))
        var offset = Int(u32(bytes, start + 16))
        if (count == 0xFFFF || offset == 0xFFFF_FFFF), start >= 20, u32(bytes, start - 20) == 0x0706_4B50 {
            let zip64 = u64(bytes, start - 20 + 8)
            guard bytes.count >= 56, zip64 <= UInt64(bytes.count - 56), u32(bytes, Int(zip64)) == 0x0606_4B50 else {
                throw .invalidArchive("the zip64 end of central directory locator points to byte \(zip64), where there is no record")
            }
            let entries = u64(bytes, Int(zip64) + 32), directory = u64(bytes, Int(zip64) + 48)
            guard entries <= UInt64(bytes.count), directory <= UInt64(bytes.count) else {
                throw .invalidArchive("zip64 directory claims \(entries) entries at byte \(directory) in a \(bytes.count)-byte file")
            }
            count = Int(entries)
            offset = Int(directory)
        }
        guard offset <= start, count <= (start - offset) / 46 + 1 else {
            throw .invalidArchive("the central directory claims \(count) entries at byte \(offset), but the directory ends at byte \(start)")
        }
        return (offset, count)
    }

    /// Replaces 0xFFFFFFFF sizes and offset with the values of a zip64 extra field (id 1).
    private static func applyZip64(
        _ bytes: UnsafeRawBufferPointer, extraStart: Int, extraLength: Int,
        size: inout Int, compressedSize: inout Int, localOffset: inout Int, name: String
    ) throws(CheckpointError) {
        guard size == 0xFFFF_FFFF || compressedSize == 0xFFFF_FFFF || localOffset == 0xFFFF_FFFF else { return }
        var position = extraStart
        while position + 4 <= extraStart + extraLength {
            let id = u16(bytes, position), length = Int(u16(bytes, position + 2))
            guard position + 4 + length <= extraStart + extraLength else { break }
            if id == 1 {
                var field = position + 4
                let fieldEnd = field + length
                if size == 0xFFFF_FFFF, field + 8 <= fieldEnd { size = Int(clamping: u64(bytes, field)); field += 8 }
                if compressedSize == 0xFFFF_FFFF, field + 8 <= fieldEnd { compressedSize = Int(clamping: u64(bytes, field)); field += 8 }
                if localOffset == 0xFFFF_FFFF, field + 8 <= fieldEnd { localOffset = Int(clamping: u64(bytes, field)); field += 8 }
                return
            }
            position += 4 + length
        }
        throw .invalidArchive("record '\(name)' needs a zip64 extra field, and has none")
    }

    /// Where a record's data start: after its local header, whose name must match the directory's.
    private static func dataOffset(_ bytes: UnsafeRawBufferPointer, localHeader: Int, name: String) throws(CheckpointError) -> Int {
        guard localHeader >= 0, localHeader <= bytes.count - 30, u32(bytes, localHeader) == 0x0403_4B50 else {
            throw .invalidArchive("record '\(name)': no local header at byte \(localHeader)")
        }
        let nameLength = Int(u16(bytes, localHeader + 26)), extraLength = Int(u16(bytes, localHeader + 28))
        let start = localHeader + 30 + nameLength + extraLength
        guard start <= bytes.count else {
            throw .truncated(expected: "record '\(name)''s local header to end at byte \(start)", fileSize: bytes.count)
        }
        let localName = UnsafeRawBufferPointer(rebasing: bytes[(localHeader + 30)..<(localHeader + 30 + nameLength)])
        guard localName.elementsEqual(name.utf8) else {
            throw .invalidArchive("record '\(name)': the local header at byte \(localHeader) names another record")
        }
        return start
    }

    /// Checks `record`'s bytes against its CRC-32 (a flipped bit in a record would otherwise load as other values).
    func verifyChecksum(_ record: Record, name: String, in bytes: UnsafeRawBufferPointer) throws(CheckpointError) {
        let computed = record.size == 0 ? 0 : synapse_crc32(0, bytes.baseAddress! + record.offset, record.size)
        guard computed == record.crc else {
            throw .invalidArchive("record '\(name)' fails its CRC-32 check (stored \(String(record.crc, radix: 16)), computed \(String(computed, radix: 16))): the file is corrupt")
        }
    }

    /// The record named `name`, or an error naming what is missing.
    func record(_ name: String) throws(CheckpointError) -> Record {
        guard let record = records[name] else { throw .invalidArchive("missing record '\(name)'") }
        return record
    }

    static func u16(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt16 {
        UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    static func u32(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    static func u64(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
