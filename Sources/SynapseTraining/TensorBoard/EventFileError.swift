/// Why an event file (TensorFlow's record format holding TensorBoard `Event` messages) could not be read or
/// written: what was expected and what was found.
public enum EventFileError: Error, Equatable, CustomStringConvertible {
    /// Fewer than the 12 header bytes (length and its checksum) remain at `offset`.
    case truncatedHeader(offset: Int, found: Int)
    /// The masked CRC-32C stored after the record length at `offset` does not match the length.
    case lengthChecksumMismatch(offset: Int, stored: UInt32, computed: UInt32)
    /// The record at `offset` declares `expected` data bytes (plus a 4-byte checksum), but only `found` remain.
    case truncatedRecord(offset: Int, expected: UInt64, found: Int)
    /// The masked CRC-32C stored after the data of the record at `offset` does not match the data.
    case dataChecksumMismatch(offset: Int, stored: UInt32, computed: UInt32)
    /// A protobuf message inside a record is not what its schema says.
    case malformedMessage(message: String, detail: String)
    /// The file could not be created, written or read.
    case io(path: String, reason: String)

    /// What went wrong and where, in words.
    public var description: String {
        switch self {
        case .truncatedHeader(let offset, let found):
            "event file truncated: expected a 12-byte record header at offset \(offset), found \(found) bytes"
        case .lengthChecksumMismatch(let offset, let stored, let computed):
            "event file corrupted: the length of the record at offset \(offset) has CRC32C "
                + "\(hex(computed)), but the file stores \(hex(stored))"
        case .truncatedRecord(let offset, let expected, let found):
            "event file truncated: the record at offset \(offset) declares \(expected) bytes of data and a "
                + "4-byte checksum, found \(found) bytes"
        case .dataChecksumMismatch(let offset, let stored, let computed):
            "event file corrupted: the data of the record at offset \(offset) has CRC32C \(hex(computed)), "
                + "but the file stores \(hex(stored))"
        case .malformedMessage(let message, let detail):
            "malformed \(message) message: \(detail)"
        case .io(let path, let reason):
            "\(path): \(reason)"
        }
    }
}

private func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16, uppercase: false) }
