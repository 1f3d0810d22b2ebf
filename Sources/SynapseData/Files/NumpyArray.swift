import CSynapseKernels
import Foundation
import SynapseIO
import SynapseTensor

/// numpy's array files: `.npy` (one array, `np.save`) and `.npz` (a zip of `.npy` files, `np.savez`).
///
/// Reads float64/32/16, int64/32/16/8, uint8 and bool arrays in either byte order and in C or Fortran order
/// (versions 1.0 to 3.0 of the format). Object arrays, which hold pickled Python objects, are refused, as
/// `np.load(allow_pickle=False)` refuses them; so are other dtypes and files whose header and length disagree.
/// `.npz` members may be stored (`np.savez`) or deflated (`np.savez_compressed`); a `.npy` file may be gzipped.
///
/// ```swift
/// let x = try NumpyArray.read(contentsOf: "features.npy")          // np.load("features.npy")
/// let parts = try NumpyArray.readArchive(contentsOf: "data.npz")    // ["x": …, "y": …]
/// ```
public enum NumpyArray {
    /// The array in the `.npy` file at `path`.
    public static func read(contentsOf path: String) throws(DataFileError) -> Tensor {
        try decode(readFileBytes(path))
    }

    /// The arrays of the `.npz` file at `path`, by name (without the `.npy` suffix).
    public static func readArchive(contentsOf path: String) throws(DataFileError) -> [String: Tensor] {
        try decodeArchive(readFileBytes(path))
    }

    /// The array in the bytes of a `.npy` file, gzip-compressed or not (`features.npy.gz`).
    public static func decode(_ bytes: [UInt8]) throws(DataFileError) -> Tensor {
        let bytes = try Gzip.inflatedIfGzip(bytes, format: ".npy file")
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw DataFileError("expected the .npy magic \\x93NUMPY, found \(bytes.prefix(6).map { String($0, radix: 16) })")
        }
        let major = bytes[6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw DataFileError("truncated .npy header: expected 12 bytes, found \(bytes.count)") }
            headerLength = (8..<12).reduce(0) { $0 | Int(bytes[$1]) << (8 * ($1 - 8)) }
            headerStart = 12
        default:
            throw DataFileError("expected .npy format version 1, 2 or 3, found \(major).\(bytes[7])")
        }
        guard headerStart + headerLength <= bytes.count else {
            throw DataFileError("truncated .npy header: expected \(headerLength) header bytes, found \(bytes.count - headerStart)")
        }
        let header = try NpyHeader(String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self))
        let dataStart = headerStart + headerLength
        let count = try elementCount(header.shape, elementSize: header.element.size)
        let available = bytes.count - dataStart
        guard available == count * header.element.size else {
            throw DataFileError(
                "expected \(count * header.element.size) bytes of data for shape \(header.shape) and dtype '\(header.descr)', found \(available)")
        }
        let storedShape = header.fortranOrder ? header.shape.reversed() : header.shape
        let tensor = header.element.tensor(bytes, offset: dataStart, count: count, shape: storedShape, bigEndian: header.bigEndian)
        guard header.fortranOrder, header.shape.count > 1 else { return tensor }
        return tensor.permute(Array((0..<header.shape.count).reversed())).contiguous()
    }

    /// The arrays in the bytes of an `.npz` file (a zip of `.npy` members, stored by `np.savez` or deflated by
    /// `np.savez_compressed`); every member's CRC-32 and size are checked.
    public static func decodeArchive(_ bytes: [UInt8]) throws(DataFileError) -> [String: Tensor] {
        let archive: ZipArchive
        do {
            archive = try bytes.withUnsafeBytes { raw throws(CheckpointError) in try ZipArchive(raw, allowsDeflate: true) }
        } catch {
            throw DataFileError("not a readable .npz archive (np.savez or np.savez_compressed): \(error)")
        }
        var arrays: [String: Tensor] = [:]
        for name in archive.names {
            guard let record = archive.records[name] else { continue }
            let key = name.hasSuffix(".npy") ? String(name.dropLast(4)) : name
            do { arrays[key] = try decode(member(record, of: bytes)) } catch {
                throw DataFileError("member '\(name)': \(error.description)")
            }
        }
        return arrays
    }

    /// The bytes of an archive member, inflated when deflated, after their size and CRC-32 are checked.
    private static func member(_ record: ZipArchive.Record, of bytes: [UInt8]) throws(DataFileError) -> [UInt8] {
        let range = record.offset..<(record.offset + record.size)
        let contents: [UInt8]
        if record.method == 8 {
            guard record.uncompressedSize <= Gzip.maximumSize else {
                throw DataFileError("claims \(record.uncompressedSize) bytes once inflated; at most \(Gzip.maximumSize) are read")
            }
            do {
                contents = try Inflater.inflate(bytes, range: range, limit: record.uncompressedSize).output
            } catch {
                throw DataFileError("the deflated data can't be inflated: \(error.reason)")
            }
            guard contents.count == record.uncompressedSize else {
                throw DataFileError("claims \(record.uncompressedSize) bytes once inflated, and inflates to \(contents.count)")
            }
        } else {
            contents = Array(bytes[range])
        }
        let computed = contents.withUnsafeBytes { synapse_crc32(0, $0.baseAddress, $0.count) }
        guard computed == record.crc else {
            throw DataFileError("fails its CRC-32 check (stored \(String(record.crc, radix: 16)), computed "
                                + "\(String(computed, radix: 16))): the archive is corrupt")
        }
        return contents
    }
}

