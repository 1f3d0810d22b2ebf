/// Group normalisation (`torch.nn.GroupNorm`): weight 1 and bias 0 per channel at first.
open class GroupNorm: Module {
    /// Number of channel groups.
    public let numGroups: Int
    /// Number of channels `C`.
    public let numChannels: Int
    /// Added to the variance before the square root.
    public let eps: Double
    /// Whether the layer has a learnable per-channel scale and shift.
    public let affine: Bool
    /// The scale, `[C]`, or `nil`.
    public var weight: Parameter?
    /// The shift, `[C]`, or `nil`.
    public var bias: Parameter?

    /// A layer normalising `numChannels` channels in `numGroups` groups.
    public init(_ numGroups: Int, _ numChannels: Int, eps: Double = 1e-5, affine: Bool = true, dtype: DType = .float32) {
        check(numChannels % numGroups == 0, "num_channels must be divisible by num_groups")
        self.numGroups = numGroups
        self.numChannels = numChannels
        self.eps = eps
        self.affine = affine
        weight = affine ? Parameter(Tensor.ones([numChannels], dtype: dtype)) : nil
        bias = affine ? Parameter(Tensor.zeros([numChannels], dtype: dtype)) : nil
        super.init()
    }

    /// ``Functional/groupNorm(_:numGroups:weight:bias:eps:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.groupNorm(input, numGroups: numGroups, weight: weight, bias: bias, eps: eps)
    }

    /// `2, 4, eps=1e-05, affine=True, bias=True`.
    open override var extraRepr: String {
        "\(numGroups), \(numChannels), eps=\(PythonFormat.repr(eps)), affine=\(PythonRepr.bool(affine)), "
            + "bias=\(PythonRepr.bool(bias != nil))"
    }
}
