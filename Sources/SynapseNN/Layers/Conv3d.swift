/// 3-D convolution (`torch.nn.Conv3d`) over `[N, C, D, H, W]` inputs, with PyTorch's parameters (`weight`
/// `[outChannels, inChannels / groups, kD, kH, kW]`, `bias` `[outChannels]`), keys, printout and default
/// initialisation (bit for bit from the same seed).
open class Conv3d: Module {
    /// Channels of the input (0 for a ``LazyConv3d`` until its first forward pass).
    public internal(set) var inChannels: Int
    /// Channels of the output.
    public let outChannels: Int
    /// Kernel depth, height and width.
    public let kernelSize: (Int, Int, Int)
    /// Step between applications of the kernel.
    public let stride: (Int, Int, Int)
    /// Zeros added around the input.
    public let padding: ConvPadding3d
    /// Spacing between kernel elements.
    public let dilation: (Int, Int, Int)
    /// Number of blocked connections from input to output channels.
    public let groups: Int
    /// The kernels.
    public var weight: Parameter
    /// The bias, or `nil`.
    public var bias: Parameter?

    /// A convolution with PyTorch's default initialisation, drawn from `generator` (the default generator when
    /// `nil`).
    public convenience init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: (Int, Int, Int), stride: (Int, Int, Int) = (1, 1, 1),
        padding: ConvPadding3d = 0, dilation: (Int, Int, Int) = (1, 1, 1), groups: Int = 1, bias: Bool = true,
        dtype: DType = .float32, generator: Generator? = nil
    ) {
        check(groups > 0, "groups must be a positive integer")
        check(inChannels % groups == 0, "in_channels must be divisible by groups")
        check(outChannels % groups == 0, "out_channels must be divisible by groups")
        let shape = [outChannels, inChannels / groups, kernelSize.0, kernelSize.1, kernelSize.2]
        self.init(inChannels: inChannels, outChannels: outChannels, kernelSize: kernelSize, stride: stride,
                  padding: padding, dilation: dilation, groups: groups,
                  weight: Parameter(Tensor.empty(shape, dtype: dtype)),
                  bias: bias ? Parameter(Tensor.empty([outChannels], dtype: dtype)) : nil)
        resetParameters(generator: generator)
    }

    /// A cubic kernel: `Conv3d(1, 4, kernelSize: 3)`.
    public convenience init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: ConvPadding3d = 0,
        dilation: Int = 1, groups: Int = 1, bias: Bool = true, dtype: DType = .float32, generator: Generator? = nil
    ) {
        self.init(inChannels, outChannels, kernelSize: (kernelSize, kernelSize, kernelSize),
                  stride: (stride, stride, stride), padding: padding, dilation: (dilation, dilation, dilation),
                  groups: groups, bias: bias, dtype: dtype, generator: generator)
    }

    /// A layer holding the given parameters as they are, drawing nothing.
    init(inChannels: Int, outChannels: Int, kernelSize: (Int, Int, Int), stride: (Int, Int, Int),
         padding: ConvPadding3d, dilation: (Int, Int, Int), groups: Int, weight: Parameter, bias: Parameter?) {
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

    /// ``Functional/conv3d(_:weight:bias:stride:padding:dilation:groups:)`` with this layer's parameters.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.conv3d(input, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation,
                          groups: groups)
    }

    /// `2, 4, kernel_size=(3, 3, 3), stride=(1, 1, 1), padding=(1, 1, 1)`.
    open override var extraRepr: String {
        ConvolutionRepr.describe(
            inChannels: inChannels, outChannels: outChannels, kernel: Functional.entries(kernelSize),
            stride: Functional.entries(stride), padding: padding.reprText, dilation: Functional.entries(dilation),
            groups: groups, hasBias: bias != nil)
    }
}
