/// Instance normalisation (PyTorch's `_InstanceNorm`), the shared body of ``InstanceNorm1d`` and ``InstanceNorm2d``:
/// each channel of each sample is normalised over its own spatial positions. Without `affine` there are no
/// parameters; with `trackRunningStats`, running statistics (`running_mean`, `running_var`, `num_batches_tracked`,
/// the last never counted, as in PyTorch) are updated in training with the mean over the batch of each instance's
/// statistics and used in evaluation. `momentum: nil` means 0 here (PyTorch passes `0.0` for `None`).
open class InstanceNorm: NormBase {
    /// The rank of an unbatched input (`[C, L]`: 2 for 1-d, 3 for 2-d).
    let unbatchedRank: Int

    init(numFeatures: Int, eps: Double, momentum: Double?, affine: Bool, trackRunningStats: Bool, dtype: DType,
         unbatchedRank: Int) {
        self.unbatchedRank = unbatchedRank
        super.init(numFeatures: numFeatures, eps: eps, momentum: momentum, affine: affine,
                   trackRunningStats: trackRunningStats, dtype: dtype)
    }

    /// Normalises each channel of each sample (`[N, C, *]`, or `[C, *]` unbatched).
    open override func forward(_ input: Tensor) -> Tensor {
        check(input.rank == unbatchedRank || input.rank == unbatchedRank + 1,
              "expected \(unbatchedRank)D or \(unbatchedRank + 1)D input (got \(input.rank)D input)")
        if input.rank == unbatchedRank { return forward(input.unsqueeze(0)).squeeze(0) }
        check(!affine || input.shape[1] == numFeatures,
              "expected input's size at dim=1 to match num_features (\(numFeatures)), but got: \(input.shape[1]).")
        let spatial = Array(2..<input.rank)
        let channelShape = [1, input.shape[1]] + Array(repeating: 1, count: input.rank - 2)
        let mean: Tensor, variance: Tensor
        if training || runningMean == nil {
            let positions = spatial.reduce(1) { $0 * input.shape[$1] }
            mean = input.mean(dims: spatial, keepdim: true)
            variance = input.variance(dims: spatial, unbiased: false, keepdim: true)
            if training, let runningMean, let runningVar {
                let factor = momentum ?? 0
                noGrad {
                    let unbiased = variance.detach() * (Double(positions) / Double(Swift.max(positions - 1, 1)))
                    runningMean.mul_(1 - factor).add_(mean.detach().view([input.shape[0], -1]).mean(dim: 0) * factor)
                    runningVar.mul_(1 - factor).add_(unbiased.view([input.shape[0], -1]).mean(dim: 0) * factor)
                }
            }
        } else {
            mean = runningMean!.view(channelShape)
            variance = runningVar!.view(channelShape)
        }
        var output = (input - mean) * (variance + eps).rsqrt()
        if let weight, let bias { output = output * weight.view(channelShape) + bias.view(channelShape) }
        return output
    }
}

/// Instance normalisation of `[N, C, L]` or `[C, L]` inputs (`torch.nn.InstanceNorm1d`).
open class InstanceNorm1d: InstanceNorm {
    /// A layer for `numFeatures` channels; PyTorch's defaults (no affine parameters, no running statistics).
    public init(_ numFeatures: Int, eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = false,
                trackRunningStats: Bool = false, dtype: DType = .float32) {
        super.init(numFeatures: numFeatures, eps: eps, momentum: momentum, affine: affine,
                   trackRunningStats: trackRunningStats, dtype: dtype, unbatchedRank: 2)
    }
}

/// Instance normalisation of `[N, C, H, W]` or `[C, H, W]` inputs (`torch.nn.InstanceNorm2d`).
open class InstanceNorm2d: InstanceNorm {
    /// A layer for `numFeatures` channels; PyTorch's defaults (no affine parameters, no running statistics).
    public init(_ numFeatures: Int, eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = false,
                trackRunningStats: Bool = false, dtype: DType = .float32) {
        super.init(numFeatures: numFeatures, eps: eps, momentum: momentum, affine: affine,
                   trackRunningStats: trackRunningStats, dtype: dtype, unbatchedRank: 3)
    }
}

/// Instance normalisation of `[N, C, D, H, W]` or `[C, D, H, W]` inputs (`torch.nn.InstanceNorm3d`).
open class InstanceNorm3d: InstanceNorm {
    /// A layer for `numFeatures` channels; PyTorch's defaults (no affine parameters, no running statistics).
    public init(_ numFeatures: Int, eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = false,
                trackRunningStats: Bool = false, dtype: DType = .float32) {
        super.init(numFeatures: numFeatures, eps: eps, momentum: momentum, affine: affine,
                   trackRunningStats: trackRunningStats, dtype: dtype, unbatchedRank: 4)
    }
}
