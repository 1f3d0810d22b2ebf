import Foundation

/// Reads safetensors files (`safetensors.torch.load_file`), validating everything before building a tensor.
enum SafeTensorsReader {
    /// The largest header the format allows.
    static let maximumHeaderSize = 100 * 1024 * 1024

    /// One tensor's entry in the header, checked.
    struct Entry {
        let key: String
        let dtype: DType
        let shape: [Int]
        let begin: Int
        let end: Int
    }

    /// The tensors of `file` (keys sorted, as `safe_open(...).keys()` lists them) and its `__metadata__`.
    static func read(_ file: MappedFile) throws(CheckpointError) -> (tensors: StateDict, metadata: [String: String]) {
        let bytes = file.buffer
        guard bytes.count >= 8 else { throw .truncated(expected: "an 8-byte header length", fileSize: bytes.count) }
        let declared = bytes.loadUnaligned(as: UInt64.self).littleEndian
        guard declared <= UInt64(maximumHeaderSize) else {
            throw .invalidHeader("the header length is \(declared) bytes, more than the 100 MB the format allows")
        }
        let headerSize = Int(declared)
        guard headerSize <= bytes.count - 8 else {
            throw .truncated(expected: "a \(headerSize)-byte header after the length", fileSize: bytes.count)
        }
        let (entries, metadata) = try parseHeader(UnsafeRawBufferPointer(rebasing: bytes[8..<(8 + headerSize)]))
        let dataStart = 8 + headerSize, dataSize = bytes.count - dataStart
        try checkTiling(entries, dataSize: dataSize)
        var tensors = StateDict()
        for entry in entries.sorted(by: { $0.key < $1.key }) {
            tensors[entry.key] = try makeTensor(entry, file: file, dataStart: dataStart)
        }
        return (tensors, metadata)
    }

    /// The header's entries and metadata, each field checked for type and range.
    static func parseHeader(_ header: UnsafeRawBufferPointer) throws(CheckpointError) -> ([Entry], [String: String]) {
        guard header.first == UInt8(ascii: "{") else {
            throw .invalidHeader("expected a JSON object starting with '{', found byte \(header.first.map(String.init) ?? "none")")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(header), options: [])
        } catch {
            throw .invalidHeader("not valid JSON (\(error.localizedDescription))")
        }
        guard let dictionary = object as? [String: Any] else { throw .invalidHeader("expected a JSON object") }
        var metadata: [String: String] = [:]
        var entries: [Entry] = []
        for (key, value) in dictionary {
            if key == "__metadata__" {
                guard let values = value as? [String: Any] else {
                    throw .invalidHeader("__metadata__ must map strings to strings")
                }
                for (name, item) in values {
                    guard let text = item as? String else {
                        throw .invalidHeader("__metadata__[\"\(name)\"] must be a string")
                    }
                    metadata[name] = text
                }
                continue
            }
            entries.append(try parseEntry(key, value))
        }
        return (entries, metadata)
    }

    private static func parseEntry(_ key: String, _ value: Any) throws(CheckpointError) -> Entry {
        guard let fields = value as? [String: Any] else { throw .invalidTensor(key: key, reason: "expected an object") }
        guard let dtypeName = fields["dtype"] as? String else {
            throw .invalidTensor(key: key, reason: "missing or non-string \"dtype\"")
        }
        guard let dtype = SafeTensorsDType.dtype(dtypeName) else { throw .unsupportedDType(key: key, dtype: dtypeName) }
        guard let shape = integers(fields["shape"]), shape.allSatisfy({ $0 >= 0 }) else {
            throw .invalidTensor(key: key, reason: "\"shape\" must be a list of non-negative integers")
        }
        guard let offsets = integers(fields["data_offsets"]), offsets.count == 2, offsets[0] >= 0,
              offsets[0] <= offsets[1] else {
            throw .invalidTensor(key: key, reason: "\"data_offsets\" must be [begin, end] with 0 <= begin <= end")
        }
        var byteCount = dtype.itemSize
        for size in shape {
            let (product, overflow) = byteCount.multipliedReportingOverflow(by: size)
            guard !overflow else { throw .invalidTensor(key: key, reason: "shape \(shape) overflows") }
            byteCount = product
        }
        guard byteCount == offsets[1] - offsets[0] else {
            throw .invalidTensor(key: key, reason: "shape \(shape) of \(dtypeName) needs \(byteCount) bytes, but data_offsets \(offsets) span \(offsets[1] - offsets[0])")
        }
        return Entry(key: key, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1])
    }

    /// Integers from a JSON array, or `nil` when anything else is there (floats, strings, huge numbers).
    private static func integers(_ value: Any?) -> [Int]? {
        guard let array = value as? [Any] else { return nil }
        var result: [Int] = []
        for item in array {
            guard let number = item as? NSNumber, !isBoolean(number), !isFloatingPoint(number),
                  let integer = Int(exactly: number.doubleValue), Double(integer) == number.doubleValue,
                  number.int64Value == Int64(integer) else { return nil }
            result.append(integer)
        }
        return result
    }

    /// A JSON number written with a fraction or exponent (`8.0`, `8e0`) decodes as a double (type code "d"):
    /// not an integer here, whatever its value.
    private static func isFloatingPoint(_ number: NSNumber) -> Bool {
        let type = String(cString: number.objCType)
        return type == "d" || type == "f"
    }

    /// JSON `true`/`false` decode as NSNumber too (type code "c"); they are not integers here.
    private static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    /// The tensors must tile the data buffer exactly: no holes, no overlaps, nothing after the last one.
    static func checkTiling(_ entries: [Entry], dataSize: Int) throws(CheckpointError) {
        var position = 0
        for entry in entries.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
            guard entry.begin == position else {
                throw .invalidTensor(key: entry.key, reason: entry.begin < position
                    ? "its bytes [\(entry.begin), \(entry.end)) overlap another tensor's (which ends at \(position))"
                    : "a hole: its bytes start at \(entry.begin), but the previous tensor ends at \(position)")
            }
            guard entry.end <= dataSize else {
                throw .truncated(expected: "tensor '\(entry.key)' to end at data byte \(entry.end)", fileSize: dataSize)
            }
            position = entry.end
        }
        guard position == dataSize else {
            throw .invalidHeader("the data buffer has \(dataSize) bytes but the tensors cover \(position)")
        }
    }

    /// A view of the mapping when the data is aligned for the dtype, a copy otherwise.
    private static func makeTensor(_ entry: Entry, file: MappedFile, dataStart: Int) throws(CheckpointError) -> Tensor {
        let count = entry.end - entry.begin
        let strides = Tensor.contiguousStrides(entry.shape)
        guard count > 0, let base = file.bytes else {
            return Tensor(storage: Storage.allocate(byteCount: 0), shape: entry.shape, strides: strides, dtype: entry.dtype)
        }
        let storage = try StorageBytes.view(of: file, at: base + dataStart + entry.begin, byteCount: count,
                                            dtype: entry.dtype, key: entry.key)
        return Tensor(storage: storage, shape: entry.shape, strides: strides, dtype: entry.dtype)
    }
}
