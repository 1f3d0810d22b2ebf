/// Packing and padding of variable-length batches for recurrent layers (`torch.nn.utils.rnn`).
///
/// ```swift
/// let padded = RNNUtilities.padSequence([a, b, c], batchFirst: true)          // [3, longest, features]
/// let packed = RNNUtilities.packPaddedSequence(padded, lengths: [5, 2, 4], batchFirst: true, enforceSorted: false)
/// let (output, (h, c)) = lstm(packed)
/// let (unpacked, lengths) = RNNUtilities.padPackedSequence(output, batchFirst: true)
/// ```
public enum RNNUtilities {
    /// Which end of a sequence ``padSequence(_:batchFirst:paddingValue:paddingSide:)`` pads.
    public enum PaddingSide: String, Sendable {
        /// Padding after the sequence (PyTorch's default).
        case right
        /// Padding before the sequence.
        case left
    }

    /// Packs a padded batch `[T, B, *]` (`[B, T, *]` with `batchFirst`) whose sequence `b` has `lengths[b]` steps
    /// (`pack_padded_sequence`). With `enforceSorted` the lengths must be non-increasing; otherwise the batch is
    /// sorted by decreasing length (stable, as `torch.sort` is) and the permutation kept in the result.
    /// Gradients flow back to `input`'s unpadded elements.
    public static func packPaddedSequence(_ input: Tensor, lengths: [Int], batchFirst: Bool = false,
                                          enforceSorted: Bool = true) -> PackedSequence {
        check(input.numel > 0, "Cannot pack empty tensors.")
        check(input.rank >= 2, "pack_padded_sequence expects an input of at least 2 dimensions, got \(input.rank)")
        var steps = batchFirst ? input.transpose(0, 1) : input
        let batch = steps.shape[1]
        check(lengths.count == batch,
              "Expected `len(lengths)` to be equal to batch_size, but got \(lengths.count) (batch_size=\(batch))")
        var sorted = lengths
        var sortedIndices: Tensor?
        if enforceSorted {
            check(lengths.allSatisfy { $0 > 0 },
                  "Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0")
            check(zip(lengths, lengths.dropFirst()).allSatisfy { $0 >= $1 },
                  "`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass "
                    + "`enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this "
                    + "requirement if you do not need ONNX exportability.")
        } else {
            let order = lengths.indices.sorted { lengths[$0] > lengths[$1] || (lengths[$0] == lengths[$1] && $0 < $1) }
            sorted = order.map { lengths[$0] }
            let indices = Tensor(order.map(Int64.init))
            steps = steps[.all, indices]
            sortedIndices = indices
            check(sorted.allSatisfy { $0 > 0 },
                  "Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0")
        }
        check(sorted[0] <= steps.shape[0],
              "a length of \(sorted[0]) is longer than the padded input's \(steps.shape[0]) time steps")
        var pieces: [Tensor] = [], batchSizes: [Int64] = []
        for step in 0..<sorted[0] {
            let running = sorted.lazy.filter { $0 > step }.count
            pieces.append(steps[step, 0..<running])
            batchSizes.append(Int64(running))
        }
        return PackedSequence(data: Tensor.cat(pieces), batchSizes: Tensor(batchSizes), sortedIndices: sortedIndices)
    }

    /// `packPaddedSequence(_:lengths:batchFirst:enforceSorted:)` with the lengths in an integer tensor.
    public static func packPaddedSequence(_ input: Tensor, lengths: Tensor, batchFirst: Bool = false,
                                          enforceSorted: Bool = true) -> PackedSequence {
        check(lengths.rank == 1, "'lengths' argument should be a 1D tensor, got \(lengths.rank)-D")
        return packPaddedSequence(input, lengths: lengths.toArray(of: Int64.self).map(Int.init),
                                  batchFirst: batchFirst, enforceSorted: enforceSorted)
    }

