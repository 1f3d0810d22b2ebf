/// Smooth L1 loss (`torch.nn.SmoothL1Loss`): quadratic below `beta`, linear above.
open class SmoothL1Loss: Loss {
    /// Where the loss turns from quadratic to linear.
    public let beta: Double

    /// A loss with the given reduction and `beta`.
    public init(reduction: Reduction = .mean, beta: Double = 1) {
        self.beta = beta
        super.init(reduction: reduction)
    }

    /// ``Functional/smoothL1Loss(_:_:reduction:beta:)``.
    open override func forward(_ input: Tensor, _ target: Tensor) -> Tensor {
        Functional.smoothL1Loss(input, target, reduction: reduction, beta: beta)
    }
}

/// Huber loss (`torch.nn.HuberLoss`): quadratic below `delta`, linear (slope `delta`) above.
open class HuberLoss: Loss {
    /// Where the loss turns from quadratic to linear.
    public let delta: Double

    /// A loss with the given reduction and `delta`.
    public init(reduction: Reduction = .mean, delta: Double = 1) {
        self.delta = delta
        super.init(reduction: reduction)
    }

    /// ``Functional/huberLoss(_:_:reduction:delta:)``.
    open override func forward(_ input: Tensor, _ target: Tensor) -> Tensor {
        Functional.huberLoss(input, target, reduction: reduction, delta: delta)
    }
}

/// Logistic loss for ±1 targets (`torch.nn.SoftMarginLoss`).
open class SoftMarginLoss: Loss {
    /// ``Functional/softMarginLoss(_:_:reduction:)``.
    open override func forward(_ input: Tensor, _ target: Tensor) -> Tensor {
        Functional.softMarginLoss(input, target, reduction: reduction)
    }
}

/// Hinge embedding loss for ±1 targets (`torch.nn.HingeEmbeddingLoss`).
open class HingeEmbeddingLoss: Loss {
    /// The margin for -1 targets.
    public let margin: Double

    /// A loss with the given margin and reduction.
    public init(margin: Double = 1, reduction: Reduction = .mean) {
        self.margin = margin
        super.init(reduction: reduction)
    }

    /// ``Functional/hingeEmbeddingLoss(_:_:margin:reduction:)``.
    open override func forward(_ input: Tensor, _ target: Tensor) -> Tensor {
        Functional.hingeEmbeddingLoss(input, target, margin: margin, reduction: reduction)
    }
}

/// Kullback–Leibler divergence loss (`torch.nn.KLDivLoss`), with `batchmean` among its reductions.
open class KLDivLoss: Module {
    /// How the per-element terms are combined.
    public let reduction: Functional.KLDivReduction
    /// Whether the target is given as log-probabilities.
    public let logTarget: Bool

    /// A loss with the given reduction.
    public init(reduction: Functional.KLDivReduction = .mean, logTarget: Bool = false) {
        self.reduction = reduction
        self.logTarget = logTarget
        super.init()
    }

    /// ``Functional/klDivLoss(_:_:reduction:logTarget:)``.
    open func forward(_ input: Tensor, _ target: Tensor) -> Tensor {
        Functional.klDivLoss(input, target, reduction: reduction, logTarget: logTarget)
    }

    /// The divergence of `target` from `input` (log-probabilities).
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        callForward(forward, input, target, labels: ["input", "target"])
    }
}

/// A loss of two inputs and a ±1 target (PyTorch's `MarginRankingLoss`, `CosineEmbeddingLoss`), called as
/// `loss(x1, x2, y)`.
open class PairLoss: Module {
    /// The margin.
    public let margin: Double
    /// How the per-sample losses are combined.
    public let reduction: Reduction

    /// A loss with the given margin and reduction.
    public init(margin: Double = 0, reduction: Reduction = .mean) {
        self.margin = margin
        self.reduction = reduction
        super.init()
    }

    /// The loss of `input1` and `input2` against `target`. Subclasses override it.
    open func forward(_ input1: Tensor, _ input2: Tensor, _ target: Tensor) -> Tensor {
        fatalError("Module [\(typeName)] is missing the required \"forward\" function")
    }

    /// The loss, with hooks.
    public func callAsFunction(_ input1: Tensor, _ input2: Tensor, _ target: Tensor) -> Tensor {
        callForward(forward, input1, input2, target, labels: ["input1", "input2", "target"])
    }
}

/// `max(0, -y·(x1 - x2) + margin)` (`torch.nn.MarginRankingLoss`).
open class MarginRankingLoss: PairLoss {
    /// ``Functional/marginRankingLoss(_:_:_:margin:reduction:)``.
    open override func forward(_ input1: Tensor, _ input2: Tensor, _ target: Tensor) -> Tensor {
        Functional.marginRankingLoss(input1, input2, target, margin: margin, reduction: reduction)
    }
}

/// Cosine embedding loss (`torch.nn.CosineEmbeddingLoss`).
open class CosineEmbeddingLoss: PairLoss {
    /// ``Functional/cosineEmbeddingLoss(_:_:_:margin:reduction:)``.
    open override func forward(_ input1: Tensor, _ input2: Tensor, _ target: Tensor) -> Tensor {
        Functional.cosineEmbeddingLoss(input1, input2, target, margin: margin, reduction: reduction)
    }
}

/// Poisson negative log-likelihood (`torch.nn.PoissonNLLLoss`).
open class PoissonNLLLoss: Loss {
    /// Whether the input is a log-rate (otherwise a rate).
    public let logInput: Bool
    /// Whether Stirling's approximation of `log(t!)` is added.
    public let full: Bool
    /// Added to a rate before its logarithm.
    public let eps: Double

    /// A loss with PyTorch's defaults.
    public init(logInput: Bool = true, full: Bool = false, eps: Double = 1e-8, reduction: Reduction = .mean) {
        (self.logInput, self.full, self.eps) = (logInput, full, eps)
        super.init(reduction: reduction)
    }

    /// ``Functional/poissonNLLLoss(_:_:logInput:full:eps:reduction:)``.
    open override func forward(_ input: Tensor, _ target: Tensor) -> Tensor {
        Functional.poissonNLLLoss(input, target, logInput: logInput, full: full, eps: eps, reduction: reduction)
    }
}

/// Gaussian negative log-likelihood (`torch.nn.GaussianNLLLoss`), called `loss(input, target, var)`.
open class GaussianNLLLoss: Module {
    /// Whether the constant `½·log 2π` is added.
    public let full: Bool
    /// The smallest variance used.
    public let eps: Double
    /// How the per-element losses are combined.
    public let reduction: Reduction

    /// A loss with PyTorch's defaults.
    public init(full: Bool = false, eps: Double = 1e-6, reduction: Reduction = .mean) {
        (self.full, self.eps, self.reduction) = (full, eps, reduction)
        super.init()
    }

    /// ``Functional/gaussianNLLLoss(_:_:_:full:eps:reduction:)``.
    open func forward(_ input: Tensor, _ target: Tensor, _ variance: Tensor) -> Tensor {
        Functional.gaussianNLLLoss(input, target, variance, full: full, eps: eps, reduction: reduction)
    }

    /// The loss, with hooks.
    public func callAsFunction(_ input: Tensor, _ target: Tensor, _ variance: Tensor) -> Tensor {
        callForward(forward, input, target, variance, labels: ["input", "target", "var"])
    }
}
