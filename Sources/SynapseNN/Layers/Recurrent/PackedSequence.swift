/// A batch of sequences of different lengths laid out time step by time step (`torch.nn.utils.rnn.PackedSequence`):
/// ``data`` holds the rows of step 0 of every sequence, then step 1 of every sequence still running, and so on;
/// ``batchSizes`` says how many rows each step has. Sequences are stored longest first; ``sortedIndices`` and
/// ``unsortedIndices`` map between that order and the caller's.
///
/// Make one with `RNNUtilities.packPaddedSequence(_:lengths:batchFirst:enforceSorted:)` or
/// ``RNNUtilities/packSequence(_:enforceSorted:)``; recurrent layers take it and return one.
public struct PackedSequence: Sendable {
    /// The rows, `[Σ batchSizes, *]`.
    public let data: Tensor
    /// Rows per time step, an `int64` tensor `[T]` (non-increasing).
    public let batchSizes: Tensor
    /// Position in the caller's batch of each stored sequence, or `nil` when the batch was already sorted.
    public let sortedIndices: Tensor?
    /// The inverse of ``sortedIndices``: where each of the caller's sequences is stored.
    public let unsortedIndices: Tensor?
    /// ``batchSizes`` as integers.
    let sizes: [Int]

    /// A packed sequence from its parts, as `PackedSequence(data, batch_sizes, sorted_indices)` does:
    /// `unsortedIndices` is the inverse permutation of `sortedIndices` when not given.
    ///
    /// Stops unless `batchSizes` is a 1-D list of positive, non-increasing sizes that add up to `data`'s rows, and
    /// the permutations (when given) have one entry per sequence.
    public init(data: Tensor, batchSizes: Tensor, sortedIndices: Tensor? = nil, unsortedIndices: Tensor? = nil) {
        check(batchSizes.rank == 1 && batchSizes.dtype.isInteger,
              "batch_sizes should be a 1-D integer tensor, got a \(batchSizes.rank)-D \(batchSizes.dtype) tensor")
        let sizes = batchSizes.toArray(of: Int64.self).map(Int.init)
        check(!sizes.isEmpty && sizes.allSatisfy { $0 > 0 } && zip(sizes, sizes.dropFirst()).allSatisfy { $0 >= $1 },
              "batch_sizes must be positive and non-increasing, got \(sizes)")
        check(data.rank >= 1 && sizes.reduce(0, +) == data.shape[0],
              "batch_sizes add up to \(sizes.reduce(0, +)) rows, but data has shape \(data.shape)")
        for indices in [sortedIndices, unsortedIndices].compactMap({ $0 }) {
            check(indices.shape == [sizes[0]],
                  "expected \(sizes[0]) sorted/unsorted indices (one per sequence), found shape \(indices.shape)")
        }
        self.data = data
        self.batchSizes = batchSizes
        self.sortedIndices = sortedIndices
        self.unsortedIndices = unsortedIndices ?? sortedIndices.map(RNNUtilities.invertPermutation)
        self.sizes = sizes
    }

    /// The same sequences with other rows (a recurrent layer's output), keeping the layout and the permutation.
    func replacingData(_ newData: Tensor) -> PackedSequence {
        PackedSequence(data: newData, batchSizes: batchSizes, sortedIndices: sortedIndices,
                       unsortedIndices: unsortedIndices)
    }
}
