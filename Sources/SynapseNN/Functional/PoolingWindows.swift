/// The windows of a pooling over any number of spatial dimensions: for each output cell, the flat positions of the
/// input cells it reads (`-1` for padding), all windows padded to one width. Pooling then gathers `[N, C, O, K]`
/// from the flattened input and reduces the last dimension, so gradients flow through the gather.
struct PoolingWindows {
    /// The output's spatial sizes.
    let outputSizes: [Int]
    /// Cells per window (the widest window, for adaptive pooling).
    let width: Int
    /// `outputCount × width` flat input positions, `-1` where a window reads padding (or is narrower).
    let positions: [Int64]
    /// For each output cell, how many cells its window covers, padding included (PyTorch's `pool_size`).
    let paddedCounts: [Int]
    /// For each output cell, how many input cells its window covers.
    let inputCounts: [Int]

    var outputCount: Int { outputSizes.reduce(1, *) }

    /// PyTorch's `pooling_output_shape`: windows that start in the right padding are dropped in ceil mode.
    static func outputSize(input: Int, kernel: Int, stride: Int, padding: Int, dilation: Int, ceilMode: Bool) -> Int {
        let span = input + 2 * padding - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0)
        var size = Int((Double(span) / Double(stride)).rounded(.down)) + 1
        if ceilMode && (size - 1) * stride >= input + padding { size -= 1 }
        return size
    }

    /// Sliding windows of `kernel` cells (spaced by `dilation`), `stride` apart, over an input padded by `padding`.
    init(input: [Int], kernel: [Int], stride: [Int], padding: [Int], dilation: [Int], ceilMode: Bool) {
        let sizes = input.indices.map {
            Self.outputSize(input: input[$0], kernel: kernel[$0], stride: stride[$0], padding: padding[$0],
                            dilation: dilation[$0], ceilMode: ceilMode)
        }
        self.init(input: input, outputSizes: sizes) { dim, index in
            let start = index * stride[dim] - padding[dim]
            let cells = (0..<kernel[dim]).map { start + $0 * dilation[dim] }
            let paddedEnd = Swift.min(start + kernel[dim], input[dim] + padding[dim])
            return (cells, paddedEnd - start)
        }
    }

    /// Adaptive windows: output cell `i` of a dimension covers `floor(i·in/out) ..< ceil((i+1)·in/out)`.
    init(input: [Int], adaptiveOutput: [Int]) {
        self.init(input: input, outputSizes: adaptiveOutput) { dim, index in
            let (size, out) = (input[dim], adaptiveOutput[dim])
            let range = (index * size / out)..<(((index + 1) * size + out - 1) / out)
            return (Array(range), range.count)
        }
    }

    /// Windows whose cells along dimension `dim` for output index `i` are `window(dim, i).cells` (positions that
    /// may fall outside the input) and whose padded extent is `window(dim, i).paddedCount`.
    private init(input: [Int], outputSizes: [Int], window: (Int, Int) -> (cells: [Int], paddedCount: Int)) {
        self.outputSizes = outputSizes
        let perDimension = outputSizes.indices.map { dim in (0..<outputSizes[dim]).map { window(dim, $0) } }
        let widths = perDimension.map { $0.map(\.cells.count).max() ?? 0 }
        width = widths.reduce(1, *)
        var positions: [Int64] = [], paddedCounts: [Int] = [], inputCounts: [Int] = []
        let count = outputSizes.reduce(1, *)
        positions.reserveCapacity(count * width)
        for flat in 0..<count {
            var index = [Int](repeating: 0, count: outputSizes.count), rest = flat
            for dim in outputSizes.indices.reversed() {
                index[dim] = rest % outputSizes[dim]
                rest /= outputSizes[dim]
            }
            let windows = outputSizes.indices.map { perDimension[$0][index[$0]] }
            paddedCounts.append(windows.map(\.paddedCount).reduce(1, *))
            inputCounts.append(outputSizes.indices.map { dim in
                windows[dim].cells.filter { $0 >= 0 && $0 < input[dim] }.count
            }.reduce(1, *))
            // Every combination of one cell per dimension, last dimension fastest (PyTorch's scan order).
            for cell in 0..<width {
                var offset = 0, inside = true, rest = cell
                var cellIndex = [Int](repeating: 0, count: outputSizes.count)
                for dim in outputSizes.indices.reversed() {
                    cellIndex[dim] = rest % widths[dim]
                    rest /= widths[dim]
                }
                for dim in outputSizes.indices {
                    let cells = windows[dim].cells
                    guard cellIndex[dim] < cells.count, cells[cellIndex[dim]] >= 0, cells[cellIndex[dim]] < input[dim]
                    else { inside = false; break }
                    offset = offset * input[dim] + cells[cellIndex[dim]]
                }
                positions.append(inside ? Int64(offset) : -1)
            }
        }
        self.positions = positions
        self.paddedCounts = paddedCounts
        self.inputCounts = inputCounts
    }

    /// `[N, C, O, K]`: each window's cells of `input` (`[N, C, spatial…]`), `fill` where a window reads padding.
    func gather(_ input: Tensor, fill: Double) -> Tensor {
        let (batch, channels) = (input.shape[0], input.shape[1])
        let cells = input.shape.dropFirst(2).reduce(1, *)
        let flat = Tensor.cat([input.reshape([batch, channels, cells]),
                               Tensor.full([batch, channels, 1], fill, dtype: input.dtype)], dim: 2)
        let index = Tensor(flat: positions.map { $0 < 0 ? Int64(cells) : $0 }, shape: [outputCount, width])
        return flat.index([.all, .all, index.tensorIndex])
    }

    /// The window maxima of `input` and their flat positions in each input plane (`return_indices=True`).
    func maxima(_ input: Tensor) -> (values: Tensor, indices: Tensor) {
        let (batch, channels) = (input.shape[0], input.shape[1])
        let (values, picked) = gather(input, fill: -.infinity).max(dim: 3)
        let table = Tensor(flat: positions, shape: [1, 1, outputCount, width])
            .expand([batch, channels, outputCount, width])
        let indices = table.gather(3, picked.unsqueeze(3)).squeeze(3)
        let shape = [batch, channels] + outputSizes
        return (values.reshape(shape), indices.reshape(shape))
    }

    /// The window sums of `input` divided by `divisors` (one per output cell).
    func averages(_ input: Tensor, divisors: [Int]) -> Tensor {
        let sums = gather(input, fill: 0).sum(dim: 3)
        let shape = [input.shape[0], input.shape[1]] + outputSizes
        return (sums / Tensor(flat: divisors.map(Double.init), shape: [outputCount]).to(input.dtype)).reshape(shape)
    }
}

/// `input` with a batch dimension of 1 added when it has `batchedRank - 1` dimensions, and how to undo that.
func withBatch(_ input: Tensor, batchedRank: Int, _ message: @autoclosure () -> String,
               _ body: (Tensor) -> (Tensor, Tensor?)) -> (Tensor, Tensor?) {
    check(input.rank == batchedRank || input.rank == batchedRank - 1, message())
    guard input.rank == batchedRank - 1 else { return body(input) }
    let (values, indices) = body(input.unsqueeze(0))
    return (values.squeeze(0), indices?.squeeze(0))
}
