/// Cosine similarity along a dimension (`torch.nn.CosineSimilarity`).
open class CosineSimilarity: Module {
    /// The dimension compared.
    public let dim: Int
    /// The smallest norm divided by.
    public let eps: Double

    /// A layer comparing along `dim`.
    public init(dim: Int = 1, eps: Double = 1e-8) {
        self.dim = dim
        self.eps = eps
        super.init()
    }

    /// ``Functional/cosineSimilarity(_:_:dim:eps:)``.
    open func forward(_ x1: Tensor, _ x2: Tensor) -> Tensor { Functional.cosineSimilarity(x1, x2, dim: dim, eps: eps) }

    /// The similarity of `x1` and `x2`, with hooks.
    public func callAsFunction(_ x1: Tensor, _ x2: Tensor) -> Tensor {
        callForward(forward, x1, x2, labels: ["x1", "x2"])
    }
}

/// The p-norm distance between rows (`torch.nn.PairwiseDistance`).
open class PairwiseDistance: Module {
    /// The norm's order.
    public let norm: Double
    /// Added to the difference (PyTorch's guard against a zero norm's gradient).
    public let eps: Double
    /// Whether the last dimension is kept (size 1).
    public let keepdim: Bool

    /// A layer measuring `‖x1 - x2 + eps‖_p`.
    public init(p: Double = 2, eps: Double = 1e-6, keepdim: Bool = false) {
        self.norm = p
        self.eps = eps
        self.keepdim = keepdim
        super.init()
    }

    /// ``Functional/pairwiseDistance(_:_:p:eps:keepdim:)``.
    open func forward(_ x1: Tensor, _ x2: Tensor) -> Tensor {
        Functional.pairwiseDistance(x1, x2, p: norm, eps: eps, keepdim: keepdim)
    }

    /// The distance of `x1` and `x2`, with hooks.
    public func callAsFunction(_ x1: Tensor, _ x2: Tensor) -> Tensor {
        callForward(forward, x1, x2, labels: ["x1", "x2"])
    }
}

extension Functional {
    /// `Σ (x1/max(‖x1‖, eps))·(x2/max(‖x2‖, eps))` along `dim` (`F.cosine_similarity`, PyTorch's current formula:
    /// each input divided by its norm first, the clamp invisible to gradients).
    public static func cosineSimilarity(_ x1: Tensor, _ x2: Tensor, dim: Int = 1, eps: Double = 1e-8) -> Tensor {
        check(x1.dtype.isFloatingPoint && x2.dtype.isFloatingPoint,
              "expected common dtype to be floating point, yet common dtype is \(x1.dtype.scalarTypeName)")
        let shape = Broadcast.shape(x1.shape, x2.shape)
        let (a, b) = (x1.expand(shape), x2.expand(shape))
        let d = dim < 0 ? dim + shape.count : dim
        let normA = a.norm(p: 2, dims: [d], keepdim: true).clone(), normB = b.norm(p: 2, dims: [d], keepdim: true).clone()
        let smallest: Double = eps
        noGrad {
            normA.clamp_(min: smallest)
            normB.clamp_(min: smallest)
        }
        return ((a / normA) * (b / normB)).sum(dim: d)
    }

    /// `‖x1 - x2 + eps‖_p` over the last dimension (`F.pairwise_distance`).
    public static func pairwiseDistance(_ x1: Tensor, _ x2: Tensor, p: Double = 2, eps: Double = 1e-6,
                                        keepdim: Bool = false) -> Tensor {
        let last = Swift.max(x1.rank, x2.rank) - 1
        return (x1 - x2 + eps).norm(p: p, dims: [last], keepdim: keepdim)
    }
}
