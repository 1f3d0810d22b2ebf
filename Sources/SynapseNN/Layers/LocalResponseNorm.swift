/// Local response normalisation across channels (`torch.nn.LocalResponseNorm`): each value divided by
/// `(k + alpha · mean of the squares of the size nearest channels)^beta`, over `[N, C, …]` inputs of at least three
/// dimensions.
open class LocalResponseNorm: Module {
    /// Number of neighbouring channels in each window.
    public let size: Int
    /// The multiplicative factor.
    public let alpha: Double
    /// The exponent.
    public let beta: Double
    /// The additive factor.
    public let k: Double

    /// A normalisation with PyTorch's defaults (`alpha=0.0001, beta=0.75, k=1.0`).
    public init(_ size: Int, alpha: Double = 1e-4, beta: Double = 0.75, k: Double = 1) {
        (self.size, self.alpha, self.beta, self.k) = (size, alpha, beta, k)
        super.init()
    }

    /// ``Functional/localResponseNorm(_:size:alpha:beta:k:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.localResponseNorm(input, size: size, alpha: alpha, beta: beta, k: k)
    }

    /// `2, alpha=0.0001, beta=0.75, k=1.0`.
    open override var extraRepr: String {
        "\(size), alpha=\(PythonFormat.repr(alpha)), beta=\(PythonFormat.repr(beta)), k=\(PythonFormat.repr(k))"
    }
}

extension Functional {
    /// `F.local_response_norm`, computed as PyTorch composes it: the squares averaged over a window of `size`
    /// channels (zero-padded by `size / 2` before and `(size - 1) / 2` after), then `input / (avg·alpha + k)^beta`.
    public static func localResponseNorm(_ input: Tensor, size: Int, alpha: Double = 1e-4, beta: Double = 0.75,
                                         k: Double = 1) -> Tensor {
        check(input.rank >= 3, "Expected 3D or higher dimensionality input (got \(input.rank) dimensions)")
        guard input.numel > 0 else { return input }
        let (batch, channels) = (input.shape[0], input.shape[1])
        // The channels as the height of one plane, the other dimensions as its width (the 3-D case's kernel
        // `(size, 1, 1)` averages the same cells).
        let squares = (input * input).reshape([batch, 1, channels, -1])
        let padded = pad(squares, [0, 0, size / 2, (size - 1) / 2])
        let average = avgPool2d(padded, kernelSize: (size, 1), stride: (1, 1)).reshape(input.shape)
        return input / (average * alpha + k).pow(beta)
    }
}