    /// Pads a packed batch back to `[T, B, *]` (`[B, T, *]` with `batchFirst`) in the caller's order, with
    /// `paddingValue` after each sequence and `T` the longest length or `totalLength` (`pad_packed_sequence`).
    /// Returns the padded batch and the lengths (`int64`).
    public static func padPackedSequence(_ sequence: PackedSequence, batchFirst: Bool = false,
                                         paddingValue: Double = 0, totalLength: Int? = nil) -> (Tensor, Tensor) {
        let sizes = sequence.sizes
        var steps = sizes.count
        if let totalLength {
            check(totalLength >= steps, "Expected total_length to be at least the length of the longest sequence "
                + "in input, but got total_length=\(totalLength) and max sequence length being \(steps)")
            steps = totalLength
        }
        let data = sequence.data, batch = sizes[0], features = Array(data.shape.dropFirst())
        var rows: [Tensor] = [], offset = 0
        for step in 0..<steps {
            let running = step < sizes.count ? sizes[step] : 0
            var row = data[offset..<(offset + running)]
            if running < batch {
                let padding = Tensor.full([batch - running] + features, paddingValue, dtype: data.dtype)
                row = running == 0 ? padding : Tensor.cat([row, padding])
            }
            rows.append(row)
            offset += running
        }
        var padded = Tensor.stack(rows)
        var lengths = (0..<batch).map { b in Int64(sizes.lazy.filter { $0 > b }.count) }
        if let unsorted = sequence.unsortedIndices {
            padded = padded[.all, unsorted]
            lengths = unsorted.toArray(of: Int64.self).map { lengths[Int($0)] }
        }
        return (batchFirst ? padded.transpose(0, 1) : padded, Tensor(lengths))
    }

    /// Stacks sequences `[Lᵢ, *]` into one padded batch `[max Lᵢ, B, *]` (`[B, max Lᵢ, *]` with `batchFirst`),
    /// filling with `paddingValue` (`pad_sequence`). The trailing dimensions must agree.
    public static func padSequence(_ sequences: [Tensor], batchFirst: Bool = false, paddingValue: Double = 0,
                                   paddingSide: PaddingSide = .right) -> Tensor {
        check(!sequences.isEmpty, "received an empty list of sequences")
        let trailing = Array(sequences[0].shape.dropFirst())
        for sequence in sequences {
            check(sequence.rank >= 1 && Array(sequence.shape.dropFirst()) == trailing,
                  "pad_sequence expects sequences of shape [L, \(trailing.map(String.init).joined(separator: ", "))], "
                    + "found \(sequence.shape)")
        }
        let longest = sequences.map { $0.shape[0] }.max()!
        let padded = sequences.map { sequence -> Tensor in
            let missing = longest - sequence.shape[0]
            guard missing > 0 else { return sequence }
            let padding = Tensor.full([missing] + trailing, paddingValue, dtype: sequence.dtype)
            return Tensor.cat(paddingSide == .right ? [sequence, padding] : [padding, sequence])
        }
        return Tensor.stack(padded, dim: batchFirst ? 0 : 1)
    }

    /// Packs sequences `[Lᵢ, *]` (`pack_sequence`): ``padSequence(_:batchFirst:paddingValue:paddingSide:)`` then
    /// `packPaddedSequence(_:lengths:batchFirst:enforceSorted:)`.
    public static func packSequence(_ sequences: [Tensor], enforceSorted: Bool = true) -> PackedSequence {
        packPaddedSequence(padSequence(sequences), lengths: sequences.map { $0.shape[0] }, enforceSorted: enforceSorted)
    }

    /// The sequences of a padded batch, each cut to its length (`unpad_sequence`).
    public static func unpadSequence(_ padded: Tensor, lengths: [Int], batchFirst: Bool = false) -> [Tensor] {
        let batchMajor = batchFirst ? padded : padded.transpose(0, 1)
        check(lengths.count == batchMajor.shape[0],
              "expected \(batchMajor.shape[0]) lengths (one per sequence), found \(lengths.count)")
        return lengths.enumerated().map { b, length in
            check(length >= 0 && length <= batchMajor.shape[1],
                  "a length of \(length) does not fit the padded batch's \(batchMajor.shape[1]) time steps")
            return batchMajor[b, 0..<length]
        }
    }

    /// The sequences of a packed batch, in the caller's order (`unpack_sequence`).
    public static func unpackSequence(_ sequence: PackedSequence) -> [Tensor] {
        let (padded, lengths) = padPackedSequence(sequence, batchFirst: true)
        return unpadSequence(padded, lengths: lengths.toArray(of: Int64.self).map(Int.init), batchFirst: true)
    }

    /// The inverse of a permutation of `0..<n` (`invert_permutation`).
    static func invertPermutation(_ permutation: Tensor) -> Tensor {
        let order = permutation.toArray(of: Int64.self)
        check(order.sorted() == (0..<Int64(order.count)).map { $0 },
              "sorted_indices must be a permutation of 0..<\(order.count), found \(order)")
        var inverse = [Int64](repeating: 0, count: order.count)
        for (position, index) in order.enumerated() { inverse[Int(index)] = Int64(position) }
        return Tensor(inverse)
    }
}
