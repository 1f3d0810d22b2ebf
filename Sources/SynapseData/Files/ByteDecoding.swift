import SynapseTensor

/// The element types array files store, and how to turn their bytes into a tensor.
enum StoredElement {
    case float64, float32, float16, int64, int32, int16, int8, uint8, bool

    /// Bytes per element.
    var size: Int {
        switch self {
        case .float64, .int64: 8
        case .float32, .int32: 4
        case .float16, .int16: 2
        case .int8, .uint8, .bool: 1
        }
    }

    /// A contiguous tensor of `shape` from `count` elements at `offset` of `bytes`, byte-swapped when the file's
    /// byte order isn't little-endian. The caller has checked the length.
    func tensor(_ bytes: [UInt8], offset: Int, count: Int, shape: [Int], bigEndian: Bool) -> Tensor {
        func values<T: FixedWidthInteger>(_: T.Type) -> [T] {
            bytes.withUnsafeBytes { raw in
                (0..<count).map { index in
                    let value = raw.loadUnaligned(fromByteOffset: offset + index * MemoryLayout<T>.size, as: T.self)
                    return bigEndian ? T(bigEndian: value) : T(littleEndian: value)
                }
            }
        }
        switch self {
        case .float64: return Tensor(flat: values(UInt64.self).map(Double.init(bitPattern:)), shape: shape)
        case .float32: return Tensor(flat: values(UInt32.self).map(Float.init(bitPattern:)), shape: shape)
        case .float16: return Tensor(flat: values(UInt16.self).map(Float16.init(bitPattern:)), shape: shape)
        case .int64: return Tensor(flat: values(Int64.self), shape: shape)
        case .int32: return Tensor(flat: values(Int32.self), shape: shape)
        case .int16: return Tensor(flat: values(Int16.self), shape: shape)
        case .int8: return Tensor(flat: values(Int8.self), shape: shape)
        case .uint8: return Tensor(flat: values(UInt8.self), shape: shape)
        case .bool: return Tensor(flat: values(UInt8.self).map { $0 != 0 }, shape: shape)
        }
    }
}
