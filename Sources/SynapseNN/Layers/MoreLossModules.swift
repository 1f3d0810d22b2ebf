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
