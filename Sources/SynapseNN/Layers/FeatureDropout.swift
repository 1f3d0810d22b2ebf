/// Zeroes whole channels (`torch.nn.Dropout1d`, `Dropout2d`, `Dropout3d`): in training each channel of each
/// sample is kept with probability `1 - p` (and scaled by `1 / (1 - p)`) or zeroed, the mask `[N, C, 1, …]` drawn
/// as PyTorch's `feature_dropout` draws it, so the same seed drops the same channels.
open class FeatureDropout: DropoutBase {
    /// The rank of an unbatched input (`[C, L]`: 2 for 1-d), or `nil` when every rank is taken as batched.
    let unbatchedRank: Int?
    /// The ranks the layer accepts.
    let acceptedRanks: [Int]

    init(p: Double, inplace: Bool, generator: Generator?, unbatchedRank: Int?, acceptedRanks: [Int]) {
        self.unbatchedRank = unbatchedRank
        self.acceptedRanks = acceptedRanks
        super.init(p, inplace: inplace, generator: generator)
    }

    /// The input with dropped channels zeroed (training), or the input itself (evaluation).
    open override func forward(_ input: Tensor) -> Tensor {
        check(acceptedRanks.contains(input.rank),
              "\(typeName.lowercased()): Expected \(acceptedRanks.map { "\($0)D" }.joined(separator: " or ")) input, but received a \(input.rank)D input")
        if input.rank == unbatchedRank {
            return Functional.featureDropout(input.unsqueeze(0), p: p, training: training, generator: generator).squeeze(0)
        }
        return Functional.featureDropout(input, p: p, training: training, generator: generator)
    }
}

/// Channel dropout of `[N, C, L]` or `[C, L]` inputs (`torch.nn.Dropout1d`).
open class Dropout1d: FeatureDropout {
    /// A layer dropping channels with probability `p`.
    public init(_ p: Double = 0.5, inplace: Bool = false, generator: Generator? = nil) {
        super.init(p: p, inplace: inplace, generator: generator, unbatchedRank: 2, acceptedRanks: [2, 3])
    }
}

/// Channel dropout of `[N, C, H, W]` inputs (`torch.nn.Dropout2d`; a 3-D input is taken as `[N, C, L]`, as
/// PyTorch does, with its warning's meaning).
open class Dropout2d: FeatureDropout {
    /// A layer dropping channels with probability `p`.
    public init(_ p: Double = 0.5, inplace: Bool = false, generator: Generator? = nil) {
        super.init(p: p, inplace: inplace, generator: generator, unbatchedRank: nil, acceptedRanks: [3, 4])
    }
}

/// Channel dropout of `[N, C, D, H, W]` or `[C, D, H, W]` inputs (`torch.nn.Dropout3d`).
open class Dropout3d: FeatureDropout {
    /// A layer dropping channels with probability `p`.
    public init(_ p: Double = 0.5, inplace: Bool = false, generator: Generator? = nil) {
        super.init(p: p, inplace: inplace, generator: generator, unbatchedRank: 4, acceptedRanks: [4, 5])
    }
}

extension Functional {
    /// Channel dropout (`torch.feature_dropout`): a `[N, C, 1, …]` mask drawn with `bernoulli_(1 - p)` and divided
    /// by `1 - p`, multiplied into the input. The identity when not `training` or `p` is 0.
    public static func featureDropout(_ input: Tensor, p: Double, training: Bool = true, generator: Generator? = nil)
        -> Tensor {
        check(p >= 0 && p <= 1, "dropout probability has to be between 0 and 1, but got \(p)")
        guard training, p > 0, input.numel > 0 else { return input }
        check(input.rank >= 2, "Feature dropout requires at least 2 dimensions in the input")
        if p == 1 { return input * 0 }
        let shape = [input.shape[0], input.shape[1]] + Array(repeating: 1, count: input.rank - 2)
        let noise = noGrad { Tensor.empty(shape, dtype: input.dtype).bernoulli_(1 - p, generator: generator).div_(1 - p) }
        return input * noise
    }
}

/// Dropout that keeps a SELU network's mean and variance (`torch.nn.AlphaDropout`): dropped elements are set to
/// SELU's negative saturation and the result is rescaled, the mask drawn as PyTorch's `alpha_dropout` draws it.
open class AlphaDropout: DropoutBase {

    /// ``Functional/alphaDropout(_:p:training:generator:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.alphaDropout(input, p: p, training: training, generator: generator)
    }
}

/// Alpha dropout of whole channels (`torch.nn.FeatureAlphaDropout`): ``AlphaDropout``'s rule with one mask
/// draw per channel of each sample (`[N, C, 1, …]`).
open class FeatureAlphaDropout: DropoutBase {

    /// ``Functional/featureAlphaDropout(_:p:training:generator:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.featureAlphaDropout(input, p: p, training: training, generator: generator)
    }
}

extension Functional {
    /// Alpha dropout (`F.alpha_dropout`): with `noise = bernoulli_(1 - p)`, `a = 1/√((α²p + 1)(1 - p))` and
    /// SELU's `α = 1.7580993408473766`, the result is `x·(noise·a) + (noise - 1)·α·a + α·a·p`. The identity when
    /// not `training` or `p` is 0.
    public static func alphaDropout(_ input: Tensor, p: Double, training: Bool = true, generator: Generator? = nil)
        -> Tensor {
        alphaDropout(input, p: p, training: training, generator: generator, perChannel: false)
    }

    /// Channel alpha dropout (`F.feature_alpha_dropout`): ``alphaDropout(_:p:training:generator:)`` with the noise
    /// drawn per channel of each sample, `[N, C, 1, …]`.
    public static func featureAlphaDropout(_ input: Tensor, p: Double, training: Bool = true,
                                           generator: Generator? = nil) -> Tensor {
        alphaDropout(input, p: p, training: training, generator: generator, perChannel: true)
    }

    /// PyTorch's `_dropout_impl` for the alpha variants.
    private static func alphaDropout(_ input: Tensor, p: Double, training: Bool, generator: Generator?,
                                     perChannel: Bool) -> Tensor {
        check(p >= 0 && p <= 1, "dropout probability has to be between 0 and 1, but got \(p)")
        guard training, p > 0, input.numel > 0 else { return input }
        check(!perChannel || input.rank >= 2, "Feature dropout requires at least 2 dimensions in the input")
        if p == 1 { return input * 0 }
        let alpha = 1.7580993408473766
        let a = 1 / ((alpha * alpha * p + 1) * (1 - p)).squareRoot()
        let shape = perChannel ? [input.shape[0], input.shape[1]] + Array(repeating: 1, count: input.rank - 2)
            : input.shape
        let (scale, shift) = noGrad { () -> (Tensor, Tensor) in
            let noise = Tensor.empty(shape, dtype: input.dtype).bernoulli_(1 - p, generator: generator)
            let shift = (noise - 1) * (alpha * a) + alpha * a * p
            return (noise.mul_(a), shift)
        }
        return input * scale + shift
    }
}
