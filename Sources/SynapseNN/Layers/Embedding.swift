/// A lookup table of `numEmbeddings` vectors of size `embeddingDim` (`torch.nn.Embedding`), initialised from
/// `N(0, 1)` as PyTorch draws it, with the `paddingIdx` row zeroed and kept out of the gradient.
open class Embedding: Module {
    /// Size of the table.
    public let numEmbeddings: Int
    /// Size of each vector.
    public let embeddingDim: Int
    /// A row that stays constant (zero at first) and receives no gradient, or `nil`.
    public let paddingIdx: Int?
    /// The table, `[numEmbeddings, embeddingDim]`.
    public var weight: Parameter

    /// A table drawn from `generator` (the default generator when `nil`). A negative `paddingIdx` counts from the
    /// end, as in PyTorch.
    public init(_ numEmbeddings: Int, _ embeddingDim: Int, paddingIdx: Int? = nil, dtype: DType = .float32,
                generator: Generator? = nil) {
        if let paddingIdx {
            check(paddingIdx < numEmbeddings && paddingIdx >= -numEmbeddings,
                  "Padding_idx must be within num_embeddings")
        }
        self.numEmbeddings = numEmbeddings
        self.embeddingDim = embeddingDim
        self.paddingIdx = paddingIdx.map { $0 < 0 ? $0 + numEmbeddings : $0 }
        weight = Parameter(Tensor.empty([numEmbeddings, embeddingDim], dtype: dtype))
        super.init()
        resetParameters(generator: generator)
    }

    /// Re-draws the table from `N(0, 1)` and zeroes the padding row (`reset_parameters`).
    open func resetParameters(generator: Generator? = nil) {
        Init.normal_(weight, generator: generator)
        if let paddingIdx { noGrad { _ = weight[paddingIdx].fill_(0) } }
    }

    /// ``Functional/embedding(_:weight:paddingIdx:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.embedding(input, weight: weight, paddingIdx: paddingIdx)
    }

    /// `10, 3, padding_idx=0`.
    open override var extraRepr: String {
        "\(numEmbeddings), \(embeddingDim)" + (paddingIdx.map { ", padding_idx=\($0)" } ?? "")
    }
}
