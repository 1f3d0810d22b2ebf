import Foundation

/// A nested checkpoint (`{'model': state_dict, 'optimizer': {...}, 'epoch': 3}`) laid out the way people store one
/// in safetensors: every tensor under its dotted path (`model.emb.weight`, list items `0`, `1`), every other value
/// in `__metadata__` as JSON under its path (`"epoch": "3"`), and what neither can hold listed as dropped.
public struct SafeTensorsFlattening: Sendable {
    /// The tensors by dotted path, in the checkpoint's order.
    public let tensors: StateDict
    /// The other values by dotted path, each as JSON text.
    public let metadata: [String: String]
    /// Paths of values that have no JSON form (bytes), left out.
    public let dropped: [String]

    /// Flattens `value`; a checkpoint that is a single tensor gets the key `tensor`.
    public init(_ value: CheckpointValue) {
        var tensors: [(String, Tensor)] = []
        var metadata: [String: String] = [:]
        var dropped: [String] = []
        for (path, leaf) in CheckpointPaths.leaves(value) {
            if case .tensor(let tensor) = leaf {
                tensors.append((path.isEmpty ? "tensor" : path, tensor))
            } else if let json = Self.json(leaf) {
                metadata[path] = json
            } else {
                dropped.append(path)
            }
        }
        self.tensors = StateDict(tensors)
        self.metadata = metadata
        self.dropped = dropped
    }

    /// Whether `value` is already a flat dictionary of tensors (nothing to flatten).
    public static func isFlat(_ value: CheckpointValue) -> Bool {
        switch value {
        case .dict(let entries), .orderedDict(let entries):
            return entries.values.allSatisfy { if case .tensor = $0 { true } else { false } }
        default:
            return false
        }
    }

    /// A leaf's JSON text (`3`, `0.25`, `"run"`, `true`, `null`, `[]`, `"torch.float32"`), `nil` for bytes.
    static func json(_ leaf: CheckpointValue) -> String? {
        switch leaf {
        case .none: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let value): return String(value)
        case .double(let value): return value.isFinite ? "\(value)" : SafeTensorsWriter.quoted("\(value)")
        case .string(let text): return SafeTensorsWriter.quoted(text)
        case .dtype(let dtype): return SafeTensorsWriter.quoted("torch.\(dtype.rawValue)")
        case .list, .tuple, .size: return "[]"
        case .dict, .orderedDict: return "{}"
        case .bytes, .tensor: return nil
        }
    }
}
