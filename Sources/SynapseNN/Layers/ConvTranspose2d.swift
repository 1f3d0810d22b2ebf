/// 2-D transposed convolution (`torch.nn.ConvTranspose2d`): weight `[inChannels, outChannels / groups, kH, kW]`,
/// bias `[outChannels]`, PyTorch's keys, printout and default initialisation.
open class ConvTranspose2d: Module {
    /// Channels of the input (0 for a ``LazyConvTranspose2d`` until its first forward pass).
    public internal(set) var inChannels: Int
    /// Channels of the output.
    public let outChannels: Int
    /// Kernel height and width.
    public let kernelSize: (Int, Int)
    /// Spacing of the input positions in the output.
    public let stride: (Int, Int)
    /// Rows and columns removed from each side of the output.
    public let padding: (Int, Int)
    /// Rows and columns added at the bottom and right of the output.
    public let outputPadding: (Int, Int)
    /// Number of blocked connections from input to output channels.
    public let groups: Int
    /// Spacing between kernel elements.
    public let dilation: (Int, Int)
    /// The kernels.
    public var weight: Parameter
    /// The bias, or `nil`.
    public var bias: Parameter?

    /// A transposed convolution with PyTorch's default initialisation, drawn from `generator` (the default
    /// generator when `nil`).
    public init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1),
        padding: (Int, Int) = (0, 0), outputPadding: (Int, Int) = (0, 0), groups: Int = 1, bias: Bool = true,
        dilation: (Int, Int) = (1, 1), dtype: DType = .float32, generator: Generator? = nil
    ) {
        check(groups > 0 && inChannels % groups == 0 && outChannels % groups == 0,
              "in_channels and out_channels must be divisible by groups")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
        self.groups = groups
        self.dilation = dilation
        weight = Parameter(Tensor.empty([inChannels, outChannels / groups, kernelSize.0, kernelSize.1], dtype: dtype))
        self.bias = bias ? Parameter(Tensor.empty([outChannels], dtype: dtype)) : nil
        super.init()
        resetParameters(generator: generator)
    }

    /// A layer holding the given parameters as they are, drawing nothing (for ``LazyConvTranspose2d``).
    init(inChannels: Int, outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int), padding: (Int, Int),
         outputPadding: (Int, Int), groups: Int, dilation: (Int, Int), weight: Parameter, bias: Parameter?) {
        (self.inChannels, self.outChannels, self.kernelSize, self.stride) = (inChannels, outChannels, kernelSize, stride)
        (self.padding, self.outputPadding, self.groups, self.dilation) = (padding, outputPadding, groups, dilation)
        self.weight = weight
        self.bias = bias
        super.init()
    }

    /// A square kernel with equal strides and paddings.
    public convenience init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                            outputPadding: Int = 0, bias: Bool = true, generator: Generator? = nil) {
        self.init(inChannels, outChannels, kernelSize: (kernelSize, kernelSize), stride: (stride, stride),
                  padding: (padding, padding), outputPadding: (outputPadding, outputPadding), bias: bias,
                  generator: generator)
    }

    /// Re-draws the parameters as the initialiser does (`reset_parameters`).
    open func resetParameters(generator: Generator? = nil) {
        Init.defaultAffine_(weight: weight, bias: bias, generator: generator)
    }

    /// ``Functional/convTranspose2d(_:weight:bias:stride:padding:outputPadding:groups:dilation:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.convTranspose2d(input, weight: weight, bias: bias, stride: stride, padding: padding,
                                   outputPadding: outputPadding, groups: groups, dilation: dilation)
    }

    /// `16, 8, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), output_padding=(1, 1)`.
    open override var extraRepr: String {
        ConvolutionRepr.describe(
            inChannels: inChannels, outChannels: outChannels, kernel: [kernelSize.0, kernelSize.1],
            stride: [stride.0, stride.1],
            padding: ConvolutionRepr.padding(.explicit(padding.0, padding.1), dimensions: 2),
            dilation: [dilation.0, dilation.1], outputPadding: [outputPadding.0, outputPadding.1], groups: groups,
            hasBias: bias != nil)
    }
}
