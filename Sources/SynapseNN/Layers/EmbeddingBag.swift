/// How ``EmbeddingBag`` reduces each bag (PyTorch's `mode=` strings).
public enum EmbeddingBagMode: String, Sendable {
    /// The sum of the bag's vectors (optionally weighted per sample).
    case sum
    /// Their mean.
    case mean
    /// Their element-wise maximum.
    case max
}

/// Sums, means or maxima of bags of embeddings (`torch.nn.EmbeddingBag`), without building the intermediate
/// `[bag, length, dim]` embeddings: bags are the rows of a 2-D input, or the runs of a 1-D input that `offsets`
/// start. Initialised from `N(0, 1)` as PyTorch draws it, the `paddingIdx` row zeroed and left out of every bag.
///
/// ```swift
/// let bag = EmbeddingBag(10, 3, mode: .sum)
/// let out = bag(Tensor([1, 2, 4, 5, 4, 3, 2, 9]), offsets: Tensor([0, 4]))   // [2, 3]
/// ```
open class EmbeddingBag: Module {
    /// Size of the table.
    public let numEmbeddings: Int
    /// Size of each vector.
    public let embeddingDim: Int
    /// Rows looked up with a larger norm are rescaled to this norm, in place, before the lookup (`max_norm`).
    public let maxNorm: Double?
    /// The order of the norm `maxNorm` bounds.
    public let normType: Double
    /// How each bag is reduced.
    public let mode: EmbeddingBagMode
    /// Whether `offsets` has one more entry, the end of the last bag (the CSR layout).
    public let includeLastOffset: Bool
    /// A row left out of every bag (and zero at first), or `nil`.
    public let paddingIdx: Int?
    /// The table, `[numEmbeddings, embeddingDim]`.
    public var weight: Parameter

    /// A table drawn from `generator` (the default generator when `nil`). A negative `paddingIdx` counts from the
    /// end, as in PyTorch.
    public convenience init(
        _ numEmbeddings: Int, _ embeddingDim: Int, maxNorm: Double? = nil, normType: Double = 2,
        mode: EmbeddingBagMode = .mean, includeLastOffset: Bool = false, paddingIdx: Int? = nil,
        dtype: DType = .float32, generator: Generator? = nil
    ) {
        self.init(weight: Parameter(Tensor.empty([numEmbeddings, embeddingDim], dtype: dtype)), maxNorm: maxNorm,
                  normType: normType, mode: mode, includeLastOffset: includeLastOffset, paddingIdx: paddingIdx)
        resetParameters(generator: generator)
    }

    /// A bag layer holding `weight` as it is.
    init(weight: Parameter, maxNorm: Double?, normType: Double, mode: EmbeddingBagMode, includeLastOffset: Bool,
         paddingIdx: Int?) {
        check(weight.rank == 2, "Embeddings parameter is expected to be 2-dimensional")
        let (numEmbeddings, embeddingDim) = (weight.shape[0], weight.shape[1])
        if let paddingIdx {
            check(paddingIdx < numEmbeddings && paddingIdx >= -numEmbeddings, "padding_idx must be within num_embeddings")
        }
        self.numEmbeddings = numEmbeddings
        self.embeddingDim = embeddingDim
        self.maxNorm = maxNorm
        self.normType = normType
        self.mode = mode
        self.includeLastOffset = includeLastOffset
        self.paddingIdx = paddingIdx.map { $0 < 0 ? $0 + numEmbeddings : $0 }
        self.weight = weight
        super.init()
    }

    /// A bag layer whose weight is `embeddings` (`EmbeddingBag.from_pretrained`): the parameter shares its memory
    /// and is frozen unless `freeze` is false.
    public static func fromPretrained(
        _ embeddings: Tensor, freeze: Bool = true, maxNorm: Double? = nil, normType: Double = 2,
        mode: EmbeddingBagMode = .mean, includeLastOffset: Bool = false, paddingIdx: Int? = nil
    ) -> EmbeddingBag {
        check(embeddings.rank == 2, "Embeddings parameter is expected to be 2-dimensional")
        let weight = Parameter(embeddings)
        weight.requiresGrad = !freeze
        return EmbeddingBag(weight: weight, maxNorm: maxNorm, normType: normType, mode: mode,
                            includeLastOffset: includeLastOffset, paddingIdx: paddingIdx)
    }

    /// Re-draws the table from `N(0, 1)` and zeroes the padding row (`reset_parameters`).
    open func resetParameters(generator: Generator? = nil) {
        Init.normal_(weight, generator: generator)
        if let paddingIdx { noGrad { _ = weight[paddingIdx].fill_(0) } }
    }

    /// The bags of a 2-D input (one bag per row).
    open override func forward(_ input: Tensor) -> Tensor { forward(input, offsets: nil, perSampleWeights: nil) }

    /// ``Functional/embeddingBag(_:weight:offsets:maxNorm:normType:mode:perSampleWeights:includeLastOffset:paddingIdx:)``.
    open func forward(_ input: Tensor, offsets: Tensor?, perSampleWeights: Tensor?) -> Tensor {
        Functional.embeddingBag(input, weight: weight, offsets: offsets, maxNorm: maxNorm, normType: normType,
                                mode: mode, perSampleWeights: perSampleWeights, includeLastOffset: includeLastOffset,
                                paddingIdx: paddingIdx)
    }

