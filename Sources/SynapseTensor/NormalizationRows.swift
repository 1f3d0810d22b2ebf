import CSynapseKernels

/// Softmax, log-softmax and layer normalisation of float32 rows along a contiguous last dimension, through the C
/// kernels of `softmax_row.c` and `layer_norm.c` (vectorised maxima, sums and moments; the vector `exp`), split
/// across threads by rows.
enum NormalizationRows {
    /// Elements below which a normalisation runs on the calling thread: PyTorch's `GRAIN_SIZE`. Lower than
    /// ``Parallel/grainSize`` because these kernels do more work per element (an `exp`, two passes) than a copy.
    static let grainSize = 1 << 15

    /// Rows of `width` elements per chunk of work.
    static func rowGrain(width: Int) -> Int { Swift.max(1, grainSize / Swift.max(width, 1)) }

    /// `softmax` (or `logSoftmax`) of `rows` contiguous rows of `width` floats from `x` into `y`; `level` is the
    /// instruction-set level (see ``synapse_softmax_rows_f32``), -1 for the best one.
    static func softmax(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, width: Int, log: Bool,
        level: Int32 = -1
    ) {
        nonisolated(unsafe) let (x, y) = (x, y)
        Parallel.forRanges(count: rows, grain: rowGrain(width: width)) { range in
            let status = synapse_softmax_rows_f32(x, y, width, range.lowerBound, range.upperBound, log ? 1 : 0, level)
            check(status == 0, "softmax kernel: instruction set level \(level) not available")
        }
    }

    /// Layer normalisation of `rows` rows of `width` floats (see ``synapse_layer_norm_rows_f32``); `level` is the
    /// instruction-set level, -1 for the best one.
    static func layerNorm(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, width: Int,
        weight: UnsafePointer<Float>?, bias: UnsafePointer<Float>?, eps: Double,
        mean: UnsafeMutablePointer<Float>, rstd: UnsafeMutablePointer<Float>, level: Int32 = -1
    ) {
        nonisolated(unsafe) let (x, y, weight, bias, mean, rstd) = (x, y, weight, bias, mean, rstd)
        Parallel.forRanges(count: rows, grain: rowGrain(width: width)) { range in
            let status = synapse_layer_norm_rows_f32(x, y, width, range.lowerBound, range.upperBound, weight, bias,
                                                     eps, mean, rstd, level)
            check(status == 0, "layer_norm kernel: instruction set level \(level) not available")
        }
    }
}
