/// What the lazy normalisation layers share (PyTorch's `_LazyNormBase`): until the first forward pass (or a loaded
/// state dict) says how many channels there are, `numFeatures` is 0, the weight and bias are
/// ``UninitializedParameter``s and the running statistics empty; then they get PyTorch's initial values (weight 1,
/// bias 0, running mean 0, running variance 1) and the layer is an ordinary batch or instance norm.
protocol LazyNorm: NormBase {
    /// Whether the parameters and buffers have their real shapes yet.
    var isMaterialized: Bool { get set }
}

extension LazyNorm {
    /// Replaces the eager layer's (0-channel) parameters with placeholders; called from the initialisers.
    func makePending(dtype: DType) {
        if affine {
            weight = UninitializedParameter(dtype: dtype)
            bias = UninitializedParameter(dtype: dtype)
        }
        registerLoadStateDictPreHook { module, state, prefix in
            guard let layer = module as? any LazyNorm, !layer.isMaterialized else { return }
            let source = state[prefix + "weight"] ?? state[prefix + "running_mean"]
            if let source, source.rank == 1 { layer.materialize(source.shape[0]) }
        }
    }

    /// Gives the parameters and running statistics `channels` entries with PyTorch's initial values.
    func materialize(_ channels: Int) {
        numFeatures = channels
        if let pending = weight as? UninitializedParameter {
            weight = pending.materialize([channels])
            noGrad { _ = weight!.fill_(1) }
        }
        if let pending = bias as? UninitializedParameter {
            bias = pending.materialize([channels])
            noGrad { _ = bias!.fill_(0) }
        }
        if let runningMean, let runningVar {
            self.runningMean = Buffer(Tensor.zeros([channels], dtype: runningMean.dtype))
            self.runningVar = Buffer(Tensor.ones([channels], dtype: runningVar.dtype))
        }
        isMaterialized = true
    }

    /// Materialises from `input` on the first call. PyTorch reads the channels from dimension 1 in every case.
    func materializeIfNeeded(_ input: Tensor) {
        guard !isMaterialized else { return }
        check(input.rank >= 2, "\(typeName) needs an input with at least two dimensions, got \(input.shape)")
        materialize(input.shape[1])
    }
}

/// A ``BatchNorm1d`` that learns its channels from its first input (`torch.nn.LazyBatchNorm1d`).
public final class LazyBatchNorm1d: BatchNorm1d, LazyNorm {
    /// Whether the parameters and buffers have their real shapes yet.
    public internal(set) var isMaterialized = false

    /// A layer whose channels are taken from its first input; PyTorch's defaults.
    public init(eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true, trackRunningStats: Bool = true,
                dtype: DType = .float32) {
        super.init(0, eps: eps, momentum: momentum, affine: affine, trackRunningStats: trackRunningStats, dtype: dtype)
        makePending(dtype: dtype)
    }

    /// `LazyBatchNorm1d` until materialised, then `BatchNorm1d`.
    public override var typeName: String { isMaterialized ? "BatchNorm1d" : "LazyBatchNorm1d" }

    /// Materialises on the first call, then normalises.
    public override func forward(_ input: Tensor) -> Tensor {
        materializeIfNeeded(input)
        return super.forward(input)
    }
}

/// A ``BatchNorm2d`` that learns its channels from its first input (`torch.nn.LazyBatchNorm2d`).
public final class LazyBatchNorm2d: BatchNorm2d, LazyNorm {
    /// Whether the parameters and buffers have their real shapes yet.
    public internal(set) var isMaterialized = false

    /// A layer whose channels are taken from its first input; PyTorch's defaults.
    public init(eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true, trackRunningStats: Bool = true,
                dtype: DType = .float32) {
        super.init(0, eps: eps, momentum: momentum, affine: affine, trackRunningStats: trackRunningStats, dtype: dtype)
        makePending(dtype: dtype)
    }

    /// `LazyBatchNorm2d` until materialised, then `BatchNorm2d`.
    public override var typeName: String { isMaterialized ? "BatchNorm2d" : "LazyBatchNorm2d" }

    /// Materialises on the first call, then normalises.
    public override func forward(_ input: Tensor) -> Tensor {
        materializeIfNeeded(input)
        return super.forward(input)
    }
}

