/// What `synapse diff` reports between two checkpoints: paths only in one of them, tensors whose dtype or shape
/// differ, the largest absolute difference of each common tensor, and other values that differ.
public struct CheckpointDiff: Sendable {
    /// A common tensor's comparison.
    public struct TensorDifference: Sendable {
        /// Its dotted path.
        public let key: String
        /// `"float32 [2, 3]" vs "float64 [2, 3]"` when dtype or shape differ, else `nil`.
        public let layout: String?
        /// The largest |a - b| over the elements (compared in float64), `nil` when the layouts differ.
        public let maxAbsDifference: Double?
        /// Whether every element satisfies `|a - b| <= atol + rtol·|b|` (`torch.allclose`; NaN is never close).
        public let isClose: Bool
    }

    /// Paths only in the first checkpoint.
    public let onlyInFirst: [String]
    /// Paths only in the second checkpoint.
    public let onlyInSecond: [String]
    /// Every tensor present in both, in the first checkpoint's order.
    public let tensors: [TensorDifference]
    /// Non-tensor values that differ: path, first, second.
    public let values: [(key: String, first: String, second: String)]

    /// The tolerances tensors were compared with.
    public let atol: Double, rtol: Double

    /// Compares `first` with `second`; tensors agree when every element satisfies `|a - b| <= atol + rtol·|b|`
    /// (`torch.allclose`), exactly when both are 0 (the default).
    public init(_ first: CheckpointValue, _ second: CheckpointValue, atol: Double = 0, rtol: Double = 0) {
        (self.atol, self.rtol) = (atol, rtol)
        let a = CheckpointPaths.leaves(first), b = CheckpointPaths.leaves(second)
        let bByKey = Dictionary(b, uniquingKeysWith: { first, _ in first })
        let aKeys = Set(a.map(\.0))
        onlyInFirst = a.map(\.0).filter { bByKey[$0] == nil }
        onlyInSecond = b.map(\.0).filter { !aKeys.contains($0) }
        var tensors: [TensorDifference] = []
        var values: [(String, String, String)] = []
        for (key, left) in a {
            guard let right = bByKey[key] else { continue }
            switch (left, right) {
            case (.tensor(let x), .tensor(let y)):
                if x.dtype != y.dtype || x.shape != y.shape {
                    tensors.append(TensorDifference(key: key, layout: "\(x.dtype.rawValue) \(x.shape) vs \(y.dtype.rawValue) \(y.shape)",
                                                    maxAbsDifference: nil, isClose: false))
                } else if x.numel == 0 {
                    tensors.append(TensorDifference(key: key, layout: nil, maxAbsDifference: 0, isClose: true))
                } else {
                    let (a, b) = (x.detach().to(.float64), y.detach().to(.float64))
                    let gap = (a - b).abs()
                    let far = (.!(gap .<= (b.abs() * rtol + atol))).any().item() != 0
                    tensors.append(TensorDifference(key: key, layout: nil, maxAbsDifference: gap.max().item(), isClose: !far))
                }
            default:
                let (x, y) = (left.description, right.description)
                if x != y || left.kindName != right.kindName { values.append((key, x, y)) }
            }
        }
        self.tensors = tensors
        self.values = values
    }

    /// Whether the checkpoints hold the same paths, layouts and values, tensors within the tolerances.
    public var isIdentical: Bool {
        onlyInFirst.isEmpty && onlyInSecond.isEmpty && values.isEmpty && tensors.allSatisfy(\.isClose)
    }

    /// The report `synapse diff` prints.
    public func report() -> String {
        var lines: [String] = []
        for key in onlyInFirst { lines.append("only in first:  \(key)") }
        for key in onlyInSecond { lines.append("only in second: \(key)") }
        for tensor in tensors {
            if let layout = tensor.layout {
                lines.append("layout differs: \(tensor.key): \(layout)")
            } else if !tensor.isClose, let difference = tensor.maxAbsDifference {
                lines.append("values differ:  \(tensor.key): max |a - b| = \(difference)")
            }
        }
        for value in values { lines.append("value differs:  \(value.key): \(value.first) vs \(value.second)") }
        let same = tensors.filter(\.isClose).count
        let tolerant = atol != 0 || rtol != 0
        lines.append("\(same) of \(tensors.count) common tensors " + (tolerant ? "within atol \(atol), rtol \(rtol)" : "identical")
            + (isIdentical ? "; the checkpoints " + (tolerant ? "agree" : "are identical") : ""))
        return lines.joined(separator: "\n")
    }
}
