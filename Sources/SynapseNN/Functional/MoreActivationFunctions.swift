/// SELU's constants, as PyTorch spells them.
private let seluAlpha = 1.6732632423543772848170429916717
private let seluScale = 1.0507009873554804934193349852946

extension Functional {
    /// `x` where positive, `alpha · (exp(x) - 1)` elsewhere (`F.elu`); the gradient at 0 is `alpha`, as in PyTorch.
    public static func elu(_ input: Tensor, alpha: Double = 1.0) -> Tensor {
        scaledELU(input, alpha: alpha, scale: 1, inputScale: 1)
    }

    /// `scale · elu(x, alpha)` with PyTorch's fixed `alpha ≈ 1.6733` and `scale ≈ 1.0507` (`F.selu`).
    public static func selu(_ input: Tensor) -> Tensor {
        scaledELU(input, alpha: seluAlpha, scale: seluScale, inputScale: 1)
    }

    /// `x` where positive, `alpha · (exp(x / alpha) - 1)` elsewhere (`F.celu`).
    public static func celu(_ input: Tensor, alpha: Double = 1.0) -> Tensor {
        check(alpha != 0, "ZeroDivisionError: alpha cannot be 0 for CELU")
        return scaledELU(input, alpha: alpha, scale: 1, inputScale: 1 / alpha)
    }

    /// PyTorch's shared ELU kernel: `scale · x` where positive, `scale · alpha · (exp(inputScale · x) - 1)`
    /// elsewhere. The negative branch only sees non-positive inputs, so large inputs can't overflow its gradient.
    private static func scaledELU(_ input: Tensor, alpha: Double, scale: Double, inputScale: Double) -> Tensor {
        let positive = input .> 0
        let negativePart = input.maskedFill(positive, 0)
        let negative = ((negativePart * inputScale).exp() - 1) * (alpha * scale)
        return Tensor.where(positive, scale == 1 ? input : input * scale, negative)
    }

    /// `log(1 + exp(beta · x)) / beta`, reverting to `x` where `beta · x > threshold` (`F.softplus`).
    public static func softplus(_ input: Tensor, beta: Double = 1.0, threshold: Double = 20.0) -> Tensor {
        let scaled = input * beta
        let linear = scaled .> threshold
        let curved = (scaled.maskedFill(linear, 0).exp() + 1).log() / beta
        return Tensor.where(linear, input, curved)
    }

    /// `x / (1 + |x|)` (`F.softsign`).
    public static func softsign(_ input: Tensor) -> Tensor { input / (input.abs() + 1) }

    /// `x · relu6(x + 3) / 6` (`F.hardswish`), with PyTorch's gradient: `x / 3 + 0.5` strictly inside
    /// `(-3, 3)`, 0 at and below -3, 1 at and above 3.
    public static func hardswish(_ input: Tensor) -> Tensor {
        let middle = input * (input + 3) / 6
        return Tensor.where(input .>= 3, input, middle.maskedFill(input .<= -3, 0))
    }

    /// `relu6(x + 3) / 6` (`F.hardsigmoid`); the gradient is `1/6` strictly inside `(-3, 3)` and 0 elsewhere.
    public static func hardsigmoid(_ input: Tensor) -> Tensor {
        ((input + 3) / 6).maskedFill(input .<= -3, 0).maskedFill(input .>= 3, 1)
    }

    /// `x` clamped to `[minVal, maxVal]` (`F.hardtanh`); the gradient is 1 strictly inside and 0 at and past
    /// the bounds, as in PyTorch.
    public static func hardtanh(_ input: Tensor, minVal: Double = -1.0, maxVal: Double = 1.0) -> Tensor {
        check(minVal <= maxVal, "min_val cannot be greater than max_val")
        return input.maskedFill(input .<= minVal, minVal).maskedFill(input .>= maxVal, maxVal)
    }

    /// `min(max(0, x), 6)` (`F.relu6`): ``hardtanh(_:minVal:maxVal:)`` on `[0, 6]`.
    public static func relu6(_ input: Tensor) -> Tensor { hardtanh(input, minVal: 0, maxVal: 6) }

    /// `x · tanh(softplus(x))` (`F.mish`).
    public static func mish(_ input: Tensor) -> Tensor { input * softplus(input).tanh() }

    /// Gated linear unit (`F.glu`): the first half of `dim` times the sigmoid of the second half.
    public static func glu(_ input: Tensor, dim: Int = -1) -> Tensor {
        check(input.rank > 0, "glu does not support scalars because halving size must be even")
        let size = input.size(dim)
        check(size % 2 == 0, "Halving dimension must be even, but dimension \(dim < 0 ? dim + input.rank : dim) "
            + "is size \(size)")
        let halves = input.chunk(2, dim: dim)
        return halves[0] * halves[1].sigmoid()
    }

    /// `softmax(-x)` along `dim` (`F.softmin`).
    public static func softmin(_ input: Tensor, dim: Int) -> Tensor { input.neg().softmax(dim: dim) }

    /// `log(sigmoid(x))`, computed as `-softplus(-x)` so it stays finite (`F.logsigmoid`).
    public static func logsigmoid(_ input: Tensor) -> Tensor { softplus(input.neg()).neg() }

    /// `x - tanh(x)` (`F.tanhshrink`).
    public static func tanhshrink(_ input: Tensor) -> Tensor { input - input.tanh() }

    /// `x` where `x > threshold`, `value` elsewhere (`F.threshold`).
    public static func threshold(_ input: Tensor, threshold: Double, value: Double) -> Tensor {
        input.maskedFill(input .<= threshold, value)
    }

    /// `x` where positive, `weight · x` elsewhere (`F.prelu`): a one-element `weight` applies everywhere,
    /// otherwise its `C` elements apply along dimension 1 of an input `[N, C, ...]`.
    public static func prelu(_ input: Tensor, weight: Tensor) -> Tensor {
        check(weight.rank <= 1, "prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = \(weight.rank)")
        let count = weight.numel
        let channels = input.rank > 1 ? input.shape[1] : 1
        check(count == 1 || count == channels, "Mismatch of parameter numbers and input channel size. Found "
            + "parameter numbers = \(count) and channel size = \(channels).")
        var shape = [Int](repeating: 1, count: input.rank)
        if input.rank > 1 { shape[1] = count }
        return Tensor.where(input .> 0, input, weight.reshape(shape) * input)
    }
}
