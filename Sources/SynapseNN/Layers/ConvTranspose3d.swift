/// 3-D transposed convolution (`torch.nn.ConvTranspose3d`): weight `[inChannels, outChannels / groups, kD, kH,
/// kW]`, bias `[outChannels]`, PyTorch's keys, printout and default initialisation.
open class ConvTranspose3d: Module {
    /// Channels of the input (0 for a ``LazyConvTranspose3d`` until its first forward pass).
    public internal(set) var inChannels: Int
    /// Channels of the output.
    public let outChannels: Int
    /// Kernel depth, height and width.
    public let kernelSize: (Int, Int, Int)
    /// Spacing of the input positions in the output.
    public let stride: (Int, Int, Int)
    /// Positions removed from each side of the output.
    public let padding: (Int, Int, Int)
    /// Positions added at the far side of the output.
    public let outputPadding: (Int, Int, Int)
    /// Number of blocked connections from input to output channels.
    public let groups: Int
    /// Spacing between kernel elements.
    public let dilation: (Int, Int, Int)
    /// The kernels.
    public var weight: Parameter
    /// The bias, or `nil`.
    public var bias: Parameter?

    /// A transposed convolution with PyTorch's default initialisation, drawn from `generator` (the default
    /// generator when `nil`).
    public convenience init(
        _ inChannels: Int, _ outChannels: Int, kernelSize: (Int, Int, Int), stride: (Int, Int, Int) = (1, 1, 1),
        padding: (Int, Int, Int) = (0, 0, 0), outputPadding: (Int, Int, Int) = (0, 0, 0), groups: Int = 1,
        bias: Bool = true, dilation: (Int, Int, Int) = (1, 1, 1), dtype: DType = .float32, generator: Generator? = nil
    ) {
        check(groups > 0 && inChannels % groups == 0 && outChannels % groups == 0,
              "in_channels and out_channels must be divisible by groups")
        let shape = [inChannels, outChannels / groups, kernelSize.0, kernelSize.1, kernelSize.2]
        self.init(inChannels: inChannels, outChannels: outChannels, kernelSize: kernelSize, stride: stride,
                  padding: padding, outputPadding: outputPadding, groups: groups, dilation: dilation,
                  weight: Parameter(Tensor.empty(shape, dtype: dtype)),
                  bias: bias ? Parameter(Tensor.empty([outChannels], dtype: dtype)) : nil)
        resetParameters(generator: generator)
    }

    /// A cubic kernel with equal strides and paddings.
    public convenience init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                            outputPadding: Int = 0, bias: Bool = true, dtype: DType = .float32,
                            generator: Generator? = nil) {
        self.init(inChannels, outChannels, kernelSize: (kernelSize, kernelSize, kernelSize),
                  stride: (stride, stride, stride), padding: (padding, padding, padding),
                  outputPadding: (outputPadding, outputPadding, outputPadding), bias: bias, dtype: dtype,
                  generator: generator)
    }

    /// A layer holding the given parameters as they are, drawing nothing.
    init(inChannels: Int, outChannels: Int, kernelSize: (Int, Int, Int), stride: (Int, Int, Int),
         padding: (Int, Int, Int), outputPadding: (Int, Int, Int), groups: Int, dilation: (Int, Int, Int),
         weight: Parameter, bias: Parameter?) {
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

    /// ``Functional/convTranspose3d(_:weight:bias:stride:padding:outputPadding:groups:dilation:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.convTranspose3d(input, weight: weight, bias: bias, stride: stride, padding: padding,
                                   outputPadding: outputPadding, groups: groups, dilation: dilation)
    }

    /// `4, 2, kernel_size=(3, 3, 3), stride=(2, 2, 2), padding=(1, 1, 1)`.
    open override var extraRepr: String {
        let padding = Functional.entries(self.padding)
        return ConvolutionRepr.describe(
            inChannels: inChannels, outChannels: outChannels, kernel: Functional.entries(kernelSize),
            stride: Functional.entries(stride),
            padding: padding.allSatisfy { $0 == 0 } ? nil : ConvolutionRepr.tuple(padding),
            dilation: Functional.entries(dilation), outputPadding: Functional.entries(outputPadding), groups: groups,
            hasBias: bias != nil)
    }
}