/// A ``BatchNorm3d`` that learns its channels from its first input (`torch.nn.LazyBatchNorm3d`).
public final class LazyBatchNorm3d: BatchNorm3d, LazyNorm {
    /// Whether the parameters and buffers have their real shapes yet.
    public internal(set) var isMaterialized = false

    /// A layer whose channels are taken from its first input; PyTorch's defaults.
    public init(eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true, trackRunningStats: Bool = true,
                dtype: DType = .float32) {
        super.init(0, eps: eps, momentum: momentum, affine: affine, trackRunningStats: trackRunningStats, dtype: dtype)
        makePending(dtype: dtype)
    }

    /// `LazyBatchNorm3d` until materialised, then `BatchNorm3d`.
    public override var typeName: String { isMaterialized ? "BatchNorm3d" : "LazyBatchNorm3d" }

    /// Materialises on the first call, then normalises.
    public override func forward(_ input: Tensor) -> Tensor {
        materializeIfNeeded(input)
        return super.forward(input)
    }
}

/// An ``InstanceNorm1d`` that learns its channels from its first input (`torch.nn.LazyInstanceNorm1d`; PyTorch's
/// lazy defaults are `affine=True, track_running_stats=True`).
public final class LazyInstanceNorm1d: InstanceNorm1d, LazyNorm {
    /// Whether the parameters and buffers have their real shapes yet.
    public internal(set) var isMaterialized = false

    /// A layer whose channels are taken from its first input.
    public init(eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true, trackRunningStats: Bool = true,
                dtype: DType = .float32) {
        super.init(0, eps: eps, momentum: momentum, affine: affine, trackRunningStats: trackRunningStats, dtype: dtype)
        makePending(dtype: dtype)
    }

    /// `LazyInstanceNorm1d` until materialised, then `InstanceNorm1d`.
    public override var typeName: String { isMaterialized ? "InstanceNorm1d" : "LazyInstanceNorm1d" }

    /// Materialises on the first call, then normalises.
    public override func forward(_ input: Tensor) -> Tensor {
        materializeIfNeeded(input)
        return super.forward(input)
    }
}

/// An ``InstanceNorm2d`` that learns its channels from its first input (`torch.nn.LazyInstanceNorm2d`).
public final class LazyInstanceNorm2d: InstanceNorm2d, LazyNorm {
    /// Whether the parameters and buffers have their real shapes yet.
    public internal(set) var isMaterialized = false

    /// A layer whose channels are taken from its first input.
    public init(eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true, trackRunningStats: Bool = true,
                dtype: DType = .float32) {
        super.init(0, eps: eps, momentum: momentum, affine: affine, trackRunningStats: trackRunningStats, dtype: dtype)
        makePending(dtype: dtype)
    }

    /// `LazyInstanceNorm2d` until materialised, then `InstanceNorm2d`.
    public override var typeName: String { isMaterialized ? "InstanceNorm2d" : "LazyInstanceNorm2d" }

    /// Materialises on the first call, then normalises.
    public override func forward(_ input: Tensor) -> Tensor {
        materializeIfNeeded(input)
        return super.forward(input)
    }
}

/// An ``InstanceNorm3d`` that learns its channels from its first input (`torch.nn.LazyInstanceNorm3d`).
public final class LazyInstanceNorm3d: InstanceNorm3d, LazyNorm {
    /// Whether the parameters and buffers have their real shapes yet.
    public internal(set) var isMaterialized = false

    /// A layer whose channels are taken from its first input.
    public init(eps: Double = 1e-5, momentum: Double? = 0.1, affine: Bool = true, trackRunningStats: Bool = true,
                dtype: DType = .float32) {
        super.init(0, eps: eps, momentum: momentum, affine: affine, trackRunningStats: trackRunningStats, dtype: dtype)
        makePending(dtype: dtype)
    }

    /// `LazyInstanceNorm3d` until materialised, then `InstanceNorm3d`.
    public override var typeName: String { isMaterialized ? "InstanceNorm3d" : "LazyInstanceNorm3d" }

    /// Materialises on the first call, then normalises.
    public override func forward(_ input: Tensor) -> Tensor {
        materializeIfNeeded(input)
        return super.forward(input)
    }
}
