/// What the lazy convolutions share: materialising a weight whose input-channel count becomes known, and a
/// bias, from their ``UninitializedParameter`` placeholders.
enum LazyParameters {
    /// The materialised weight of `shape` and the materialised bias (when there is one) of `outChannels`.
    static func materialize(weight: Parameter, bias: Parameter?, shape: [Int], outChannels: Int)
        -> (Parameter, Parameter?) {
        let weight = (weight as! UninitializedParameter).materialize(shape)
        let bias = (bias as? UninitializedParameter).map { $0.materialize([outChannels]) } ?? bias
        return (weight, bias)
    }

    /// The channel count of an input whose channels are `spatial + 1` dimensions from the end.
    static func channels(of input: Tensor, spatial: Int, name: String) -> Int {
        check(input.rank == spatial + 1 || input.rank == spatial + 2,
              "\(name) expects a \(spatial + 1)-D or \(spatial + 2)-D input, got \(input.rank)-D")
        return input.shape[input.rank - spatial - 1]
    }
}

/// A ``Conv1d`` that learns its input channels from its first input (`torch.nn.LazyConv1d`), drawing nothing until
/// then and initialising exactly as `Conv1d` would from the same generator state.
public final class LazyConv1d: Conv1d {
    private let generator: Generator?

    /// A convolution with `outChannels` outputs whose input channels are taken from its first input.
    public init(_ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: ConvPadding = .explicit(0, 0),
                dilation: Int = 1, groups: Int = 1, bias: Bool = true, dtype: DType = .float32,
                generator: Generator? = nil) {
        self.generator = generator
        super.init(inChannels: 0, outChannels: outChannels, kernelSize: kernelSize, stride: stride, padding: padding,
                   dilation: dilation, groups: groups, weight: UninitializedParameter(dtype: dtype),
                   bias: bias ? UninitializedParameter(dtype: dtype) : nil)
        registerLoadStateDictPreHook { module, state, prefix in
            guard let layer = module as? LazyConv1d, !layer.isMaterialized,
                  let weight = state[prefix + "weight"], weight.rank == 3 else { return }
            layer.materialize(inChannels: weight.shape[1] * layer.groups)
        }
    }

    /// Whether the parameters have their real shapes yet.
    public var isMaterialized: Bool { !(weight is UninitializedParameter) }

    /// `LazyConv1d` until materialised, then `Conv1d`.
    public override var typeName: String { isMaterialized ? "Conv1d" : "LazyConv1d" }

    /// Materialises and initialises the parameters on the first call, then runs ``Conv1d/forward(_:)``.
    public override func forward(_ input: Tensor) -> Tensor {
        if !isMaterialized {
            materialize(inChannels: LazyParameters.channels(of: input, spatial: 1, name: "LazyConv1d"))
            resetParameters(generator: generator)
        }
        return super.forward(input)
    }

    private func materialize(inChannels: Int) {
        check(inChannels % groups == 0, "in_channels must be divisible by groups")
        self.inChannels = inChannels
        (weight, bias) = LazyParameters.materialize(weight: weight, bias: bias,
                                                    shape: [outChannels, inChannels / groups, kernelSize],
                                                    outChannels: outChannels)
    }
}

/// A ``Conv3d`` that learns its input channels from its first input (`torch.nn.LazyConv3d`).
public final class LazyConv3d: Conv3d {
    private let generator: Generator?

    /// A convolution with `outChannels` outputs whose input channels are taken from its first input.
    public init(_ outChannels: Int, kernelSize: (Int, Int, Int), stride: (Int, Int, Int) = (1, 1, 1),
                padding: ConvPadding3d = 0, dilation: (Int, Int, Int) = (1, 1, 1), groups: Int = 1, bias: Bool = true,
                dtype: DType = .float32, generator: Generator? = nil) {
        self.generator = generator
        super.init(inChannels: 0, outChannels: outChannels, kernelSize: kernelSize, stride: stride, padding: padding,
                   dilation: dilation, groups: groups, weight: UninitializedParameter(dtype: dtype),
                   bias: bias ? UninitializedParameter(dtype: dtype) : nil)
        registerLoadStateDictPreHook { module, state, prefix in
            guard let layer = module as? LazyConv3d, !layer.isMaterialized,
                  let weight = state[prefix + "weight"], weight.rank == 5 else { return }
            layer.materialize(inChannels: weight.shape[1] * layer.groups)
        }
    }

