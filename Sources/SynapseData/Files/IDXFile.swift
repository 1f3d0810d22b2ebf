import SynapseTensor

/// The IDX format of MNIST and Fashion-MNIST (`train-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, …): a 4-byte
/// magic (two zero bytes, a type code, the number of dimensions), the dimensions as big-endian 32-bit integers, then
/// the values, big-endian. The type codes give uint8 (0x08), int8 (0x09), int16 (0x0B), int32 (0x0C), float32
/// (0x0D) and float64 (0x0E) tensors. Files compressed with gzip (`train-images-idx3-ubyte.gz`, as MNIST's mirrors
/// serve them) are inflated first.
///
/// ```swift
/// let images = try IDXFile.read(contentsOf: "train-images-idx3-ubyte.gz")   // uint8 [60000, 28, 28]
/// let labels = try IDXFile.read(contentsOf: "train-labels-idx1-ubyte")   // uint8 [60000]
/// ```
public enum IDXFile {
    /// The tensor in the IDX file at `path`.
    public static func read(contentsOf path: String) throws(DataFileError) -> Tensor {
        try decode(readFileBytes(path))
    }

    /// The tensor in the bytes of an IDX file, gzip-compressed or not.
    public static func decode(_ bytes: [UInt8]) throws(DataFileError) -> Tensor {
        let bytes = try Gzip.inflatedIfGzip(bytes, format: "IDX file")
        guard bytes.count >= 4, bytes[0] == 0, bytes[1] == 0 else {
            throw DataFileError("expected an IDX magic starting with two zero bytes, found \(bytes.prefix(4).map { String($0, radix: 16) })")
        }
        let element: StoredElement
        switch bytes[2] {
        case 0x08: element = .uint8
        case 0x09: element = .int8
        case 0x0B: element = .int16
        case 0x0C: element = .int32
        case 0x0D: element = .float32
        case 0x0E: element = .float64
        default:
            throw DataFileError("expected an IDX type code of 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E, found 0x\(String(bytes[2], radix: 16))")
        }
        let rank = Int(bytes[3])
        let dataStart = 4 + 4 * rank
        guard bytes.count >= dataStart else {
            throw DataFileError("truncated IDX header: expected \(rank) dimensions (\(dataStart) bytes), found \(bytes.count) bytes")
        }
        let shape = (0..<rank).map { dimension in
            (0..<4).reduce(0) { $0 << 8 | Int(bytes[4 + 4 * dimension + $1]) }
        }
        let count = try elementCount(shape, elementSize: element.size)
        let available = bytes.count - dataStart
        guard available == count * element.size else {
            throw DataFileError("expected \(count * element.size) bytes of data for shape \(shape), found \(available)")
        }
        return element.tensor(bytes, offset: dataStart, count: count, shape: shape, bigEndian: true)
    }
}
