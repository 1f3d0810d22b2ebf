import CSynapseKernels

/// Float32 `sum`, `mean`, `var` and `amax`/`amin` over one run of adjacent dimensions (one dimension, the trailing
/// ones, all of them), through the vectorised C kernels of `reduce.c`, split across ``Parallel/threadCount``
/// threads for large inputs.
///
/// The input is seen as `[outer, reduced, inner]`. With `inner == 1` each output is one contiguous row
/// (``synapse_reduce_rows_f32``); a whole-tensor reduction (`outer == 1`) is cut into segments of
/// ``segmentLength`` elements whose partial results are combined in order (sums added, moments merged with Chan's
/// formula, extremes compared), so the result does not depend on the thread count. Otherwise columns are
/// accumulated row by row (``synapse_reduce_columns_f32``): the input is read once, in memory order.
///
/// The variance is computed from the sum and the sum of squared deviations from the mean in double (two passes
/// over each row or column tile, the second from cache where it fits), as accurate as PyTorch's Welford
/// accumulation in double.
enum FloatReduction {
    /// A reduction the kernels compute.
    enum Operation {
        case sum
        case mean
        /// The variance with `correction` (1 = Bessel's).
        case variance(correction: Int)
        case max
        case min

        /// The kernel's operation code.
        var code: Int32 {
            switch self {
            case .sum, .mean: Int32(SYNAPSE_REDUCE_SUM)
            case .variance: Int32(SYNAPSE_REDUCE_MOMENTS)
            case .max: Int32(SYNAPSE_REDUCE_MAX)
            case .min: Int32(SYNAPSE_REDUCE_MIN)
            }
        }
    }

    /// The smallest tensor whose sum or mean goes through these kernels: below it the plain loops of ``Reducer``
    /// cost fewer instructions than building the kernels' arguments (the losses and bias gradients of small models).
    static let minimumCount = 1 << 10

    /// Elements per segment of a whole-tensor reduction: 256 KB, small enough for the second pass of the
    /// variance to read from the core's L2 cache.
    static let segmentLength = 1 << 16

    /// `operation` over `dims` (`nil` = all) of a float32 `input`, or `nil` when this path does not apply (another
    /// dtype, no elements, a scalar, or reduced dimensions that are not adjacent). `level` is the instruction-set
    /// level (`SYNAPSE_VM_ISA_*`), -1 for the best one; tests pass lower levels to check every path on one machine.
    static func reduce(_ input: Tensor, dims: [Int]?, keepdim: Bool, _ operation: Operation, level: Int32 = -1) -> Tensor? {
        guard input.dtype == .float32, input.rank > 0, input.numel > 0 else { return nil }
        let reduced = ReductionLayout.normalize(dims, rank: input.rank)
        guard let first = reduced.first, let last = reduced.last, last - first + 1 == reduced.count else { return nil }
        let shape = input.shape
        let outer = shape[..<first].reduce(1, *), length = shape[first...last].reduce(1, *)
        let inner = shape[(last + 1)...].reduce(1, *)
        let source = input.isContiguous ? input : contiguousCopy(input)
        let count = outer * inner
        let result = Tensor.empty(ReductionLayout.outputShape(shape, reduced: reduced, keepdim: keepdim), dtype: .float32)
        let out = result.basePointer(Float.self)
        let x = UnsafePointer(source.basePointer(Float.self))
        withExtendedLifetime(source) {
            if inner == 1 && outer == 1 {
                out[0] = whole(x, length, operation, level)
                return
            }
            withUnsafeTemporaryAllocation(of: Double.self, capacity: count * 2) { buffer in
                let values = buffer.baseAddress!, m2 = values + count
                let results = Results(values: values, m2: m2, out: out, count: length)
                if inner == 1 {
                    rows(operation, x, total: count * length, length: length, count: count, results, level)
                } else {
                    columns(operation, x, outer: outer, reduced: length, inner: inner, results, level)
                }
            }
        }
        return result
    }

