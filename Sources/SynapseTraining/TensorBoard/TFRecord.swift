/// TensorFlow's record framing, which TensorBoard event files use: each record is its length (little-endian
/// `uint64`), the masked CRC-32C of those 8 bytes, the data, and the masked CRC-32C of the data.
enum TFRecord {
    /// `data` framed as one record.
    static func frame(_ data: [UInt8]) -> [UInt8] {
        let length = withUnsafeBytes(of: UInt64(data.count).littleEndian) { Array($0) }
        return length + littleEndian(CRC32C.masked(length)) + data + littleEndian(CRC32C.masked(data))
    }

    /// The data of every record in `bytes`, checking lengths and both checksums of each.
    static func records(in bytes: [UInt8]) throws(EventFileError) -> [ArraySlice<UInt8>] {
        var records: [ArraySlice<UInt8>] = []
        var offset = 0
        while offset < bytes.count {
            let remaining = bytes.count - offset
            guard remaining >= 12 else { throw .truncatedHeader(offset: offset, found: remaining) }
            let lengthBytes = bytes[offset..<(offset + 8)]
            let storedLengthCRC = readUInt32(bytes, at: offset + 8)
            let lengthCRC = CRC32C.masked(lengthBytes)
            guard lengthCRC == storedLengthCRC else {
                throw .lengthChecksumMismatch(offset: offset, stored: storedLengthCRC, computed: lengthCRC)
            }
            let length = lengthBytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard length <= UInt64(remaining - 12), Int(length) + 4 <= remaining - 12 else {
                throw .truncatedRecord(offset: offset, expected: length, found: remaining - 12)
            }
            let start = offset + 12, end = start + Int(length)
            let data = bytes[start..<end]
            let storedDataCRC = readUInt32(bytes, at: end)
            let dataCRC = CRC32C.masked(data)
            guard dataCRC == storedDataCRC else {
                throw .dataChecksumMismatch(offset: offset, stored: storedDataCRC, computed: dataCRC)
            }
            records.append(data)
            offset = end + 4
        }
        return records
    }

    private static func littleEndian(_ value: UInt32) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << UInt32(8 * $1) }
    }
}
