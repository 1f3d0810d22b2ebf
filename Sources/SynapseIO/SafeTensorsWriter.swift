import Foundation

/// Writes safetensors files as the reference writer does: tensors sorted by dtype (widest first) then name, data
/// 8-byte aligned after a space-padded JSON header, `__metadata__` first; a tensor that shares its memory and layout
/// with an earlier key is stored once and recorded in the metadata as an alias (`safetensors.torch.save_model`).
enum SafeTensorsWriter {
    /// The file's bytes for `state` with `metadata`.
    static func encode(_ state: StateDict, metadata: [String: String]) throws(CheckpointError) -> Data {
        var metadata = metadata
        var unique: [(key: String, tensor: Tensor)] = []
        // The first key of each distinct memory and layout, so that finding an alias is one lookup (comparing every
        // tensor with every earlier one took a minute for 100,000 tensors).
        var firstKeys: [MemoryLayoutKey: String] = [:]
        for (key, tensor) in state {
            guard key != "__metadata__" else {
                throw .invalidTensor(key: key, reason: "a safetensors file can't hold a tensor named __metadata__ (the header's metadata entry has that name)")
            }
            let layout = MemoryLayoutKey(tensor)
            if let original = firstKeys[layout] {
                metadata[key] = original
            } else {
                firstKeys[layout] = key
                unique.append((key, tensor))
            }
        }
        unique.sort { a, b in
            let (rankA, rankB) = (SafeTensorsDType.rank(a.tensor.dtype), SafeTensorsDType.rank(b.tensor.dtype))
            return rankA != rankB ? rankA > rankB : a.key < b.key
        }
        var entries: [String] = []
        var offset = 0
        for (key, tensor) in unique {
            let size = tensor.numel * tensor.dtype.itemSize
            entries.append("\(quoted(key)):{\"dtype\":\"\(SafeTensorsDType.name(tensor.dtype))\",\"shape\":["
                + tensor.shape.map(String.init).joined(separator: ",") + "],\"data_offsets\":[\(offset),\(offset + size)]}")
            offset += size
        }
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(quoted($0)):\(quoted(metadata[$0]!))" }
            entries.insert("\"__metadata__\":{" + pairs.joined(separator: ",") + "}", at: 0)
        }
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        header.append(contentsOf: Array(repeating: UInt8(ascii: " "), count: (8 - header.count % 8) % 8))
        var data = Data(capacity: 8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: header)
        for (_, tensor) in unique {
            let contiguous = tensor.contiguous()
            contiguous.withUnsafeRawBytes { data.append(contentsOf: $0) }
        }
        return data
    }

    /// A tensor's memory and layout: equal for tensors that are the same memory read the same way (tied
    /// parameters, a shared module's entries).
    struct MemoryLayoutKey: Hashable {
        let storage: ObjectIdentifier
        let offset: Int
        let shape: [Int]
        let strides: [Int]
        let dtype: DType

        init(_ tensor: Tensor) {
            (storage, offset, shape, strides, dtype) = (ObjectIdentifier(tensor.storage), tensor.storageOffset,
                                                        tensor.shape, tensor.strides, tensor.dtype)
        }
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