/// The Python-literal dictionary at the start of a `.npy` file: `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
struct NpyHeader {
    let descr: String
    let element: StoredElement
    let bigEndian: Bool
    let fortranOrder: Bool
    let shape: [Int]

    init(_ text: String) throws(DataFileError) {
        func value(of key: String) throws(DataFileError) -> Substring {
            guard let keyRange = text.range(of: "'\(key)':") else {
                throw DataFileError("expected the key '\(key)' in the .npy header, found \(text.debugDescription)")
            }
            return text[keyRange.upperBound...].drop { $0 == " " }
        }
        let descrValue = try value(of: "descr")
        guard descrValue.first == "'", let end = descrValue.dropFirst().firstIndex(of: "'") else {
            throw DataFileError("expected a simple dtype string for 'descr', found \(descrValue.prefix(40).debugDescription)")
        }
        descr = String(descrValue[descrValue.index(after: descrValue.startIndex)..<end])
        let order = descr.first ?? "?"
        let code = descr.dropFirst()
        guard code != "O" else {
            throw DataFileError("object arrays (dtype 'O') hold pickled Python objects and are refused; save a numeric array")
        }
        let element: StoredElement? = switch code {
        case "f8": .float64
        case "f4": .float32
        case "f2": .float16
        case "i8": .int64
        case "i4": .int32
        case "i2": .int16
        case "i1": .int8
        case "u1": .uint8
        case "b1": .bool
        default: nil
        }
        guard let element, "<>|=".contains(order) else {
            throw DataFileError(
                "expected a dtype of f8, f4, f2, i8, i4, i2, i1, u1 or b1, found '\(descr)'")
        }
        self.element = element
        bigEndian = order == ">"
        let fortranValue = try value(of: "fortran_order")
        if fortranValue.hasPrefix("True") {
            fortranOrder = true
        } else if fortranValue.hasPrefix("False") {
            fortranOrder = false
        } else {
            throw DataFileError("expected True or False for 'fortran_order', found \(fortranValue.prefix(10).debugDescription)")
        }
        let shapeValue = try value(of: "shape")
        guard shapeValue.first == "(", let close = shapeValue.firstIndex(of: ")") else {
            throw DataFileError("expected a tuple for 'shape', found \(shapeValue.prefix(40).debugDescription)")
        }
        var shape: [Int] = []
        for field in shapeValue[shapeValue.index(after: shapeValue.startIndex)..<close].split(separator: ",") {
            let trimmed = field.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let size = Int(trimmed.hasSuffix("L") ? String(trimmed.dropLast()) : trimmed) else {
                throw DataFileError("expected integer dimensions in 'shape', found '\(trimmed)'")
            }
            shape.append(size)
        }
        self.shape = shape
    }
}
