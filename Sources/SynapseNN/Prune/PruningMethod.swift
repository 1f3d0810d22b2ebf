/// A tensor's values and shape as the pruning methods read them (row-major), with the dtype random draws use.
public struct PruningValues: Sendable {
    /// The values, row-major.
    public var values: [Double]
    /// The shape.
    public var shape: [Int]
    /// The dtype of the tensor (what `torch.rand_like` draws).
    public var dtype: DType

    /// The values of `tensor`.
    public init(_ tensor: Tensor) {
        values = tensor.toArray(of: Double.self)
        shape = tensor.shape
        dtype = tensor.dtype
    }

    init(values: [Double], shape: [Int], dtype: DType) {
        self.values = values
        self.shape = shape
        self.dtype = dtype
    }

    /// Elements between two consecutive indices of `dim`.
    func innerCount(_ dim: Int) -> Int { shape[(dim + 1)...].reduce(1, *) }

    /// The channel (index along `dim`) of each element.
    func channel(of index: Int, dim: Int) -> Int { (index / innerCount(dim)) % shape[dim] }

    /// The sub-tensor made of the channels along `dim` where `keep` is true (`t[..., keep, ...]`).
    func selecting(channels keep: [Bool], dim: Int) -> PruningValues {
        var shape = self.shape
        shape[dim] = keep.filter { $0 }.count
        let selected = values.indices.filter { keep[channel(of: $0, dim: dim)] }.map { values[$0] }
        return PruningValues(values: selected, shape: shape, dtype: dtype)
    }
}

/// A way of choosing which entries of a tensor to prune (`torch.nn.utils.prune.BasePruningMethod`). Applied with
/// the functions of ``Prune``; a tensor pruned again gets a ``PruningContainer`` combining the masks, each new method
/// acting only on what the earlier ones left. Subclass it (overriding ``computeMask(_:defaultMask:)`` and, for a
/// structured or global method, ``kind``) and apply it with ``Prune/apply(_:to:name:importanceScores:)`` for a
/// pruning method of your own.
open class PruningMethod: @unchecked Sendable {
    /// How a method sees the tensor when combined with earlier masks (PyTorch's `PRUNING_TYPE`).
    public enum Kind: Sendable {
        /// Entry by entry: a later method sees only the entries still unpruned.
        case unstructured
        /// Whole channels along `dim`: a later method sees only the channels still unpruned.
        case structured(dim: Int)
        /// The whole tensor.
        case global

        /// PyTorch's spelling: `unstructured`, `structured` or `global`.
        public var name: String {
            switch self {
            case .unstructured: "unstructured"
            case .structured: "structured"
            case .global: "global"
            }
        }
    }

    /// The method's kind; unstructured unless overridden.
    open var kind: Kind { .unstructured }

    /// A method (subclasses call it from their initialisers).
    public init() {}

    /// The name of the pruned tensor (`weight`).
    public internal(set) var tensorName = ""

    /// The mask (1 keeps, 0 prunes) for `t`, starting from `defaultMask` (PyTorch's `compute_mask`).
    open func computeMask(_ t: PruningValues, defaultMask: [Double]) throws(ReparametrizationError) -> [Double] {
        fatalError("\(type(of: self)) must override computeMask(_:defaultMask:)")
    }
}

/// Keeps every entry (`prune.Identity`): the mask is all ones, but the tensor is held as pruned.
public final class IdentityPruning: PruningMethod, @unchecked Sendable {
    /// The method.
    public override init() {}
    /// The default mask.
    public override func computeMask(_ t: PruningValues, defaultMask: [Double]) throws(ReparametrizationError) -> [Double] {
        defaultMask
    }
}

/// Prunes `amount` entries chosen at random (`prune.RandomUnstructured`): the entries with the largest of
/// `torch.rand_like(t)`, drawn from the default generator (or the one given).
public final class RandomUnstructured: PruningMethod, @unchecked Sendable {
    /// How much to prune.
    public let amount: PruningAmount
    /// Where the draws come from; the default generator when `nil`.
    public let generator: Generator?

    /// The method; throws for a negative count or a fraction outside [0, 1].
    public init(amount: PruningAmount, generator: Generator? = nil) throws(ReparametrizationError) {
        try amount.validate()
        self.amount = amount
        self.generator = generator
    }

    /// `mask[topk(rand_like(t), k)] = 0`.
    public override func computeMask(_ t: PruningValues, defaultMask: [Double]) throws(ReparametrizationError) -> [Double] {
        let k = try amount.count(of: t.values.count)
        var mask = defaultMask
        guard k != 0 else { return mask }
        let probabilities = Tensor.rand(t.shape, dtype: t.dtype, generator: generator).toArray(of: Double.self)
        for index in TopK.indices(probabilities, k: k, largest: true) { mask[index] = 0 }
        return mask
    }
}

/// Prunes the `amount` entries of smallest magnitude (`prune.L1Unstructured`).
public final class L1Unstructured: PruningMethod, @unchecked Sendable {
    /// How much to prune.
    public let amount: PruningAmount

    /// The method; throws for a negative count or a fraction outside [0, 1].
    public init(amount: PruningAmount) throws(ReparametrizationError) {
        try amount.validate()
        self.amount = amount
    }

    /// `mask[topk(|t|, k, largest=False)] = 0`.
    public override func computeMask(_ t: PruningValues, defaultMask: [Double]) throws(ReparametrizationError) -> [Double] {
        let k = try amount.count(of: t.values.count)
        var mask = defaultMask
        guard k != 0 else { return mask }
        for index in TopK.indices(t.values.map(Swift.abs), k: k, largest: false) { mask[index] = 0 }
        return mask
    }
}