    /// Whether the parameters have their real shapes yet.
    public var isMaterialized: Bool { !(weight is UninitializedParameter) }

    /// `LazyConv3d` until materialised, then `Conv3d`.
    public override var typeName: String { isMaterialized ? "Conv3d" : "LazyConv3d" }

    /// Materialises and initialises the parameters on the first call, then runs ``Conv3d/forward(_:)``.
    public override func forward(_ input: Tensor) -> Tensor {
        if !isMaterialized {
            materialize(inChannels: LazyParameters.channels(of: input, spatial: 3, name: "LazyConv3d"))
            resetParameters(generator: generator)
        }
        return super.forward(input)
    }

    private func materialize(inChannels: Int) {
        check(inChannels % groups == 0, "in_channels must be divisible by groups")
        self.inChannels = inChannels
        (weight, bias) = LazyParameters.materialize(
            weight: weight, bias: bias, shape: [outChannels, inChannels / groups] + Functional.entries(kernelSize),
            outChannels: outChannels)
    }
}

/// A ``ConvTranspose1d`` that learns its input channels from its first input (`torch.nn.LazyConvTranspose1d`).
public final class LazyConvTranspose1d: ConvTranspose1d {
    private let generator: Generator?

    /// A transposed convolution with `outChannels` outputs whose input channels are taken from its first input.
    public init(_ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0, outputPadding: Int = 0,
                groups: Int = 1, bias: Bool = true, dilation: Int = 1, dtype: DType = .float32,
                generator: Generator? = nil) {
        self.generator = generator
        super.init(inChannels: 0, outChannels: outChannels, kernelSize: kernelSize, stride: stride, padding: padding,
                   outputPadding: outputPadding, groups: groups, dilation: dilation,
                   weight: UninitializedParameter(dtype: dtype), bias: bias ? UninitializedParameter(dtype: dtype) : nil)
        registerLoadStateDictPreHook { module, state, prefix in
            guard let layer = module as? LazyConvTranspose1d, !layer.isMaterialized,
                  let weight = state[prefix + "weight"], weight.rank == 3 else { return }
            layer.materialize(inChannels: weight.shape[0])
        }
    }

    /// Whether the parameters have their real shapes yet.
    public var isMaterialized: Bool { !(weight is UninitializedParameter) }

    /// `LazyConvTranspose1d` until materialised, then `ConvTranspose1d`.
    public override var typeName: String { isMaterialized ? "ConvTranspose1d" : "LazyConvTranspose1d" }

    /// Materialises and initialises the parameters on the first call, then runs the transposed convolution.
    public override func forward(_ input: Tensor) -> Tensor {
        if !isMaterialized {
            materialize(inChannels: LazyParameters.channels(of: input, spatial: 1, name: "LazyConvTranspose1d"))
            resetParameters(generator: generator)
        }
        return super.forward(input)
    }

    private func materialize(inChannels: Int) {
        check(inChannels % groups == 0, "in_channels must be divisible by groups")
        self.inChannels = inChannels
        (weight, bias) = LazyParameters.materialize(weight: weight, bias: bias,
                                                    shape: [inChannels, outChannels / groups, kernelSize],
                                                    outChannels: outChannels)
    }
}

/// A ``ConvTranspose2d`` that learns its input channels from its first input (`torch.nn.LazyConvTranspose2d`).
public final class LazyConvTranspose2d: ConvTranspose2d {
    private let generator: Generator?

