/// Mean, sample standard deviation (as `torch.std`), minimum and maximum of a tensor's values in float64, computed
/// in bounded memory: dimensions of stride 0 (a broadcast view, which a file can make 2^31 elements long over one
/// stored value) are folded into a repeat count instead of being expanded, and the rest is read in chunks of at
/// most ``chunkElements`` elements whose statistics are merged (Chan et al.'s pairwise update).
struct TensorStatistics {
    /// Elements converted to float64 at a time.
    static let chunkElements = 1 << 20

    var count = 0.0, mean = 0.0, squares = 0.0
    var minimum = Double.infinity, maximum = -Double.infinity
    var sawNaN = false

    /// The statistics of `tensor`, or `nil` when it has no elements or when reading its distinct elements would
    /// take more than `elementLimit` (views that overlap themselves: a file can claim 2^31 elements over a few).
    static func of(_ tensor: Tensor, elementLimit: Int) -> (mean: Double, std: Double?, min: Double, max: Double)? {
        guard tensor.numel > 0 else { return nil }
        let (distinct, repeats) = distinctElements(of: tensor)
        guard distinct.numel <= elementLimit else { return nil }
        var statistics = TensorStatistics()
        forEachChunk(of: distinct) { statistics.merge($0) }
        if statistics.sawNaN { return (.nan, tensor.numel > 1 ? .nan : nil, .nan, .nan) }
        let total = statistics.count * repeats
        let std = total > 1 ? (statistics.squares * repeats / (total - 1)).squareRoot() : nil
        return (statistics.mean, std, statistics.minimum, statistics.maximum)
    }

    /// `tensor` with its stride-0 dimensions narrowed to one element, and how many times each of its elements
    /// stands in `tensor`.
    static func distinctElements(of tensor: Tensor) -> (Tensor, repeats: Double) {
        var distinct = tensor.detach(), repeats = 1.0
        for dim in (0..<distinct.rank).reversed() where distinct.strides[dim] == 0 && distinct.shape[dim] > 1 {
            repeats *= Double(distinct.shape[dim])
            distinct = distinct.narrow(dim, start: 0, length: 1)
        }
        return (distinct, repeats)
    }

    /// Calls `body` with the values of `tensor` in float64, a chunk of rows (at most ``chunkElements``) at a time.
    static func forEachChunk(of tensor: Tensor, _ body: ([Double]) -> Void) {
        if tensor.numel <= chunkElements || tensor.rank == 0 {
            body(tensor.to(.float64).contiguous().toArray(of: Double.self))
            return
        }
        let rowElements = tensor.numel / tensor.shape[0]
        if rowElements > chunkElements {
            for row in 0..<tensor.shape[0] { forEachChunk(of: tensor.select(0, row), body) }
            return
        }
        let rows = Swift.max(1, chunkElements / rowElements)
        for start in stride(from: 0, to: tensor.shape[0], by: rows) {
            forEachChunk(of: tensor.narrow(0, start: start, length: Swift.min(rows, tensor.shape[0] - start)), body)
        }
    }

    /// Merges one chunk's values.
    mutating func merge(_ values: [Double]) {
        guard !values.isEmpty else { return }
        let n = Double(values.count)
        let chunkMean = values.reduce(0, +) / n
        var chunkSquares = 0.0
        for value in values {
            if value.isNaN { sawNaN = true }
            chunkSquares += (value - chunkMean) * (value - chunkMean)
            minimum = Swift.min(minimum, value)
            maximum = Swift.max(maximum, value)
        }
        let total = count + n
        let delta = chunkMean - mean
        squares += chunkSquares + delta * delta * count * n / total
        mean += delta * n / total
        count = total
    }
}
