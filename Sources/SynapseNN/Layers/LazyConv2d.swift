/// A ``Conv2d`` that learns its input channels from its first input (`torch.nn.LazyConv2d`): no random numbers
/// drawn at construction, `in_channels=0` and `<UninitializedParameter>` until then; the first forward pass
/// materialises and initialises the parameters exactly as `Conv2d` would from the same generator state, and from
/// then on it is an ordinary `Conv2d`, printed as one.
public final class LazyConv2d: Conv2d {
    /// Where the initial values are drawn from when the layer materialises (the default generator when `nil`).
    private let generator: Generator?

    /// A convolution with `outChannels` outputs whose input channels are taken from its first input.
    public init(
        _ outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1), padding: ConvPadding = .explicit(0, 0),
        dilation: (Int, Int) = (1, 1), groups: Int = 1, bias: Bool = true, dtype: DType = .float32,
        generator: Generator? = nil
    ) {
        self.generator = generator
        super.init(inChannels: 0, outChannels: outChannels, kernelSize: kernelSize, stride: stride, padding: padding,
                   dilation: dilation, groups: groups, weight: UninitializedParameter(dtype: dtype),
                   bias: bias ? UninitializedParameter(dtype: dtype) : nil)
        registerLoadStateDictPreHook { module, state, prefix in
            guard let layer = module as? LazyConv2d, !layer.isMaterialized,
                  let weight = state[prefix + "weight"], weight.rank == 4 else { return }
            layer.materialize(inChannels: weight.shape[1] * layer.groups)
        }
    }

    /// A square kernel: `LazyConv2d(8, kernelSize: 3)`.
    public convenience init(_ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: ConvPadding = .explicit(0, 0),
                            bias: Bool = true, generator: Generator? = nil) {
        self.init(outChannels, kernelSize: (kernelSize, kernelSize), stride: (stride, stride), padding: padding,
                  bias: bias, generator: generator)
    }

    /// Whether the parameters have their real shapes yet.
    public var isMaterialized: Bool { !(weight is UninitializedParameter) }

    /// `LazyConv2d` until materialised, then `Conv2d`, as PyTorch swaps the class.
    public override var typeName: String { isMaterialized ? "Conv2d" : "LazyConv2d" }

    /// Materialises and initialises the parameters on the first call, then runs ``Conv2d/forward(_:)``.
    public override func forward(_ input: Tensor) -> Tensor {
        if !isMaterialized {
            check(input.rank == 3 || input.rank == 4, "LazyConv2d expects a 3-D or 4-D input, got \(input.rank)-D")
            materialize(inChannels: input.shape[input.rank - 3])
            resetParameters(generator: generator)
        }
        return super.forward(input)
    }

    private func materialize(inChannels: Int) {
        check(inChannels % groups == 0, "in_channels must be divisible by groups")
        self.inChannels = inChannels
        weight = (weight as! UninitializedParameter)
            .materialize([outChannels, inChannels / groups, kernelSize.0, kernelSize.1])
        if let pending = bias as? UninitializedParameter { bias = pending.materialize([outChannels]) }
    }
}
