/// What batch and instance normalisation share (PyTorch's `_NormBase`): the settings, the parameters and buffers
/// under PyTorch's keys (`weight`, `bias`, `running_mean`, `running_var`, `num_batches_tracked`) and the printout.
open class NormBase: Module {
    /// Channels `C` of the input (0 for a lazy layer until its first forward pass).
    public internal(set) var numFeatures: Int
    /// Added to the variance before the square root.
    public let eps: Double
    /// Weight of the newest batch in the running statistics, or `nil` (see the subclass). Settable, as in
    /// PyTorch (``/SynapseOptim/updateBN(_:_:)`` sets it to `nil` for a cumulative average).
    public var momentum: Double?
    /// Whether the layer has a learnable scale and shift.
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
    /// Number of training batches seen, a 0-dim `.int64` (key `num_batches_tracked`).
    public var numBatchesTracked: Buffer?

    init(numFeatures: Int, eps: Double, momentum: Double?, affine: Bool, trackRunningStats: Bool, dtype: DType) {
        self.numFeatures = numFeatures
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.trackRunningStats = trackRunningStats
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

    /// `16, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True`.
    open override var extraRepr: String {
        "\(numFeatures), eps=\(PythonFormat.repr(eps)), momentum=\(momentum.map(PythonFormat.repr) ?? "None"), "
            + "affine=\(PythonRepr.bool(affine)), bias=\(PythonRepr.bool(bias != nil)), "
            + "track_running_stats=\(PythonRepr.bool(trackRunningStats))"
    }
}
