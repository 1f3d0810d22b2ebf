import CSynapseKernels

/// Writes an uncompressed zip archive the way PyTorch does: every record's data start on a 64-byte boundary
/// (padding goes into the local header's extra field), CRC-32 filled in, zip64 fields when sizes or offsets pass
/// 4 GiB.
struct ZipWriter {
    /// Data alignment of every record (`.storage_alignment`).
    static let alignment = 64
    /// Sizes and offsets from this value on are written as zip64 (lowered by tests).
    var zip64Threshold = 0xFFFF_FFFF

    private(set) var bytes: [UInt8] = []
    private var entries: [(name: [UInt8], offset: Int, size: Int, crc: UInt32)] = []

    init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends a record named `name` holding `data`.
    mutating func add(_ name: String, _ data: UnsafeRawBufferPointer) {
        let nameBytes = Array(name.utf8)
        let offset = bytes.count
        let large = data.count >= zip64Threshold || offset >= zip64Threshold
        let crc = data.isEmpty ? 0 : synapse_crc32(0, data.baseAddress, data.count)
        let zip64Extra = large ? 20 : 0
        let unpadded = offset + 30 + nameBytes.count + zip64Extra + 4
        let padding = (Self.alignment - unpadded % Self.alignment) % Self.alignment
        append(UInt32(0x0403_4B50))
        append(UInt16(large ? 45 : 20)) // version needed
        append(UInt16(0)) // flags
        append(UInt16(0)) // stored
        append(UInt16(0)) // time
        append(UInt16(0x21)) // date: 1980-01-01
        append(crc)
        append(UInt32(large ? 0xFFFF_FFFF : UInt32(data.count)))
        append(UInt32(large ? 0xFFFF_FFFF : UInt32(data.count)))
        append(UInt16(nameBytes.count))
        append(UInt16(zip64Extra + 4 + padding))
        bytes.append(contentsOf: nameBytes)
        if large {
            append(UInt16(1))
            append(UInt16(16))
            append(UInt64(data.count))
            append(UInt64(data.count))
        }
        append(UInt16(0x4246)) // "FB": PyTorch's padding field
        append(UInt16(padding))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "Z"), count: padding))
        bytes.append(contentsOf: data)
        entries.append((nameBytes, offset, data.count, crc))
    }

    /// Appends a record holding a short text.
    mutating func add(_ name: String, text: String) {
        Array(text.utf8).withUnsafeBytes { add(name, $0) }
    }

    /// Writes the central directory and the end record; the archive is then complete.
    mutating func finish() {
        let directoryOffset = bytes.count
        for entry in entries {
            let large = entry.size >= zip64Threshold || entry.offset >= zip64Threshold
            append(UInt32(0x0201_4B50))
            append(UInt16(large ? 45 : 20)) // version made by
            append(UInt16(large ? 45 : 20)) // version needed
            append(UInt16(0))
            append(UInt16(0))
            append(UInt16(0))
            append(UInt16(0x21))
            append(entry.crc)
            append(UInt32(large ? 0xFFFF_FFFF : UInt32(entry.size)))
            append(UInt32(large ? 0xFFFF_FFFF : UInt32(entry.size)))
            append(UInt16(entry.name.count))
            append(UInt16(large ? 28 : 0)) // extra
            append(UInt16(0)) // comment
            append(UInt16(0)) // disk
            append(UInt16(0)) // internal attributes
            append(UInt32(0)) // external attributes
            append(UInt32(large ? 0xFFFF_FFFF : UInt32(entry.offset)))
            bytes.append(contentsOf: entry.name)
            if large {
                append(UInt16(1))
                append(UInt16(24))
                append(UInt64(entry.size))
                append(UInt64(entry.size))
                append(UInt64(entry.offset))
            }
        }
        let directorySize = bytes.count - directoryOffset
        let large = directoryOffset >= zip64Threshold || entries.count >= 0xFFFF
            || entries.contains { $0.size >= zip64Threshold || $0.offset >= zip64Threshold }
        if large {
            let zip64End = bytes.count
            append(UInt32(0x0606_4B50))
            append(UInt64(44)) // size of the rest of this record
            append(UInt16(45))
            append(UInt16(45))
            append(UInt32(0))
            append(UInt32(0))
            append(UInt64(entries.count))
            append(UInt64(entries.count))
            append(UInt64(directorySize))
            append(UInt64(directoryOffset))
            append(UInt32(0x0706_4B50)) // locator
            append(UInt32(0))
            append(UInt64(zip64End))
            append(UInt32(1))
        }
        append(UInt32(0x0605_4B50))
        append(UInt16(0))
        append(UInt16(0))
        append(UInt16(large ? 0xFFFF : UInt16(entries.count)))
        append(UInt16(large ? 0xFFFF : UInt16(entries.count)))
        append(UInt32(large ? 0xFFFF_FFFF : UInt32(directorySize)))
        append(UInt32(large ? 0xFFFF_FFFF : UInt32(directoryOffset)))
        append(UInt16(0))
    }

    private mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