    /// A transposed convolution with `outChannels` outputs whose input channels are taken from its first input.
    public init(_ outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
                outputPadding: (Int, Int) = (0, 0), groups: Int = 1, bias: Bool = true, dilation: (Int, Int) = (1, 1),
                dtype: DType = .float32, generator: Generator? = nil) {
        self.generator = generator
        super.init(inChannels: 0, outChannels: outChannels, kernelSize: kernelSize, stride: stride, padding: padding,
                   outputPadding: outputPadding, groups: groups, dilation: dilation,
                   weight: UninitializedParameter(dtype: dtype), bias: bias ? UninitializedParameter(dtype: dtype) : nil)
        registerLoadStateDictPreHook { module, state, prefix in
            guard let layer = module as? LazyConvTranspose2d, !layer.isMaterialized,
                  let weight = state[prefix + "weight"], weight.rank == 4 else { return }
            layer.materialize(inChannels: weight.shape[0])
        }
    }

    /// Whether the parameters have their real shapes yet.
    public var isMaterialized: Bool { !(weight is UninitializedParameter) }

    /// `LazyConvTranspose2d` until materialised, then `ConvTranspose2d`.
    public override var typeName: String { isMaterialized ? "ConvTranspose2d" : "LazyConvTranspose2d" }

    /// Materialises and initialises the parameters on the first call, then runs the transposed convolution.
    public override func forward(_ input: Tensor) -> Tensor {
        if !isMaterialized {
            materialize(inChannels: LazyParameters.channels(of: input, spatial: 2, name: "LazyConvTranspose2d"))
            resetParameters(generator: generator)
        }
        return super.forward(input)
    }

    private func materialize(inChannels: Int) {
        check(inChannels % groups == 0, "in_channels must be divisible by groups")
        self.inChannels = inChannels
        (weight, bias) = LazyParameters.materialize(
            weight: weight, bias: bias, shape: [inChannels, outChannels / groups, kernelSize.0, kernelSize.1],
            outChannels: outChannels)
    }
}

/// A ``ConvTranspose3d`` that learns its input channels from its first input (`torch.nn.LazyConvTranspose3d`).
public final class LazyConvTranspose3d: ConvTranspose3d {
    private let generator: Generator?

    /// A transposed convolution with `outChannels` outputs whose input channels are taken from its first input.
    public init(_ outChannels: Int, kernelSize: (Int, Int, Int), stride: (Int, Int, Int) = (1, 1, 1),
                padding: (Int, Int, Int) = (0, 0, 0), outputPadding: (Int, Int, Int) = (0, 0, 0), groups: Int = 1,
                bias: Bool = true, dilation: (Int, Int, Int) = (1, 1, 1), dtype: DType = .float32,
                generator: Generator? = nil) {
        self.generator = generator
        super.init(inChannels: 0, outChannels: outChannels, kernelSize: kernelSize, stride: stride, padding: padding,
                   outputPadding: outputPadding, groups: groups, dilation: dilation,
                   weight: UninitializedParameter(dtype: dtype), bias: bias ? UninitializedParameter(dtype: dtype) : nil)
        registerLoadStateDictPreHook { module, state, prefix in
            guard let layer = module as? LazyConvTranspose3d, !layer.isMaterialized,
                  let weight = state[prefix + "weight"], weight.rank == 5 else { return }
            layer.materialize(inChannels: weight.shape[0])
        }
    }

    /// Whether the parameters have their real shapes yet.
    public var isMaterialized: Bool { !(weight is UninitializedParameter) }

    /// `LazyConvTranspose3d` until materialised, then `ConvTranspose3d`.
    public override var typeName: String { isMaterialized ? "ConvTranspose3d" : "LazyConvTranspose3d" }

    /// Materialises and initialises the parameters on the first call, then runs the transposed convolution.
    public override func forward(_ input: Tensor) -> Tensor {
        if !isMaterialized {
            materialize(inChannels: LazyParameters.channels(of: input, spatial: 3, name: "LazyConvTranspose3d"))
            resetParameters(generator: generator)
        }
        return super.forward(input)
    }

    private func materialize(inChannels: Int) {
        check(inChannels % groups == 0, "in_channels must be divisible by groups")
        self.inChannels = inChannels
        (weight, bias) = LazyParameters.materialize(
            weight: weight, bias: bias, shape: [inChannels, outChannels / groups] + Functional.entries(kernelSize),
            outChannels: outChannels)
    }
}
