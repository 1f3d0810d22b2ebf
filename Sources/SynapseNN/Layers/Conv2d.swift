/// 2-D convolution (`torch.nn.Conv2d`) over `[N, C, H, W]` inputs, with PyTorch's parameters (`weight`
/// `[outChannels, inChannels / groups, kH, kW]`, `bias` `[outChannels]`), keys, printout and default
/// initialisation (bit for bit from the same seed).
///
/// ```swift
/// let conv = Conv2d(3, 8, kernelSize: (3, 3), padding: 1, bias: false)
/// print(conv)    // Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)
/// ```
open class Conv2d: Module {
    /// Channels of the input (0 for a ``LazyConv2d`` until its first forward pass).
    public internal(set) var inChannels: Int
    /// Channels of the output.
    public let outChannels: Int
    /// Kernel height and width.
    public let kernelSize: (Int, Int)
    /// Step between applications of the kernel, vertically and horizontally.
    public let stride: (Int, Int)
    /// Zeros added around the input.
    public let padding: ConvPadding
    /// Spacing between kernel elements.
    public let dilation: (Int, Int)
    /// Number of blocked connections from input to output channels.
    public let groups: Int
    /// The kernels. Can be replaced by another parameter (seed 002 does).
    public var weight: Parameter
    /// The bias, or `nil` for a layer without one.
    public var bias: Parameter?

    /// A convolution with PyTorch's default initialisation: weight `kaimingUniform_(a: sqrt(5))`, then bias
    /// `uniform_(±1/sqrt(fanIn))`, drawn from `generator` (the default generator when `nil`).
    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1),
        padding: ConvPadding = .explicit(0, 0), dilation: (Int, Int) = (1, 1), groups: Int = 1, bias: Bool = true,
        dtype: DType = .float32, generator: Generator? = nil
    ) {
        check(groups > 0, "groups must be a positive integer")
        check(inChannels % groups == 0, "in_channels must be divisible by groups")
        check(outChannels % groups == 0, "out_channels must be divisible by groups")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        weight = Parameter(Tensor.empty([outChannels, inChannels / groups, kernelSize.0, kernelSize.1], dtype: dtype))
        self.bias = bias ? Parameter(Tensor.empty([outChannels], dtype: dtype)) : nil
        super.init()
        resetParameters(generator: generator)
    }

    /// A layer holding the given parameters as they are, drawing nothing (for ``LazyConv2d``).
    init(inChannels: Int, outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int), padding: ConvPadding,
         dilation: (Int, Int), groups: Int, weight: Parameter, bias: Parameter?) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        self.weight = weight
        self.bias = bias
        super.init()
    }

    /// A square kernel: `Conv2d(1, 3, kernelSize: 1)`.
    public convenience init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: ConvPadding = .explicit(0, 0),
        dilation: Int = 1, groups: Int = 1, bias: Bool = true, dtype: DType = .float32, generator: Generator? = nil
    ) {
        self.init(inChannels, outChannels, kernelSize: (kernelSize, kernelSize), stride: (stride, stride),
                  padding: padding, dilation: (dilation, dilation), groups: groups, bias: bias, dtype: dtype,
                  generator: generator)
    }

    /// Re-draws the parameters as the initialiser does (`reset_parameters`).
    open func resetParameters(generator: Generator? = nil) {
        Init.defaultAffine_(weight: weight, bias: bias, generator: generator)
    }

    /// ``Functional/conv2d(_:weight:bias:stride:padding:dilation:groups:)`` with this layer's parameters.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.conv2d(input, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation,
                          groups: groups)
    }

    /// `3, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False`, listing only what differs from the
    /// defaults, as PyTorch does.
    open override var extraRepr: String {
        ConvolutionRepr.describe(
            inChannels: inChannels, outChannels: outChannels, kernel: [kernelSize.0, kernelSize.1],
            stride: [stride.0, stride.1], padding: ConvolutionRepr.padding(padding, dimensions: 2),
            dilation: [dilation.0, dilation.1], groups: groups, hasBias: bias != nil)
    }
}
