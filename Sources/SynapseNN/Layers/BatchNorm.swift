/// Batch normalisation over the channel dimension (PyTorch's `_BatchNorm`), the shared body of ``BatchNorm1d``,
/// ``BatchNorm2d`` and ``BatchNorm3d``: batch statistics in training mode (updating the running ones), running
/// statistics in evaluation mode. `momentum: nil` is a cumulative average.
open class BatchNorm: NormBase {
    /// The input ranks this layer accepts.
    let acceptedRanks: [Int]

    init(numFeatures: Int, eps: Double, momentum: Double?, affine: Bool, trackRunningStats: Bool,
         dtype: DType, acceptedRanks: [Int]) {
        self.acceptedRanks = acceptedRanks
        super.init(numFeatures: numFeatures, eps: eps, momentum: momentum, affine: affine,
                   trackRunningStats: trackRunningStats, dtype: dtype)
    }

    /// Normalises each channel with the batch's statistics (training, or no running statistics) or the running
    /// ones (evaluation), then scales and shifts.
    open override func forward(_ input: Tensor) -> Tensor {
        check(acceptedRanks.contains(input.rank),
              "expected \(acceptedRanks.map { "\($0)D" }.joined(separator: " or ")) input (got \(input.rank)D input)")
        check(input.shape[1] == numFeatures,
              "running_mean should contain \(input.shape[1]) elements not \(numFeatures)")
        let reduced = [0] + Array(2..<input.rank)
        let broadcast = [1, numFeatures] + Array(repeating: 1, count: input.rank - 2)
        var factor = 0.0
        if training, let count = numBatchesTracked {
            noGrad { count.add_(1) }
            factor = momentum ?? 1 / count.item()
        }
        let mean: Tensor, variance: Tensor
        var normalized: Tensor? = nil
        if training || runningMean == nil {
            let perChannel = input.numel / numFeatures
            check(!training || perChannel > 1,
                  "Expected more than 1 value per channel when training, got input size \(input.shape)")
            if input.dtype == .float32 || input.dtype == .float64, (weight == nil) == (bias == nil) {
                // One operation, as PyTorch's native batch norm (a few passes over the input instead of ~20).
                let fused = Tensor.batchNormTraining(input, weight: weight, bias: bias, eps: eps)
                (mean, variance) = (fused.mean, fused.variance)
                normalized = fused.output
            } else {
                mean = input.mean(dims: reduced)
                variance = input.variance(dims: reduced, unbiased: false)
            }
            if training, let runningMean, let runningVar {
                noGrad {
                    runningMean.mul_(1 - factor).add_(mean.detach() * factor)
                    let unbiased = variance.detach() * (Double(perChannel) / Double(Swift.max(perChannel - 1, 1)))
                    runningVar.mul_(1 - factor).add_(unbiased * factor)
                }
            }
        } else {
            mean = runningMean!
            variance = runningVar!
        }
        if let normalized { return normalized }
        var output = (input - mean.view(broadcast)) * (variance.view(broadcast) + eps).rsqrt()
        if let weight, let bias { output = output * weight.view(broadcast) + bias.view(broadcast) }
        return output
    }
}

/// Batch normalisation of `[N, C]` or `[N, C, L]` inputs (`torch.nn.BatchNorm1d`).
open class BatchNorm1d: BatchNorm {
    /// A layer for `numFeatures` channels: weight 1, bias 0, running mean 0, running variance 1.
    public init(_ numFeatures: Int, eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true,
                trackRunningStats: Bool = true, dtype: DType = .float32) {
        super.init(numFeatures: numFeatures, eps: eps, momentum: momentum, affine: affine,
                   trackRunningStats: trackRunningStats, dtype: dtype, acceptedRanks: [2, 3])
    }
}

/// Batch normalisation of `[N, C, H, W]` inputs (`torch.nn.BatchNorm2d`).
open class BatchNorm2d: BatchNorm {
    /// A layer for `numFeatures` channels: weight 1, bias 0, running mean 0, running variance 1.
    public init(_ numFeatures: Int, eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true,
                trackRunningStats: Bool = true, dtype: DType = .float32) {
        super.init(numFeatures: numFeatures, eps: eps, momentum: momentum, affine: affine,
                   trackRunningStats: trackRunningStats, dtype: dtype, acceptedRanks: [4])
    }
}

/// Batch normalisation of `[N, C, D, H, W]` inputs (`torch.nn.BatchNorm3d`).
open class BatchNorm3d: BatchNorm {
    /// A layer for `numFeatures` channels: weight 1, bias 0, running mean 0, running variance 1.
    public init(_ numFeatures: Int, eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true,
                trackRunningStats: Bool = true, dtype: DType = .float32) {
        super.init(numFeatures: numFeatures, eps: eps, momentum: momentum, affine: affine,
                   trackRunningStats: trackRunningStats, dtype: dtype, acceptedRanks: [5])
    }
}