    /// One reduced vector per bag, `[bags, embeddingDim]`.
    public func callAsFunction(_ input: Tensor, offsets: Tensor?, perSampleWeights: Tensor? = nil) -> Tensor {
        callForward({ self.forward($0, offsets: offsets, perSampleWeights: perSampleWeights) }, input,
                    labels: ["input"])
    }

    /// `10, 3, mode='sum', padding_idx=2`.
    open override var extraRepr: String {
        "\(numEmbeddings), \(embeddingDim)" + (maxNorm.map { ", max_norm=\(PythonFormat.repr($0))" } ?? "")
            + (normType != 2 ? ", norm_type=\(PythonFormat.repr(normType))" : "")
            + ", mode='\(mode.rawValue)'" + (paddingIdx.map { ", padding_idx=\($0)" } ?? "")
    }
}

extension Functional {
    /// `F.embedding_bag`: the rows of `weight` that `input` names, reduced per bag by `mode`. A 2-D `input` is one
    /// bag per row (`offsets` must be `nil`); a 1-D `input` is split into bags starting at `offsets` (ending at the
    /// next offset, or at the last offset itself with `includeLastOffset`). Entries equal to `paddingIdx` are left
    /// out (and out of the mean's count); an empty bag gives zeros. `perSampleWeights` (shaped like `input`, sum
    /// mode only) scales each looked-up vector.
    public static func embeddingBag(
        _ input: Tensor, weight: Tensor, offsets: Tensor? = nil, maxNorm: Double? = nil, normType: Double = 2,
        mode: EmbeddingBagMode = .mean, perSampleWeights: Tensor? = nil, includeLastOffset: Bool = false,
        paddingIdx: Int? = nil
    ) -> Tensor {
        check(input.dtype == .int64 || input.dtype == .int32,
              "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got \(input.dtype.scalarTypeName) instead")
        if let perSampleWeights {
            check(perSampleWeights.shape == input.shape,
                  "embedding_bag: If per_sample_weights (\(perSampleWeights.shape)) is not None, then it must have the same shape as the input (\(input.shape))")
            check(mode == .sum,
                  "embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='\(mode.rawValue)'). Please open a feature request on GitHub.")
        }
        let indices = input.to(.int64).contiguous().toArray(of: Int64.self).map { Int($0) }
        var starts: [Int]
        switch input.rank {
        case 2:
            check(offsets == nil,
                  "if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. However, found offsets of type Tensor")
            starts = stride(from: 0, to: input.numel, by: Swift.max(input.shape[1], 1)).map { $0 }
            if input.shape[1] == 0 { starts = Array(repeating: 0, count: input.shape[0]) }
        case 1:
            guard let offsets else { check(false, "offsets has to be a 1D Tensor but got null"); return input }
            check(offsets.rank == 1, "offsets has to be a 1D Tensor")
            starts = offsets.to(.int64).contiguous().toArray(of: Int64.self).map { Int($0) }
            if let first = starts.first {
                check(first == 0, "offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0. However, got \(first)")
            }
            if let last = starts.last {
                check(last <= indices.count, "offsets[-1] can not be greater than input's length (\(indices.count)), but got offsets[-1] of \(last)")
            }
            for (a, b) in zip(starts, starts.dropFirst()) {
                check(a <= b, "offsets must be monotonically increasing, found \(a) before \(b)")
            }
        default:
            check(false, "input has to be 1D or 2D Tensor, but got Tensor of dimension \(input.rank)")
            return input
        }
        var ends = Array(starts.dropFirst()) + [indices.count]
        if includeLastOffset && input.rank == 1 {
            check(!starts.isEmpty, "include_last_offset: number of offsets should be at least 1")
            starts.removeLast()
            ends.removeLast()
        }
        for index in indices {
            check(index >= 0 && index < weight.shape[0], "index out of range in self")
        }
        if let maxNorm { embeddingRenorm_(weight, input, maxNorm: maxNorm, normType: normType) }

        let dim = weight.shape[1]
        var bags: [Tensor] = []
        for (start, end) in zip(starts, ends) {
            let positions = (start..<end).filter { indices[$0] != paddingIdx }
            guard !positions.isEmpty else {
                bags.append(Tensor.zeros([dim], dtype: weight.dtype))
                continue
            }
            var rows = weight[Tensor(positions.map { Int64(indices[$0]) })]
            if let perSampleWeights {
                let picked = perSampleWeights.reshape([-1])[Tensor(positions.map(Int64.init))]
                rows = rows * picked.unsqueeze(1)
            }
            switch mode {
            case .sum: bags.append(rows.sum(dim: 0))
            case .mean: bags.append(rows.sum(dim: 0) / Double(positions.count))
            case .max: bags.append(rows.max(dim: 0).values)
            }
        }
        guard !bags.isEmpty else { return Tensor.zeros([0, dim], dtype: weight.dtype) }
        return Tensor.stack(bags, dim: 0)
    }
}
