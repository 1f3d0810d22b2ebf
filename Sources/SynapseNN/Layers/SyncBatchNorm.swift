/// Batch normalisation whose statistics PyTorch reduces across the processes of a distributed group
/// (`torch.nn.SyncBatchNorm`). Synapse trains in one process, where PyTorch's layer is exactly batch normalisation
/// over `[N, C, *]` inputs of any rank from 2 on: the same parameters, buffers, keys and printout.
open class SyncBatchNorm: BatchNorm {
    /// A layer for `numFeatures` channels: weight 1, bias 0, running mean 0, running variance 1.
    public init(_ numFeatures: Int, eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true,
                trackRunningStats: Bool = true, dtype: DType = .float32) {
        super.init(numFeatures: numFeatures, eps: eps, momentum: momentum, affine: affine,
                   trackRunningStats: trackRunningStats, dtype: dtype, acceptedRanks: Array(2...8))
    }

    /// Normalises as ``BatchNorm`` does, after PyTorch's check of the rank.
    open override func forward(_ input: Tensor) -> Tensor {
        check(input.rank >= 2, "expected at least 2D input (got \(input.rank)D input)")
        return super.forward(input)
    }
}
