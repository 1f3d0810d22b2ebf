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

extension Tensor {
    /// `relu(x·weightᵀ + bias)` for inference in bfloat16, the bias and ReLU applied in the product's epilogue
    /// (AVX-512 BF16, ``BFloat16Product``) before its one rounding: the bits of a linear layer followed by ReLU.
    /// `nil` unless `x` is a bfloat16 matrix, `weight` a bfloat16 `[out, in]` matrix, `bias` a unit-strided
    /// bfloat16 vector of `out` values, the kernel runs and nothing needs a gradient (the caller then composes).
    package static func linearReLU(_ x: Tensor, weight: Tensor, bias: Tensor) -> Tensor? {
        guard x.rank == 2, weight.rank == 2, x.dtype == .bfloat16, weight.dtype == .bfloat16,
              x.shape[1] == weight.shape[1],
              !(GradMode.isEnabled && (x.requiresGrad || weight.requiresGrad || bias.requiresGrad)) else { return nil }
        let output = Tensor.empty([x.shape[0], weight.shape[0]], dtype: .bfloat16)
        guard BFloat16Product.addsBias(bias, into: output) else { return nil }
        BFloat16Product.multiply(x, weight.t(), into: output, accumulate: false, bias: bias, relu: true)
        return output
    }
}
