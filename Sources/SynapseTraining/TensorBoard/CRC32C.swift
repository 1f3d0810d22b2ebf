/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum TensorFlow's record files use, and its
/// masked form.
enum CRC32C {
    private static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index)
        for _ in 0..<8 { crc = crc & 1 == 1 ? 0x82F6_3B78 ^ (crc >> 1) : crc >> 1 }
        return crc
    }

    /// The CRC-32C of `bytes`.
    static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return ~crc
    }

    /// TFRecord's masked CRC (`((crc >> 15) | (crc << 17)) + 0xa282ead8`): a CRC stored next to the data it covers
    /// is rotated so that checksumming a string that embeds CRCs stays well behaved.
    static func masked<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        let crc = checksum(bytes)
        return ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
    }
}
