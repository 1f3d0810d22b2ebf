extension Tensor {
    /// `self = relu(self + bias)` in place, row by row, for inference: the bias and the activation of a linear
    /// layer applied in one pass over a product computed without its bias (one pass instead of writing the bias
    /// rows before the product and running ReLU after it). `false` (nothing written) unless this is a contiguous
    /// float32 matrix, `bias` a contiguous float32 vector of its width, and neither needs a gradient. NaN stays
    /// NaN, as in ``relu()``.
    package func addBiasReLU_(_ bias: Tensor) -> Bool {
        guard rank == 2, dtype == .float32, bias.dtype == .float32, bias.shape == [shape[1]], isContiguous,
              bias.isContiguous, !(GradMode.isEnabled && (requiresGrad || bias.requiresGrad)) else { return false }
        let (rows, width) = (shape[0], shape[1])
        withExtendedLifetime(bias) {
            nonisolated(unsafe) let (matrix, vector) = (basePointer(Float.self), UnsafePointer(bias.basePointer(Float.self)))
            Parallel.forRanges(count: rows, grain: Swift.max(1, Parallel.grainSize / Swift.max(1, width))) { range in
                for row in range {
                    let line = matrix + row * width
                    for j in 0..<width {
                        let value = line[j] + vector[j]
                        line[j] = value < 0 ? 0 : value
                    }
                }
            }
        }
        markModified()
        return true
    }
}
