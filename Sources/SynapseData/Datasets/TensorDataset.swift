import SynapseTensor

/// Samples that are rows of tensors with the same first dimension (`torch.utils.data.TensorDataset`): sample `i`
/// is `[t0[i], t1[i], …]` (views, no copies), which ``DataLoader`` stacks back into `[t0[batch], t1[batch], …]`.
///
/// ```swift
/// let data = TensorDataset(inputs, labels)      // inputs [N, 4], labels [N]
/// let (x, y) = (data[0][0], data[0][1])
/// ```
public struct TensorDataset: Dataset {
    /// The tensors, each with `count` rows.
    public let tensors: [Tensor]

    /// A data set over `tensors`; they must all have the same size in dimension 0.
    public init(_ tensors: Tensor...) { self.init(tensors) }

    /// A data set over `tensors`; they must all have the same size in dimension 0.
    public init(_ tensors: [Tensor]) {
        check(!tensors.isEmpty, "TensorDataset needs at least one tensor")
        check(tensors.allSatisfy { $0.dim > 0 }, "TensorDataset needs tensors with at least one dimension")
        let rows = tensors[0].size(0)
        check(tensors.allSatisfy { $0.size(0) == rows },
            "Size mismatch between tensors: expected \(rows) rows in each, found \(tensors.map { $0.size(0) })")
        self.tensors = tensors
    }

    /// The number of rows.
    public var count: Int { tensors[0].size(0) }

    /// Row `index` of every tensor.
    public subscript(index: Int) -> [Tensor] {
        let row = checkedIndex(index)
        return tensors.map { $0[row] }
    }

    /// Rows `indices` of every tensor, gathered in one pass per tensor: what stacking the samples gives.
    public func stackedSamples(at indices: [Int]) -> [Tensor]? {
        let rows = checkedRows(indices)
        return tensors.map { $0[rows] }
    }
}
