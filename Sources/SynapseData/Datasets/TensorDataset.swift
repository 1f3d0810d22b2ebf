/// Samples that are rows of tensors (`torch.utils.data.TensorDataset`): sample `i` is `[t[i] for t in tensors]`.
///
/// ```swift
/// let data = TensorDataset(features, labels)      // features [N, 4], labels [N]
/// let (x, y) = (data[0][0], data[0][1])
/// ```
public struct TensorDataset: Dataset {
    /// The tensors, all with the same first dimension.
    public let tensors: [Tensor]

    /// A dataset of the rows of `tensors`; they must share their first dimension ("Size mismatch between tensors").
    public init(_ tensors: Tensor...) { self.init(tensors) }

    /// A dataset of the rows of `tensors`.
    public init(_ tensors: [Tensor]) {
        check(!tensors.isEmpty, "TensorDataset needs at least one tensor")
        check(tensors.allSatisfy { $0.rank > 0 && $0.size(0) == tensors[0].size(0) }, "Size mismatch between tensors")
        self.tensors = tensors
    }

    /// The first dimension.
    public var count: Int { tensors[0].size(0) }

    /// Row `index` of every tensor.
    public subscript(index: Int) -> [Tensor] {
        let row = normalizedIndex(index)
        return tensors.map { $0[row] }
    }
}
