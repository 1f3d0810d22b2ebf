extension Functional {
    /// `max(0, x)` (`F.relu`).
    public static func relu(_ input: Tensor) -> Tensor { input.relu() }

    /// `x` where positive, `negativeSlope · x` elsewhere (`F.leaky_relu`).
    public static func leakyReLU(_ input: Tensor, negativeSlope: Double = 0.01) -> Tensor {
        Tensor.where(input .> 0, input, input * negativeSlope)
    }

    /// How ``gelu(_:approximate:)`` evaluates the Gaussian CDF.
    public enum GELUApproximation: String, Sendable {
        /// The exact `0.5 · x · (1 + erf(x / √2))`.
        case none
        /// `0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³)))`.
        case tanh
    }

    /// Gaussian error linear unit (`F.gelu`), recorded as `GeluBackward0`.
    public static func gelu(_ input: Tensor, approximate: GELUApproximation = .none) -> Tensor {
        input.gelu(tanhApproximation: approximate == .tanh)
    }

    /// `x · sigmoid(x)` (`F.silu`).
    public static func silu(_ input: Tensor) -> Tensor { input * input.sigmoid() }

    /// `exp(x) / Σ exp(x)` along `dim`, computed from `x - max` so large inputs don't overflow (`F.softmax`):
    /// ``/SynapseTensor/Tensor/softmax(dim:)``, one operation recorded as `SoftmaxBackward0`.
    public static func softmax(_ input: Tensor, dim: Int) -> Tensor { input.softmax(dim: dim) }

    /// `x - log Σ exp(x)` along `dim` (`F.log_softmax`): ``/SynapseTensor/Tensor/logSoftmax(dim:)``, one operation recorded as
    /// `LogSoftmaxBackward0`.
    public static func logSoftmax(_ input: Tensor, dim: Int) -> Tensor { input.logSoftmax(dim: dim) }

    /// Zeroes each element with probability `p` and scales the others by `1 / (1 - p)` in training
    /// (`F.dropout`): the mask is `bernoulli_(1 - p)` drawn from `generator` exactly as PyTorch draws it, so the
    /// same seed drops the same elements. The identity when not `training` or when `p` is 0.
    public static func dropout(_ input: Tensor, p: Double = 0.5, training: Bool = true, generator: Generator? = nil)
        -> Tensor {
        check(p >= 0 && p <= 1, "dropout probability has to be between 0 and 1, but got \(p)")
        guard training, p > 0 else { return input }
        if p == 1 { return input * 0 }
        let noise = noGrad { Tensor.emptyLike(input).bernoulli_(1 - p, generator: generator).div_(1 - p) }
        return input * noise
    }
}
