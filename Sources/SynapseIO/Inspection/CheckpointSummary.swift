import Foundation

/// What `synapse inspect` shows of a checkpoint: every tensor under its dotted path (`model.0.weight`,
/// `optimizer.state.0.exp_avg`) with dtype, shape, element count, statistics and the group of tensors it shares
/// memory with, and every other value (`epoch = 3`).
public struct CheckpointSummary: Codable, Sendable {
    /// One tensor of the checkpoint.
    public struct TensorEntry: Codable, Sendable {
        /// Dotted path inside the checkpoint (`""` when the checkpoint is a single tensor).
        public let key: String
        /// PyTorch's dtype name (`float32`).
        public let dtype: String
        /// The tensor's shape.
        public let shape: [Int]
        /// Number of elements.
        public let numel: Int
        /// Statistics of the values in float64, `nil` for empty tensors (std also for a single element).
        public let mean: Double?, std: Double?, min: Double?, max: Double?
        /// Tensors with the same group number share one storage (tied parameters, views); `nil` when unshared.
        public let sharedGroup: Int?
        /// Whether the tensor is a `Parameter`.
        public let isParameter: Bool
    }

    /// The tensors, in the checkpoint's order.
    public let tensors: [TensorEntry]
    /// Every non-tensor leaf by dotted path, as Python prints it (`3`, `0.25`, `'run'`, `None`).
    public let values: [String: String]

    /// The default of `overlapElementLimit`: 2^27 elements (1 GiB of float64).
    public static let defaultOverlapElementLimit = 1 << 27

    /// Summarises `value`; `progress` is told each tensor's number, the number of tensors and its path before its
    /// statistics are computed. Statistics are computed in bounded memory (see `TensorStatistics`); a tensor whose
    /// distinct elements outnumber both its storage's and `overlapElementLimit` (a view that overlaps itself,
    /// which only a crafted file has) gets none.
    public init(_ value: CheckpointValue, progress: ((_ index: Int, _ count: Int, _ key: String) -> Void)? = nil,
                overlapElementLimit: Int = CheckpointSummary.defaultOverlapElementLimit) {
        let leaves = CheckpointPaths.leaves(value)
        var storageUse: [ObjectIdentifier: Int] = [:]
        for case (_, .tensor(let tensor)) in leaves { storageUse[ObjectIdentifier(tensor.storage), default: 0] += 1 }
        var groups: [ObjectIdentifier: Int] = [:]
        let tensorCount = storageUse.values.reduce(0, +)
        var tensors: [TensorEntry] = []
        var values: [String: String] = [:]
        for (key, leaf) in leaves {
            guard case .tensor(let tensor) = leaf else {
                values[key] = leaf.description
                continue
            }
            progress?(tensors.count + 1, tensorCount, key)
            let identity = ObjectIdentifier(tensor.storage)
            var group: Int?
            if storageUse[identity, default: 0] > 1 {
                group = groups[identity] ?? (groups.count + 1)
                groups[identity] = group
            }
            let storageElements = tensor.storage.byteCount / Swift.max(1, tensor.dtype.itemSize)
            let stats = TensorStatistics.of(tensor, elementLimit: Swift.max(storageElements, overlapElementLimit))
            tensors.append(TensorEntry(key: key, dtype: tensor.dtype.rawValue, shape: tensor.shape, numel: tensor.numel,
                                       mean: stats?.mean, std: stats?.std, min: stats?.min, max: stats?.max,
                                       sharedGroup: group, isParameter: tensor is Parameter))
        }
        self.tensors = tensors
        self.values = values
    }

    /// The table `synapse inspect` prints.
    public func table() -> String {
        func number(_ value: Double?) -> String { value.map { String(format: "%.6g", $0) } ?? "-" }
        var rows = [["key", "dtype", "shape", "params", "mean", "std", "min", "max", "shared"]]
        for entry in tensors {
            rows.append([entry.key.isEmpty ? "(root)" : entry.key, entry.dtype, "[" + entry.shape.map(String.init).joined(separator: ", ") + "]",
                         String(entry.numel), number(entry.mean), number(entry.std), number(entry.min), number(entry.max),
                         entry.sharedGroup.map { "#\($0)" } ?? ""])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max()! }
        var lines = rows.map { row in
            zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        let total = tensors.reduce(0) { $0 + $1.numel }
        lines.append("\(tensors.count) tensors, \(total) elements")
        for key in values.keys.sorted() { lines.append("\(key) = \(values[key]!)") }
        return lines.joined(separator: "\n")
    }
}
