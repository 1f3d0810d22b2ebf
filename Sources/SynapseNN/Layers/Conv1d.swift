/// 1-D convolution (`torch.nn.Conv1d`) over `[N, C, L]` inputs, with PyTorch's parameters (`weight`
/// `[outChannels, inChannels / groups, k]`, `bias` `[outChannels]`), keys, printout and default initialisation.
/// Runs as a 2-D convolution of height 1.
open class Conv1d: Module {
    /// Channels of the input (0 for a ``LazyConv1d`` until its first forward pass).
    public internal(set) var inChannels: Int
    /// Channels of the output.
    public let outChannels: Int
    /// Kernel length.
    public let kernelSize: Int
    /// Step between applications of the kernel.
    public let stride: Int
    /// Zeros added at both ends (`.explicit(p, p)` or an integer literal), or `.same` / `.valid`.
    public let padding: ConvPadding
    /// Spacing between kernel elements.
    public let dilation: Int
    /// Number of blocked connections from input to output channels.
    public let groups: Int
    /// The kernels.
    public var weight: Parameter
    /// The bias, or `nil`.
    public var bias: Parameter?

    /// A convolution with PyTorch's default initialisation, drawn from `generator` (the default generator when
    /// `nil`).
    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: ConvPadding = .explicit(0, 0),
        dilation: Int = 1, groups: Int = 1, bias: Bool = true, dtype: DType = .float32, generator: Generator? = nil
    ) {
        check(groups > 0 && inChannels % groups == 0 && outChannels % groups == 0,
              "in_channels and out_channels must be divisible by groups")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        weight = Parameter(Tensor.empty([outChannels, inChannels / groups, kernelSize], dtype: dtype))
        self.bias = bias ? Parameter(Tensor.empty([outChannels], dtype: dtype)) : nil
        super.init()
        resetParameters(generator: generator)
    }

    /// A layer holding the given parameters as they are, drawing nothing (for ``LazyConv1d``).
    init(inChannels: Int, outChannels: Int, kernelSize: Int, stride: Int, padding: ConvPadding, dilation: Int,
         groups: Int, weight: Parameter, bias: Parameter?) {
        (self.inChannels, self.outChannels, self.kernelSize, self.stride) = (inChannels, outChannels, kernelSize, stride)
        (self.padding, self.dilation, self.groups) = (padding, dilation, groups)
        self.weight = weight
        self.bias = bias
        super.init()
    }

    /// Re-draws the parameters as the initialiser does (`reset_parameters`).
    open func resetParameters(generator: Generator? = nil) {
        Init.defaultAffine_(weight: weight, bias: bias, generator: generator)
    }

    /// The convolution of an `[N, C, L]` (or `[C, L]`) input.
    open override func forward(_ input: Tensor) -> Tensor {
        let padding2d: ConvPadding
        switch padding {
        case .explicit(let amount, _): padding2d = .explicit(0, amount)
        case .same, .valid: padding2d = padding
        }
        return Functional.conv1d(input, weight: weight, bias: bias, stride: stride, padding: padding2d,
                                 dilation: dilation, groups: groups)
    }

    /// `2, 3, kernel_size=(3,), stride=(1,), padding=(1,)`, listing only what differs from the defaults.
    open override var extraRepr: String {
        ConvolutionRepr.describe(
            inChannels: inChannels, outChannels: outChannels, kernel: [kernelSize], stride: [stride],
            padding: ConvolutionRepr.padding(padding, dimensions: 1), dilation: [dilation], groups: groups,
            hasBias: bias != nil)
    }
}
