/// A lookup table of `numEmbeddings` vectors of size `embeddingDim` (`torch.nn.Embedding`), initialised from
/// `N(0, 1)` as PyTorch draws it, with the `paddingIdx` row zeroed and kept out of the gradient. With `sparse: true`
/// the weight is a ``SparseGradientParameter``: its gradient also lists the rows looked up, as PyTorch's sparse
/// gradient does, for `SparseAdam`.
open class Embedding: Module {
    /// Size of the table.
    public let numEmbeddings: Int
    /// Size of each vector.
    public let embeddingDim: Int
    /// A row that stays constant (zero at first) and receives no gradient, or `nil`.
    public let paddingIdx: Int?
    /// Rows looked up with a larger norm are rescaled to this norm, in place, before the lookup (`max_norm`).
    public let maxNorm: Double?
    /// The order of the norm `maxNorm` bounds.
    public let normType: Double
    /// Whether the gradient is sparse: the weight records the rows each backward pass reaches (`sparse`).
    public let sparse: Bool
    /// The table, `[numEmbeddings, embeddingDim]`.
    public var weight: Parameter

    /// A table drawn from `generator` (the default generator when `nil`). A negative `paddingIdx` counts from the
    /// end, as in PyTorch.
    public convenience init(_ numEmbeddings: Int, _ embeddingDim: Int, paddingIdx: Int? = nil, maxNorm: Double? = nil,
                            normType: Double = 2, sparse: Bool = false, dtype: DType = .float32,
                            generator: Generator? = nil) {
        let table = Tensor.empty([numEmbeddings, embeddingDim], dtype: dtype)
        self.init(weight: sparse ? SparseGradientParameter(table) : Parameter(table), paddingIdx: paddingIdx,
                  maxNorm: maxNorm, normType: normType, sparse: sparse)
        resetParameters(generator: generator)
    }

    /// A table holding `weight` as it is.
    init(weight: Parameter, paddingIdx: Int?, maxNorm: Double?, normType: Double, sparse: Bool = false) {
        check(weight.rank == 2, "Embeddings parameter is expected to be 2-dimensional")
        let (numEmbeddings, embeddingDim) = (weight.shape[0], weight.shape[1])
        if let paddingIdx {
            check(paddingIdx < numEmbeddings && paddingIdx >= -numEmbeddings,
                  "Padding_idx must be within num_embeddings")
        }
        self.numEmbeddings = numEmbeddings
        self.embeddingDim = embeddingDim
        self.paddingIdx = paddingIdx.map { $0 < 0 ? $0 + numEmbeddings : $0 }
        self.maxNorm = maxNorm
        self.normType = normType
        self.sparse = sparse
        self.weight = weight
        super.init()
    }

    /// A table whose weight is `embeddings` (`Embedding.from_pretrained`): the parameter shares its memory, is
    /// frozen (no gradient) unless `freeze` is false, and its padding row is left as it is.
    public static func fromPretrained(_ embeddings: Tensor, freeze: Bool = true, paddingIdx: Int? = nil,
                                      maxNorm: Double? = nil, normType: Double = 2, sparse: Bool = false) -> Embedding {
        let weight = sparse ? SparseGradientParameter(embeddings) : Parameter(embeddings)
        weight.requiresGrad = !freeze
        return Embedding(weight: weight, paddingIdx: paddingIdx, maxNorm: maxNorm, normType: normType, sparse: sparse)
    }

    /// Re-draws the table from `N(0, 1)` and zeroes the padding row (`reset_parameters`).
    open func resetParameters(generator: Generator? = nil) {
        Init.normal_(weight, generator: generator)
        if let paddingIdx { noGrad { _ = weight[paddingIdx].fill_(0) } }
    }

    /// ``Functional/embedding(_:weight:paddingIdx:maxNorm:normType:sparse:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.embedding(input, weight: weight, paddingIdx: paddingIdx, maxNorm: maxNorm, normType: normType,
                             sparse: sparse)
    }

    /// `10, 3, padding_idx=0, max_norm=1.0, sparse=True`.
    open override var extraRepr: String {
        "\(numEmbeddings), \(embeddingDim)" + (paddingIdx.map { ", padding_idx=\($0)" } ?? "")
            + (maxNorm.map { ", max_norm=\(PythonFormat.repr($0))" } ?? "")
            + (normType != 2 ? ", norm_type=\(PythonFormat.repr(normType))" : "") + (sparse ? ", sparse=True" : "")
    }
}
