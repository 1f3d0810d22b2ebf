/// A loss as a module (PyTorch's `_Loss`): called with an input and a target, reduced as ``reduction`` says.
///
/// ```swift
/// let loss = MSELoss()(net(x), y)
/// ```
open class Loss: Module {
    /// How the per-element losses are combined.
    public let reduction: Reduction

    /// A loss with the given reduction.
    public init(reduction: Reduction = .mean) {
        self.reduction = reduction
        super.init()
    }

    /// The loss of `input` against `target`. Subclasses override it.
    open func forward(_ input: Tensor, _ target: Tensor) -> Tensor {
        fatalError("Module [\(typeName)] is missing the required \"forward\" function")
    }

    /// Losses take a target too: call ``callAsFunction(_:_:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        fatalError("\(typeName) needs a target: call it as loss(input, target)")
    }

    /// The loss of `input` against `target`.
    public func callAsFunction(_ input: Tensor, _ target: Tensor) -> Tensor {
        callForward(forward, input, target, labels: ["input", "target"])
    }
}

/// Mean squared error (`torch.nn.MSELoss`).
open class MSELoss: Loss {
    /// ``Functional/mseLoss(_:_:reduction:)``.
    open override func forward(_ input: Tensor, _ target: Tensor) -> Tensor {
        Functional.mseLoss(input, target, reduction: reduction)
    }
}

/// Mean absolute error (`torch.nn.L1Loss`).
open class L1Loss: Loss {
    /// ``Functional/l1Loss(_:_:reduction:)``.
    open override func forward(_ input: Tensor, _ target: Tensor) -> Tensor {
        Functional.l1Loss(input, target, reduction: reduction)
    }
}

/// Negative log-likelihood of class indices under log-probabilities (`torch.nn.NLLLoss`).
open class NLLLoss: Loss {
    /// Per-class weights, or `nil`.
    public let weight: Tensor?
    /// A target value that contributes nothing.
    public let ignoreIndex: Int

    /// A loss with optional class weights and an ignored index.
    public init(weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: Reduction = .mean) {
        self.weight = weight
        self.ignoreIndex = ignoreIndex
        super.init(reduction: reduction)
    }

    /// ``Functional/nllLoss(_:_:weight:ignoreIndex:reduction:)``.
    open override func forward(_ input: Tensor, _ target: Tensor) -> Tensor {
        Functional.nllLoss(input, target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
    }
}

/// Cross entropy of logits against class indices or probabilities (`torch.nn.CrossEntropyLoss`).
open class CrossEntropyLoss: Loss {
    /// Per-class weights, or `nil`.
    public let weight: Tensor?
    /// A target index that contributes nothing.
    public let ignoreIndex: Int
    /// How much probability is spread uniformly over the classes.
    public let labelSmoothing: Double

    /// A loss with optional class weights, an ignored index and label smoothing.
    public init(weight: Tensor? = nil, ignoreIndex: Int = -100, reduction: Reduction = .mean,
                labelSmoothing: Double = 0) {
        self.weight = weight
        self.ignoreIndex = ignoreIndex
        self.labelSmoothing = labelSmoothing
        super.init(reduction: reduction)
    }

    /// ``Functional/crossEntropy(_:_:weight:ignoreIndex:reduction:labelSmoothing:)``.
    open override func forward(_ input: Tensor, _ target: Tensor) -> Tensor {
        Functional.crossEntropy(input, target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction,
                                labelSmoothing: labelSmoothing)
    }
}

/// Binary cross entropy of probabilities (`torch.nn.BCELoss`).
open class BCELoss: Loss {
    /// Per-element weights, or `nil`.
    public let weight: Tensor?

    /// A loss with optional element weights.
    public init(weight: Tensor? = nil, reduction: Reduction = .mean) {
        self.weight = weight
        super.init(reduction: reduction)
    }

    /// ``Functional/binaryCrossEntropy(_:_:weight:reduction:)``.
    open override func forward(_ input: Tensor, _ target: Tensor) -> Tensor {
        Functional.binaryCrossEntropy(input, target, weight: weight, reduction: reduction)
    }
}

/// Binary cross entropy of logits (`torch.nn.BCEWithLogitsLoss`).
open class BCEWithLogitsLoss: Loss {
    /// Per-element weights, or `nil`.
    public let weight: Tensor?
    /// Weight of the positive class, or `nil`.
    public let posWeight: Tensor?

    /// A loss with optional element and positive-class weights.
    public init(weight: Tensor? = nil, posWeight: Tensor? = nil, reduction: Reduction = .mean) {
        self.weight = weight
        self.posWeight = posWeight
        super.init(reduction: reduction)
    }

    /// ``Functional/binaryCrossEntropyWithLogits(_:_:weight:posWeight:reduction:)``.
    open override func forward(_ input: Tensor, _ target: Tensor) -> Tensor {
        Functional.binaryCrossEntropyWithLogits(input, target, weight: weight, posWeight: posWeight,
                                                reduction: reduction)
    }
}
