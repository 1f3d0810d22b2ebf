import Foundation
import SynapseIO

/// Compares a ``CheckpointValue`` with the JSON description `scripts/fixtures/torch_checkpoints.py` writes of what
/// `torch.load` returned: kinds, keys, numbers, and for tensors dtype, shape, strides, offset, requires_grad, values
/// bit for bit, and which tensors share a storage or are one object.
struct CheckpointDescription {
    private var storages: [ObjectIdentifier: Int] = [:]
    private var objects: [ObjectIdentifier: Int] = [:]
    /// What differs, with the path to it.
    private(set) var differences: [String] = []

    /// The differences between `value` and `description` (empty when they agree).
    static func differences(_ value: CheckpointValue, _ description: Any) -> [String] {
        var walker = CheckpointDescription()
        walker.compare(value, description, path: "$")
        return walker.differences
    }

    /// The JSON file of `directory` decoded.
    static func json(_ url: URL) -> [String: Any] {
        guard let data = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            fatalError("can't read \(url.path): run ~/torchenv/bin/python scripts/fixtures/torch_checkpoints.py")
        }
        return object
    }

    private mutating func differ(_ path: String, _ what: String) { differences.append("\(path): \(what)") }

    private mutating func compare(_ value: CheckpointValue, _ description: Any, path: String) {
        guard let fields = description as? [String: Any], let kind = fields["kind"] as? String else {
            return differ(path, "bad description")
        }
        switch (kind, value) {
        case ("none", .none): return
        case ("bool", .bool(let flag)): if (fields["value"] as? Bool) != flag { differ(path, "\(flag)") }
        case ("int", .int(let number)): if (fields["value"] as? NSNumber)?.int64Value != Int64(number) { differ(path, "\(number)") }
        case ("float", .double(let number)): if (fields["value"] as? String).flatMap(Double.init) != number { differ(path, "\(number)") }
        case ("str", .string(let text)): if (fields["value"] as? String) != text { differ(path, "'\(text)'") }
        case ("bytes", .bytes(let data)): if (fields["value"] as? [Int]) != data.map(Int.init) { differ(path, "\(data)") }
        case ("dtype", .dtype(let dtype)): if (fields["value"] as? String) != dtype.rawValue { differ(path, "\(dtype)") }
        case ("tuple", .size(let sizes)):
            compare(.tuple(sizes.map(CheckpointValue.int)), description, path: path)
        case ("list", .list(let items)), ("tuple", .tuple(let items)):
            let expected = fields["items"] as? [Any] ?? []
            guard expected.count == items.count else { return differ(path, "\(items.count) items, expected \(expected.count)") }
            for (index, (item, description)) in zip(items, expected).enumerated() {
                compare(item, description, path: "\(path)[\(index)]")
            }
        case ("dict", .dict(let entries)), ("OrderedDict", .orderedDict(let entries)):
            let keys = fields["keys"] as? [[String: Any]] ?? [], values = fields["values"] as? [Any] ?? []
            let expectedKeys: [CheckpointKey] = keys.map { key in
                key["kind"] as? String == "int" ? .int((key["value"] as! NSNumber).intValue) : .string(key["value"] as? String ?? "")
            }
            guard Array(entries.keys) == expectedKeys else { return differ(path, "keys \(Array(entries.keys)), expected \(expectedKeys)") }
            for ((key, item), description) in zip(entries, values) { compare(item, description, path: "\(path)[\(key)]") }
        case ("tensor", .tensor(let tensor)), ("parameter", .tensor(let tensor)):
            compareTensor(tensor, fields, isParameter: kind == "parameter", path: path)
        default:
            differ(path, "a \(value.kindName), expected a \(kind)")
        }
    }

    private mutating func compareTensor(_ tensor: Tensor, _ fields: [String: Any], isParameter: Bool, path: String) {
        if (tensor is Parameter) != isParameter { differ(path, isParameter ? "not a Parameter" : "a Parameter") }
        if tensor.dtype.rawValue != fields["dtype"] as? String { differ(path, "dtype \(tensor.dtype)") }
        if tensor.shape != fields["shape"] as? [Int] { differ(path, "shape \(tensor.shape)") }
        if tensor.strides != fields["stride"] as? [Int] { differ(path, "stride \(tensor.strides)") }
        if tensor.storageOffset != fields["offset"] as? Int { differ(path, "offset \(tensor.storageOffset)") }
        if tensor.requiresGrad != fields["requires_grad"] as? Bool { differ(path, "requires_grad \(tensor.requiresGrad)") }
        let storage = storages[ObjectIdentifier(tensor.storage), default: storages.count]
        storages[ObjectIdentifier(tensor.storage)] = storage
        if storage != fields["storage"] as? Int { differ(path, "storage #\(storage), expected #\(fields["storage"] ?? "?")") }
        let object = objects[ObjectIdentifier(tensor), default: objects.count]
        objects[ObjectIdentifier(tensor)] = object
        if object != fields["object"] as? Int { differ(path, "object #\(object), expected #\(fields["object"] ?? "?")") }
        let values = tensor.dtype == .bool ? tensor.to(.uint8).toArray(of: Double.self) : tensor.detach().toArray(of: Double.self)
        let expected = (fields["values"] as? [String] ?? []).compactMap(Double.init)
        if values.count != expected.count || zip(values, expected).contains(where: { $0.bitPattern != $1.bitPattern && !($0.isNaN && $1.isNaN) }) {
            differ(path, "values \(values.prefix(8)), expected \(expected.prefix(8))")
        }
    }
}
