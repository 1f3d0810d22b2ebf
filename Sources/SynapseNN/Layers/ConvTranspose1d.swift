/// 1-D transposed convolution (`torch.nn.ConvTranspose1d`): weight `[inChannels, outChannels / groups, k]`, bias
/// `[outChannels]`, PyTorch's keys, printout and default initialisation.
open class ConvTranspose1d: Module {
    /// Channels of the input (0 for a ``LazyConvTranspose1d`` until its first forward pass).
    public internal(set) var inChannels: Int
    /// Channels of the output.
    public let outChannels: Int
    /// Kernel length.
    public let kernelSize: Int
    /// Spacing of the input positions in the output.
    public let stride: Int
    /// Positions removed from each end of the output.
    public let padding: Int
    /// Positions added at the end of the output.
    public let outputPadding: Int
    /// Number of blocked connections from input to output channels.
    public let groups: Int
    /// Spacing between kernel elements.
    public let dilation: Int
    /// The kernels.
    public var weight: Parameter
    /// The bias, or `nil`.
    public var bias: Parameter?

    /// A transposed convolution with PyTorch's default initialisation, drawn from `generator` (the default
    /// generator when `nil`).
    public convenience init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        outputPadding: Int = 0, groups: Int = 1, bias: Bool = true, dilation: Int = 1, dtype: DType = .float32,
        generator: Generator? = nil
    ) {
        check(groups > 0 && inChannels % groups == 0 && outChannels % groups == 0,
              "in_channels and out_channels must be divisible by groups")
        self.init(inChannels: inChannels, outChannels: outChannels, kernelSize: kernelSize, stride: stride,
                  padding: padding, outputPadding: outputPadding, groups: groups, dilation: dilation,
                  weight: Parameter(Tensor.empty([inChannels, outChannels / groups, kernelSize], dtype: dtype)),
                  bias: bias ? Parameter(Tensor.empty([outChannels], dtype: dtype)) : nil)
        resetParameters(generator: generator)
    }

    /// A layer holding the given parameters as they are, drawing nothing.
    init(inChannels: Int, outChannels: Int, kernelSize: Int, stride: Int, padding: Int, outputPadding: Int,
         groups: Int, dilation: Int, weight: Parameter, bias: Parameter?) {
        (self.inChannels, self.outChannels, self.kernelSize, self.stride) = (inChannels, outChannels, kernelSize, stride)
        (self.padding, self.outputPadding, self.groups, self.dilation) = (padding, outputPadding, groups, dilation)
        self.weight = weight
        self.bias = bias
        super.init()
    }

    /// Re-draws the parameters as the initialiser does (`reset_parameters`).
    open func resetParameters(generator: Generator? = nil) {
        Init.defaultAffine_(weight: weight, bias: bias, generator: generator)
    }

    /// ``Functional/convTranspose1d(_:weight:bias:stride:padding:outputPadding:groups:dilation:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.convTranspose1d(input, weight: weight, bias: bias, stride: stride, padding: padding,
                                   outputPadding: outputPadding, groups: groups, dilation: dilation)
    }

    /// `4, 2, kernel_size=(3,), stride=(2,), output_padding=(1,)`.
    open override var extraRepr: String {
        ConvolutionRepr.describe(
            inChannels: inChannels, outChannels: outChannels, kernel: [kernelSize], stride: [stride],
            padding: padding == 0 ? nil : ConvolutionRepr.tuple([padding]), dilation: [dilation],
            outputPadding: [outputPadding], groups: groups, hasBias: bias != nil)
    }
}
