import CSynapseKernels

/// gzip files (RFC 1952), as MNIST's mirrors serve IDX files and people compress CSV and `.npy` files: one or more
/// members, each a header (optional extra field, name, comment and header CRC), deflate data, and a trailer whose
/// CRC-32 and size are checked.
enum Gzip {
    /// The most a gzip file may inflate to (4 GiB): past it the file is refused rather than allocated. Deflate
    /// expands at most ~1,032 times, so a small hostile file can't reach it.
    static let maximumSize = 1 << 32

    /// True when `bytes` start with gzip's magic number (`1f 8b`).
    static func isGzip(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B }

    /// `bytes` inflated when they are a gzip file (a `format` file, for messages), else `bytes` themselves.
    static func inflatedIfGzip(_ bytes: [UInt8], format: String) throws(DataFileError) -> [UInt8] {
        isGzip(bytes) ? try inflate(bytes, format: format) : bytes
    }

    /// The inflated contents of the gzip file `bytes` (a `format` file, for messages), at most `limit` bytes.
    static func inflate(_ bytes: [UInt8], format: String, limit: Int = maximumSize) throws(DataFileError) -> [UInt8] {
        let name = "gzip-compressed \(format)"
        var output: [UInt8] = []
        var position = 0
        repeat {
            let start = try dataStart(bytes, member: position, format: name)
            let member: (output: [UInt8], end: Int)
            do {
                member = try Inflater.inflate(bytes, range: start..<bytes.count, limit: limit - output.count)
            } catch {
                throw DataFileError("\(name): member at byte \(position): \(error.reason)")
            }
            guard bytes.count - member.end >= 8 else {
                throw DataFileError("\(name): expected an 8-byte trailer after the deflate data at byte \(member.end), "
                                    + "found a file of \(bytes.count) bytes")
            }
            let crc = little(bytes, member.end, 4), size = little(bytes, member.end + 4, 4)
            let computed = member.output.withUnsafeBytes { synapse_crc32(0, $0.baseAddress, $0.count) }
            guard crc == Int(computed) else {
                throw DataFileError("\(name): the member at byte \(position) fails its CRC-32 check (stored "
                                    + "\(String(crc, radix: 16)), computed \(String(computed, radix: 16))): the file is corrupt")
            }
            guard size == member.output.count & 0xFFFF_FFFF else {
                throw DataFileError("\(name): the member at byte \(position) claims \(size) bytes, and inflates to "
                                    + "\(member.output.count)")
            }
            output += member.output
            position = member.end + 8
        } while position < bytes.count
        return output
    }

    /// Where the deflate data of the member at `member` start, after its header.
    private static func dataStart(_ bytes: [UInt8], member: Int, format: String) throws(DataFileError) -> Int {
        func truncated(_ expected: String) -> DataFileError {
            DataFileError("\(format): expected \(expected), found a file of \(bytes.count) bytes")
        }
        guard bytes.count - member >= 10 else { throw truncated("a 10-byte member header at byte \(member)") }
        guard bytes[member] == 0x1F, bytes[member + 1] == 0x8B else {
            throw DataFileError("\(format): expected a gzip member (1f 8b) at byte \(member), found "
                                + "\(String(bytes[member], radix: 16)) \(String(bytes[member + 1], radix: 16))")
        }
        guard bytes[member + 2] == 8 else {
            throw DataFileError("\(format): compression method \(bytes[member + 2]); expected 8 (deflate)")
        }
        let flags = bytes[member + 3]
        guard flags & 0xE0 == 0 else { throw DataFileError("\(format): reserved header flags are set (\(flags))") }
        var position = member + 10
        if flags & 4 != 0 {
            guard bytes.count - position >= 2 else { throw truncated("an extra field's length") }
            position += 2 + little(bytes, position, 2)
        }
        for flag: UInt8 in [8, 16] where flags & flag != 0 {   // a zero-terminated name, then comment
            guard position < bytes.count, let zero = bytes[position...].firstIndex(of: 0) else {
                throw truncated("a zero-terminated \(flag == 8 ? "name" : "comment")")
            }
            position = zero + 1
        }
        if flags & 2 != 0 { position += 2 }
        guard position <= bytes.count else { throw truncated("the member header to end at byte \(position)") }
        return position
    }

    private static func little(_ bytes: [UInt8], _ offset: Int, _ count: Int) -> Int {
        (0..<count).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
    }
}
