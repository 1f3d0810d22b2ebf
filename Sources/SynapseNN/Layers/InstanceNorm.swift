/// Instance normalisation (PyTorch's `_InstanceNorm`), the shared body of ``InstanceNorm1d`` and ``InstanceNorm2d``:
/// each channel of each sample is normalised over its own spatial positions. Without `affine` there are no
/// parameters; with `trackRunningStats`, running statistics (`running_mean`, `running_var`, `num_batches_tracked`,
/// the last never counted, as in PyTorch) are updated in training with the mean over the batch of each instance's
/// statistics and used in evaluation. `momentum: nil` means 0 here (PyTorch passes `0.0` for `None`).
open class InstanceNorm: Module {
    /// Channels `C` of the input.
    public let numFeatures: Int
    /// Added to the variance before the square root.
    public let eps: Double
    /// Weight of the newest batch in the running statistics (`nil` is PyTorch's `None`, which updates nothing).
    public let momentum: Double?
    /// Whether the layer has a learnable per-channel scale and shift.
    public let affine: Bool
    /// Whether running statistics are kept (and used in evaluation mode).
    public let trackRunningStats: Bool
    /// The scale, `[C]`, ones at first (`nil` without `affine`).
    public var weight: Parameter?
    /// The shift, `[C]`, zeros at first (`nil` without `affine`).
    public var bias: Parameter?
    /// Running mean, `[C]` (key `running_mean`).
    public var runningMean: Buffer?
    /// Running (unbiased) variance, `[C]` (key `running_var`).
    public var runningVar: Buffer?
    /// Kept for PyTorch's keys (key `num_batches_tracked`); instance normalisation never counts batches.
    public var numBatchesTracked: Buffer?
    /// The rank of an unbatched input (`[C, L]`: 2 for 1-d, 3 for 2-d).
    let unbatchedRank: Int

    init(numFeatures: Int, eps: Double, momentum: Double?, affine: Bool, trackRunningStats: Bool, dtype: DType,
         unbatchedRank: Int) {
        self.numFeatures = numFeatures
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.trackRunningStats = trackRunningStats
        self.unbatchedRank = unbatchedRank
        weight = affine ? Parameter(Tensor.ones([numFeatures], dtype: dtype)) : nil
        bias = affine ? Parameter(Tensor.zeros([numFeatures], dtype: dtype)) : nil
        runningMean = trackRunningStats ? Buffer(Tensor.zeros([numFeatures], dtype: dtype)) : nil
        runningVar = trackRunningStats ? Buffer(Tensor.ones([numFeatures], dtype: dtype)) : nil
        numBatchesTracked = trackRunningStats ? Buffer(Tensor.zeros([], dtype: .int64)) : nil
        super.init()
    }

    /// PyTorch's snake_case keys for the Swift property names.
    open override class func memberName(forProperty property: String) -> String {
        switch property {
        case "runningMean": "running_mean"
        case "runningVar": "running_var"
        case "numBatchesTracked": "num_batches_tracked"
        default: super.memberName(forProperty: property)
        }
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

    /// `3, eps=1e-05, momentum=0.1, affine=False, bias=False, track_running_stats=False`.
    open override var extraRepr: String {
        "\(numFeatures), eps=\(PythonFormat.repr(eps)), momentum=\(momentum.map(PythonFormat.repr) ?? "None"), "
            + "affine=\(PythonRepr.bool(affine)), bias=\(PythonRepr.bool(bias != nil)), "
            + "track_running_stats=\(PythonRepr.bool(trackRunningStats))"
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