/// Prunes `amount` whole channels along `dim` chosen at random (`prune.RandomStructured`): the channels whose
/// `torch.rand(channels)` draw (float32, default generator or the one given) is at most the `amount`-th smallest.
public final class RandomStructured: PruningMethod, @unchecked Sendable {
    /// How many channels to prune.
    public let amount: PruningAmount
    /// The channel dimension.
    public let dim: Int
    /// Where the draws come from; the default generator when `nil`.
    public let generator: Generator?

    /// The method; throws for a negative count or a fraction outside [0, 1].
    public init(amount: PruningAmount, dim: Int = -1, generator: Generator? = nil) throws(ReparametrizationError) {
        try amount.validate()
        self.amount = amount
        self.dim = dim
        self.generator = generator
    }

    /// Structured along ``dim``.
    public override var kind: Kind { .structured(dim: dim) }

    /// Ones on the kept channels, times the default mask.
    public override func computeMask(_ t: PruningValues, defaultMask: [Double]) throws(ReparametrizationError) -> [Double] {
        let dim = try Structured.validate(t, dim: dim)
        let channels = t.shape[dim]
        let k = try amount.count(of: channels)
        guard k != 0 else { return defaultMask }
        let probabilities = Tensor.rand([channels], generator: generator).toArray(of: Double.self)
        let threshold = probabilities.sorted()[k - 1]
        return Structured.mask(t, dim: dim, keep: probabilities.map { $0 > threshold }, defaultMask: defaultMask)
    }
}

/// Prunes the `amount` channels along `dim` of smallest `n`-norm (`prune.LnStructured`).
public final class LnStructured: PruningMethod, @unchecked Sendable {
    /// How many channels to prune.
    public let amount: PruningAmount
    /// The norm's order: 1, 2, `.infinity`, `-.infinity`, 0 (count of non-zeros) or any other p.
    public let n: Double
    /// The channel dimension.
    public let dim: Int

    /// The method; throws for a negative count or a fraction outside [0, 1]. PyTorch's `n="fro"` is `n: 2`.
    public init(amount: PruningAmount, n: Double, dim: Int = -1) throws(ReparametrizationError) {
        try amount.validate()
        self.amount = amount
        self.n = n
        self.dim = dim
    }

    /// Structured along ``dim``.
    public override var kind: Kind { .structured(dim: dim) }

    /// Ones on the channels of largest norm, times the default mask.
    public override func computeMask(_ t: PruningValues, defaultMask: [Double]) throws(ReparametrizationError) -> [Double] {
        let dim = try Structured.validate(t, dim: dim)
        let channels = t.shape[dim]
        let k = try amount.count(of: channels)
        guard k != 0 else { return defaultMask }
        let norms = Tensor(flat: t.values, shape: t.shape).norm(p: n, dims: (0..<t.shape.count).filter { $0 != dim })
            .toArray(of: Double.self)
        var keep = [Bool](repeating: false, count: channels)
        for index in TopK.indices(norms, k: channels - k, largest: true) { keep[index] = true }
        return Structured.mask(t, dim: dim, keep: keep, defaultMask: defaultMask)
    }
}

/// Prunes where a given mask is 0 (`prune.CustomFromMask`).
public final class CustomFromMask: PruningMethod, @unchecked Sendable {
    /// The mask (1 keeps, 0 prunes).
    public let mask: Tensor

    /// The method for `mask`.
    public init(mask: Tensor) {
        self.mask = mask
    }

    /// Sees the whole tensor.
    public override var kind: Kind { .global }

    /// The default mask times ``mask``.
    public override func computeMask(_ t: PruningValues, defaultMask: [Double]) throws(ReparametrizationError) -> [Double] {
        guard mask.shape == t.shape else {
            throw ReparametrizationError("default_mask shape \(PythonRepr.size(t.shape)) must match self.mask shape \(PythonRepr.size(mask.shape))")
        }
        return zip(defaultMask, mask.toArray(of: Double.self)).map { $0 * $1 }
    }
}

/// The checks and mask building the structured methods share.
enum Structured {
    /// PyTorch's `_validate_structured_pruning` and `_validate_pruning_dim`; the dimension, made non-negative.
    static func validate(_ t: PruningValues, dim: Int) throws(ReparametrizationError) -> Int {
        guard t.shape.count > 1 else {
            throw ReparametrizationError("Structured pruning can only be applied to multidimensional tensors. Found tensor of shape \(PythonRepr.size(t.shape)) with \(t.shape.count) dims")
        }
        guard dim < t.shape.count && dim >= -t.shape.count else {
            throw ReparametrizationError("Invalid index \(dim) for tensor of size \(PythonRepr.size(t.shape))")
        }
        return dim < 0 ? dim + t.shape.count : dim
    }

    /// Ones on the channels `keep` marks, zeros elsewhere, times `defaultMask`.
    static func mask(_ t: PruningValues, dim: Int, keep: [Bool], defaultMask: [Double]) -> [Double] {
        defaultMask.indices.map { keep[t.channel(of: $0, dim: dim)] ? defaultMask[$0] : 0 }
    }
}

/// `torch.topk(values, k).indices` as a set: the positions of the `k` largest (or smallest) values.
enum TopK {
    static func indices(_ values: [Double], k: Int, largest: Bool) -> [Int] {
        let order = values.indices.sorted { a, b in
            values[a] == values[b] ? a < b : (largest ? values[a] > values[b] : values[a] < values[b])
        }
        return Array(order.prefix(k))
    }
}
