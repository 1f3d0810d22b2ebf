import Foundation

/// Protocol-buffer wire encoding, by hand: the few field kinds TensorBoard's `Event` messages use.
/// Fields are written in the order the caller gives (field-number order, as protobuf's own serialisers do) and
/// proto3 defaults are left out by the callers, so the bytes equal Python's `SerializeToString()`.
struct ProtobufWriter {
    /// The message so far.
    private(set) var bytes: [UInt8] = []

    private mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    private mutating func key(_ field: Int, _ wireType: ProtobufWireType) {
        varint(UInt64(field) << 3 | UInt64(wireType.rawValue))
    }

    private mutating func littleEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// A `double` field.
    mutating func double(_ field: Int, _ value: Double) {
        key(field, .fixed64)
        littleEndian(value.bitPattern)
    }

    /// A `float` field.
    mutating func float(_ field: Int, _ value: Float) {
        key(field, .fixed32)
        littleEndian(value.bitPattern)
    }

    /// An `int64`, `int32` or enum field (negative values take ten bytes, as in protobuf).
    mutating func int(_ field: Int, _ value: Int64) {
        key(field, .varint)
        varint(UInt64(bitPattern: value))
    }

    /// A `bytes` or embedded-message field.
    mutating func bytes(_ field: Int, _ value: [UInt8]) {
        key(field, .lengthDelimited)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// A `string` field (UTF-8).
    mutating func string(_ field: Int, _ value: String) { bytes(field, Array(value.utf8)) }

    /// A packed `repeated double` field.
    mutating func packedDoubles(_ field: Int, _ values: [Double]) {
        var packed = ProtobufWriter()
        for value in values { packed.littleEndian(value.bitPattern) }
        bytes(field, packed.bytes)
    }
}

/// The wire types of protobuf's encoding.
enum ProtobufWireType: Int {
    case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
}

/// One field read from a message: its number and its raw value.
struct ProtobufField {
    /// The field number.
    let number: Int
    /// The value as stored: an integer for varint and fixed fields, bytes for length-delimited ones.
    let value: Value

    enum Value {
        case varint(UInt64), fixed64(UInt64), fixed32(UInt32), bytes(ArraySlice<UInt8>)
    }
}

/// Reads the fields of one protobuf message, refusing (never trapping on) malformed input.
struct ProtobufReader {
    private let bytes: ArraySlice<UInt8>
    private var position: Int
    /// What the message is, for error messages (`Event`, `HistogramProto`).
    private let message: String

    init(_ bytes: ArraySlice<UInt8>, message: String) {
        self.bytes = bytes
        self.position = bytes.startIndex
        self.message = message
    }

    private func malformed(_ detail: String) -> EventFileError {
        .malformedMessage(message: message, detail: detail)
    }

    private mutating func varint() throws(EventFileError) -> UInt64 {
        var result: UInt64 = 0
        for shift in stride(from: 0, to: 70, by: 7) {
            guard position < bytes.endIndex else { throw malformed("a varint runs past the end of the message") }
            let byte = bytes[position]
            position += 1
            guard shift < 63 || byte <= 1 else { throw malformed("a varint is longer than 64 bits") }
            result |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte & 0x80 == 0 { return result }
        }
        throw malformed("a varint is longer than 10 bytes")
    }

    private mutating func fixed(_ count: Int) throws(EventFileError) -> UInt64 {
        guard bytes.endIndex - position >= count else {
            throw malformed("expected \(count) bytes of a fixed-width field, found \(bytes.endIndex - position)")
        }
        var value: UInt64 = 0
        for index in 0..<count { value |= UInt64(bytes[position + index]) << UInt64(8 * index) }
        position += count
        return value
    }

    /// The next field, or nil at the end of the message.
    mutating func next() throws(EventFileError) -> ProtobufField? {
        guard position < bytes.endIndex else { return nil }
        let key = try varint()
        let number = Int(key >> 3)
        guard number > 0, number < 1 << 29 else { throw malformed("field number \(key >> 3) is out of range") }
        switch ProtobufWireType(rawValue: Int(key & 7)) {
        case .varint: return ProtobufField(number: number, value: .varint(try varint()))
        case .fixed64: return ProtobufField(number: number, value: .fixed64(try fixed(8)))
        case .fixed32: return ProtobufField(number: number, value: .fixed32(UInt32(try fixed(4))))
        case .lengthDelimited:
            let length = try varint()
            let available = bytes.endIndex - position
            guard length <= UInt64(available) else {
                throw malformed("field \(number) declares \(length) bytes, found \(available)")
            }
            defer { position += Int(length) }
            return ProtobufField(number: number, value: .bytes(bytes[position..<(position + Int(length))]))
        case nil: throw malformed("field \(number) has unsupported wire type \(key & 7)")
        }
    }
}

extension ProtobufField {
    private func wrongType(_ expected: String, in message: String) -> EventFileError {
        .malformedMessage(message: message, detail: "field \(number) should be \(expected), found \(value.kind)")
    }

    /// The value of a `double` field.
    func double(in message: String) throws(EventFileError) -> Double {
        guard case .fixed64(let bits) = value else { throw wrongType("a double", in: message) }
        return Double(bitPattern: bits)
    }

    /// The value of a `float` field.
    func float(in message: String) throws(EventFileError) -> Float {
        guard case .fixed32(let bits) = value else { throw wrongType("a float", in: message) }
        return Float(bitPattern: bits)
    }

    /// The value of an `int64`/`int32`/enum field.
    func int(in message: String) throws(EventFileError) -> Int64 {
        guard case .varint(let raw) = value else { throw wrongType("a varint", in: message) }
        return Int64(bitPattern: raw)
    }

    /// The bytes of a `bytes`, `string` or embedded-message field.
    func bytes(in message: String) throws(EventFileError) -> ArraySlice<UInt8> {
        guard case .bytes(let slice) = value else { throw wrongType("length-delimited", in: message) }
        return slice
    }

    /// The value of a `string` field, which must be UTF-8.
    func string(in message: String) throws(EventFileError) -> String {
        guard let string = String(validating: try bytes(in: message), as: UTF8.self) else {
            throw .malformedMessage(message: message, detail: "field \(number) is not valid UTF-8")
        }
        return string
    }

    /// The values of a `repeated double` field, packed or (as old writers did) one per field.
    func doubles(in message: String) throws(EventFileError) -> [Double] {
        switch value {
        case .fixed64(let bits): return [Double(bitPattern: bits)]
        case .bytes(let slice):
            guard slice.count % 8 == 0 else {
                throw .malformedMessage(message: message,
                    detail: "packed doubles in field \(number) take \(slice.count) bytes, not a multiple of 8")
            }
            return stride(from: slice.startIndex, to: slice.endIndex, by: 8).map { start in
                var bits: UInt64 = 0
                for index in 0..<8 { bits |= UInt64(slice[start + index]) << UInt64(8 * index) }
                return Double(bitPattern: bits)
            }
        default: throw wrongType("packed doubles", in: message)
        }
    }
}

extension ProtobufField.Value {
    /// The wire type's name, for error messages.
    var kind: String {
        switch self {
        case .varint: "a varint"
        case .fixed64: "a 64-bit value"
        case .fixed32: "a 32-bit value"
        case .bytes: "length-delimited"
        }
    }
}
