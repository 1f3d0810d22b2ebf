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
        var distinct = tensor.detach(), repeats = 1.0
        for dim in (0..<distinct.rank).reversed() where distinct.strides[dim] == 0 && distinct.shape[dim] > 1 {
            repeats *= Double(distinct.shape[dim])
            distinct = distinct.narrow(dim, start: 0, length: 1)
        }
        guard distinct.numel <= elementLimit else { return nil }
        var statistics = TensorStatistics()
        statistics.add(distinct)
        if statistics.sawNaN { return (.nan, tensor.numel > 1 ? .nan : nil, .nan, .nan) }
        let total = statistics.count * repeats
        let std = total > 1 ? (statistics.squares * repeats / (total - 1)).squareRoot() : nil
        return (statistics.mean, std, statistics.minimum, statistics.maximum)
    }

    /// Adds the values of `tensor`, a chunk of rows at a time.
    mutating func add(_ tensor: Tensor) {
        if tensor.numel <= Self.chunkElements || tensor.rank == 0 {
            merge(tensor.to(.float64).contiguous().toArray(of: Double.self))
            return
        }
        let rowElements = tensor.numel / tensor.shape[0]
        if rowElements > Self.chunkElements {
            for row in 0..<tensor.shape[0] { add(tensor.select(0, row)) }
            return
        }
        let rows = Swift.max(1, Self.chunkElements / rowElements)
        for start in stride(from: 0, to: tensor.shape[0], by: rows) {
            add(tensor.narrow(0, start: start, length: Swift.min(rows, tensor.shape[0] - start)))
        }
    }

    /// Merges one chunk's values.
    private mutating func merge(_ values: [Double]) {
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
