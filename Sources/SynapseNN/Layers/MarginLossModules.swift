/// A loss of an anchor, a positive and a negative (PyTorch's `TripletMarginLoss`,
/// `TripletMarginWithDistanceLoss`), called as `loss(anchor, positive, negative)`.
open class TripletLoss: Module {
    /// How much farther the negative must be than the positive.
    public let margin: Double
    /// Whether the negative's distance is the smaller of its distances to the anchor and to the positive.
    public let swap: Bool
    /// How the per-sample losses are combined.
    public let reduction: Reduction

    /// A loss with the given margin, swap and reduction.
    public init(margin: Double = 1, swap: Bool = false, reduction: Reduction = .mean) {
        check(margin > 0, "margin must be greater than 0, got \(PythonFormat.repr(margin))")
        (self.margin, self.swap, self.reduction) = (margin, swap, reduction)
        super.init()
    }

    /// The loss of the triplet. Subclasses override it.
    open func forward(_ anchor: Tensor, _ positive: Tensor, _ negative: Tensor) -> Tensor {
        fatalError("Module [\(typeName)] is missing the required \"forward\" function")
    }

    /// The loss, with hooks.
    public func callAsFunction(_ anchor: Tensor, _ positive: Tensor, _ negative: Tensor) -> Tensor {
        callForward(forward, anchor, positive, negative, labels: ["anchor", "positive", "negative"])
    }
}

/// Triplet margin loss with the `p`-norm distance (`torch.nn.TripletMarginLoss`).
open class TripletMarginLoss: TripletLoss {
    /// The norm of the pairwise distance.
    public let p: Double
    /// Added to the differences before the norm.
    public let eps: Double

    /// A loss with PyTorch's defaults (`margin=1.0, p=2.0, eps=1e-06, swap=False`).
    public init(margin: Double = 1, p: Double = 2, eps: Double = 1e-6, swap: Bool = false,
                reduction: Reduction = .mean) {
        (self.p, self.eps) = (p, eps)
        super.init(margin: margin, swap: swap, reduction: reduction)
    }

    /// ``Functional/tripletMarginLoss(_:_:_:margin:p:eps:swap:reduction:)``.
    open override func forward(_ anchor: Tensor, _ positive: Tensor, _ negative: Tensor) -> Tensor {
        Functional.tripletMarginLoss(anchor, positive, negative, margin: margin, p: p, eps: eps, swap: swap,
                                     reduction: reduction)
    }
}

/// Triplet margin loss with any distance (`torch.nn.TripletMarginWithDistanceLoss`; the pairwise Euclidean
/// distance when none is given).
open class TripletMarginWithDistanceLoss: TripletLoss {
    /// The distance between two batches of embeddings, or `nil` for ``Functional/pairwiseDistance(_:_:p:eps:keepdim:)``.
    public let distanceFunction: ((Tensor, Tensor) -> Tensor)?

    /// A loss with the given distance, margin, swap and reduction.
    public init(distanceFunction: ((Tensor, Tensor) -> Tensor)? = nil, margin: Double = 1, swap: Bool = false,
                reduction: Reduction = .mean) {
        self.distanceFunction = distanceFunction
        super.init(margin: margin, swap: swap, reduction: reduction)
    }

    /// ``Functional/tripletMarginWithDistanceLoss(_:_:_:margin:swap:reduction:distance:)``.
    open override func forward(_ anchor: Tensor, _ positive: Tensor, _ negative: Tensor) -> Tensor {
        Functional.tripletMarginWithDistanceLoss(anchor, positive, negative, margin: margin, swap: swap,
                                                 reduction: reduction, distance: distanceFunction)
    }
}

/// Multi-label one-versus-all logistic loss (`torch.nn.MultiLabelSoftMarginLoss`), with optional class weights
/// (a buffer under the key `weight`, as PyTorch registers it).
open class MultiLabelSoftMarginLoss: Loss {
    /// Per-class weights, or `nil`.
    public var weight: Buffer?

    /// A loss with optional class weights.
    public init(weight: Tensor? = nil, reduction: Reduction = .mean) {
        self.weight = weight.map { Buffer($0) }
        super.init(reduction: reduction)
    }

    /// ``Functional/multilabelSoftMarginLoss(_:_:weight:reduction:)``.
    open override func forward(_ input: Tensor, _ target: Tensor) -> Tensor {
        Functional.multilabelSoftMarginLoss(input, target, weight: weight, reduction: reduction)
    }
}

/// Multi-class hinge loss (`torch.nn.MultiMarginLoss`), with optional class weights (a buffer under the key
/// `weight`).
open class MultiMarginLoss: Loss {
    /// The exponent of each hinge, 1 or 2.
    public let p: Int
    /// The margin.
    public let margin: Double
    /// Per-class weights, or `nil`.
    public var weight: Buffer?

    /// A loss with PyTorch's defaults (`p=1, margin=1.0`).
    public init(p: Int = 1, margin: Double = 1, weight: Tensor? = nil, reduction: Reduction = .mean) {
        check(p == 1 || p == 2, "only p == 1 and p == 2 supported")
        check(weight == nil || weight!.rank == 1, "MultiMarginLoss: expected weight to be None or 1D tensor")
        (self.p, self.margin) = (p, margin)
        self.weight = weight.map { Buffer($0) }
        super.init(reduction: reduction)
    }

    /// ``Functional/multiMarginLoss(_:_:p:margin:weight:reduction:)``.
    open override func forward(_ input: Tensor, _ target: Tensor) -> Tensor {
        Functional.multiMarginLoss(input, target, p: p, margin: margin, weight: weight, reduction: reduction)
    }
}

/// Multi-label hinge loss (`torch.nn.MultiLabelMarginLoss`): targets are class indices ended by -1.
open class MultiLabelMarginLoss: Loss {
    /// ``Functional/multilabelMarginLoss(_:_:reduction:)``.
    open override func forward(_ input: Tensor, _ target: Tensor) -> Tensor {
        Functional.multilabelMarginLoss(input, target, reduction: reduction)
    }
}
