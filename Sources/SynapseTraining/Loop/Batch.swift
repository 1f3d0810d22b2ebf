import SynapseNN

/// One minibatch for a classifier: inputs, first dimension the samples, and their class indices (`int64`).
public struct Batch {
    /// The inputs, `[batch, …]`.
    public let inputs: Tensor
    /// The class of each sample, `[batch]`.
    public let labels: Tensor

    /// A batch of `inputs` with `labels`.
    public init(inputs: Tensor, labels: Tensor) {
        check(inputs.shape.first == labels.shape.first && labels.shape.count == 1,
              "a batch needs one label per input, found inputs \(inputs.shape) and labels \(labels.shape)")
        (self.inputs, self.labels) = (inputs, labels)
    }

    /// How many samples it holds.
    public var count: Int { labels.shape[0] }

    /// `inputs` and `labels` cut into consecutive batches of `size` samples (the last may be smaller), in order:
    /// what `DataLoader(TensorDataset(x, y), batch_size: size)` yields without shuffling.
    public static func split(inputs: Tensor, labels: Tensor, size: Int) -> [Batch] {
        check(size > 0, "batch_size should be a positive integer value, but got batch_size=\(size)")
        let total = labels.shape[0]
        return stride(from: 0, to: total, by: size).map { start in
            let end = min(start + size, total)
            return Batch(inputs: inputs[start..<end], labels: labels[start..<end])
        }
    }
}