    /// A whole tensor of `n` elements reduced as segments of ``segmentLength``, combined in order.
    private static func whole(_ x: UnsafePointer<Float>, _ n: Int, _ operation: Operation, _ level: Int32) -> Float {
        let segments = (n + segmentLength - 1) / segmentLength
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: segments * 2) { buffer in
            let values = buffer.baseAddress!, m2 = values + segments
            let partials = Results(values: values, m2: m2, out: nil, count: segmentLength)
            rows(operation, x, total: n, length: segmentLength, count: segments, partials, level)
            switch operation {
            case .sum, .mean:
                var total = 0.0
                for segment in 0..<segments { total += values[segment] }
                return finish(operation, total, 0, count: n)
            case .variance:
                // Chan, Golub and LeVeque's pairwise update, segment after segment.
                var seen = 0.0, mean = 0.0, squares = 0.0
                for segment in 0..<segments {
                    let size = Double(Swift.min(segmentLength, n - segment * segmentLength))
                    let segmentMean = values[segment] / size, delta = segmentMean - mean
                    let merged = seen + size
                    squares += m2[segment] + delta * delta * seen * size / merged
                    mean += delta * size / merged
                    seen = merged
                }
                return finish(operation, mean * seen, squares, count: n)
            case .max, .min:
                var best = values[0]
                for segment in 1..<segments {
                    let value = values[segment]
                    if value.isNaN || best.isNaN {
                        best = .nan
                    } else if case .max = operation { best = Swift.max(best, value) } else { best = Swift.min(best, value) }
                }
                return Float(best)
            }
        }
    }

    /// Where a kernel writes: `values` (and `m2`) per output in double, then, when `out` is given, each range's
    /// float results (``finish(_:_:_:count:)`` over `count` elements), on the thread that computed them.
    private struct Results: @unchecked Sendable {
        let values: UnsafeMutablePointer<Double>
        let m2: UnsafeMutablePointer<Double>
        let out: UnsafeMutablePointer<Float>?
        let count: Int

        /// Finishes outputs `range` into `out`, if given.
        func finish(_ operation: Operation, _ range: Range<Int>) {
            guard let out else { return }
            for index in range { out[index] = FloatReduction.finish(operation, values[index], m2[index], count: count) }
        }
    }

    /// Chunks per thread of the reductions' parallel loops, claimed dynamically by the worker pool: a thread that
    /// joins late or is preempted (another process on its core) takes fewer chunks instead of holding the whole
    /// loop back with half of it, as one chunk per thread did. Each output's value doesn't depend on the split.
    static let chunksPerThread = 4

    /// `count` rows of `length` (the last one cut at `total`) into `results`, split across threads.
    private static func rows(
        _ operation: Operation, _ x: UnsafePointer<Float>, total: Int, length: Int, count: Int, _ results: Results,
        _ level: Int32
    ) {
        nonisolated(unsafe) let x = x
        let grain = Swift.max(1, Parallel.grainSize / Swift.max(length, 1))
        Parallel.forRanges(count: count, grain: grain, chunksPerThread: chunksPerThread) { range in
            let status = synapse_reduce_rows_f32(operation.code, x, total, length, range.lowerBound, range.upperBound,
                                                 results.values, results.m2, level)
            check(status == 0, "reduction kernel: instruction set level \(level) not available")
            results.finish(operation, range)
        }
    }

    /// The columns of `[outer, reduced, inner]` into `results`, split across threads by tiles.
    private static func columns(
        _ operation: Operation, _ x: UnsafePointer<Float>, outer: Int, reduced: Int, inner: Int, _ results: Results,
        _ level: Int32
    ) {
        let items = synapse_reduce_column_items(outer, inner)
        let tile = Int(SYNAPSE_REDUCE_TILE), tiles = (inner + tile - 1) / tile
        nonisolated(unsafe) let x = x
        let perItem = reduced * Swift.min(inner, tile)
        let grain = Swift.max(1, Parallel.grainSize / Swift.max(perItem, 1))
        Parallel.forRanges(count: items, grain: grain, chunksPerThread: chunksPerThread) { range in
            let status = synapse_reduce_columns_f32(operation.code, x, reduced, inner, range.lowerBound,
                                                    range.upperBound, results.values, results.m2, level)
            check(status == 0, "reduction kernel: instruction set level \(level) not available")
            for item in range {  // item = o · tiles + t covers columns t · tile ..< min(inner, (t + 1) · tile) of o
                let (o, t) = item.quotientAndRemainder(dividingBy: tiles)
                let first = o * inner + t * tile
                results.finish(operation, first ..< first + Swift.min(tile, inner - t * tile))
            }
        }
    }

    /// The float result from a kernel's `value` (and `squares`, the sum of squared deviations) over `count`
    /// elements.
    @inline(__always)
    private static func finish(_ operation: Operation, _ value: Double, _ squares: Double, count: Int) -> Float {
        switch operation {
        case .sum, .max, .min: Float(value)
        case .mean: Float(value / Double(count))
        case .variance(let correction): Float(squares / Double(Swift.max(count - correction, 0)))
        }
    }

    /// A contiguous copy of `input` (row-major strides, whatever the input's layout), without autograd.
    private static func contiguousCopy(_ input: Tensor) -> Tensor {
        let copy = Tensor.empty(input.shape, dtype: input.dtype)
        CopyKernel.copy(from: input, into: copy)
        return copy
    }
}
