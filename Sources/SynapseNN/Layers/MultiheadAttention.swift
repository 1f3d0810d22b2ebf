/// Multi-head attention (`torch.nn.MultiheadAttention`), with PyTorch's parameters, keys, printout, default
/// initialisation (bit for bit from the same seed) and computation (`F.multi_head_attention_forward`).
///
/// Parameters: `in_proj_weight` `[3E, E]` when keys and values have the embedding size, otherwise
/// `q_proj_weight`, `k_proj_weight`, `v_proj_weight`; `in_proj_bias` `[3E]`; `out_proj` (printed as
/// `NonDynamicallyQuantizableLinear`); `bias_k`, `bias_v` `[1, 1, E]` with `addBiasKV`.
///
/// ```swift
/// let attention = MultiheadAttention(8, 2, batchFirst: true)
/// let (output, weights) = attention(x, x, x, keyPaddingMask: padding)   // weights averaged over heads
/// ```
open class MultiheadAttention: Module {
    /// The model's embedding size `E`.
    public let embedDim: Int
    /// The size of keys (`E` unless given).
    public let kdim: Int
    /// The size of values (`E` unless given).
    public let vdim: Int
    /// The number of heads; `E` is split evenly among them.
    public let numHeads: Int
    /// The probability of dropping an attention weight in training.
    public let dropout: Double
    /// Whether inputs and outputs are `[N, L, E]` (otherwise `[L, N, E]`).
    public let batchFirst: Bool
    /// Whether a zero key and value are appended to every sequence.
    public let addZeroAttn: Bool
    /// `E / numHeads`.
    public let headDim: Int

    /// The packed projection `[3E, E]` of queries, keys and values, when they all have size `E`.
    public var inProjWeight: Parameter?
    /// The query projection `[E, E]` when keys or values have another size.
    public var qProjWeight: Parameter?
    /// The key projection `[E, kdim]` when keys or values have another size.
    public var kProjWeight: Parameter?
    /// The value projection `[E, vdim]` when keys or values have another size.
    public var vProjWeight: Parameter?
    /// The projections' biases `[3E]`, or `nil` without bias.
    public var inProjBias: Parameter?
    /// A learned key appended to every sequence, `[1, 1, E]`, with `addBiasKV`.
    public var biasK: Parameter?
    /// A learned value appended to every sequence, `[1, 1, E]`, with `addBiasKV`.
    public var biasV: Parameter?
    /// The output projection.
    public let outProj: NonDynamicallyQuantizableLinear

    /// Attention over `embedDim` split into `numHeads` heads; draws as PyTorch does: the output projection's
    /// default initialisation, then `xavier_uniform_` of the input projection(s), then `xavier_normal_` of `bias_k`
    /// and `bias_v`; biases start at zero.
    public init(_ embedDim: Int, _ numHeads: Int, dropout: Double = 0, bias: Bool = true, addBiasKV: Bool = false,
                addZeroAttn: Bool = false, kdim: Int? = nil, vdim: Int? = nil, batchFirst: Bool = false,
                dtype: DType = .float32, generator: Generator? = nil) {
        check(embedDim > 0 && numHeads > 0,
              "embed_dim and num_heads must be greater than 0, got embed_dim=\(embedDim) and num_heads=\(numHeads) instead")
        check(embedDim % numHeads == 0, "embed_dim must be divisible by num_heads")
        self.embedDim = embedDim
        self.kdim = kdim ?? embedDim
        self.vdim = vdim ?? embedDim
        self.numHeads = numHeads
        self.dropout = dropout
        self.batchFirst = batchFirst
        self.addZeroAttn = addZeroAttn
        headDim = embedDim / numHeads
        if self.kdim == embedDim && self.vdim == embedDim {
            inProjWeight = Parameter(Tensor.empty([3 * embedDim, embedDim], dtype: dtype))
        } else {
            qProjWeight = Parameter(Tensor.empty([embedDim, embedDim], dtype: dtype))
            kProjWeight = Parameter(Tensor.empty([embedDim, self.kdim], dtype: dtype))
            vProjWeight = Parameter(Tensor.empty([embedDim, self.vdim], dtype: dtype))
        }
        inProjBias = bias ? Parameter(Tensor.empty([3 * embedDim], dtype: dtype)) : nil
        outProj = NonDynamicallyQuantizableLinear(embedDim, embedDim, bias: bias, dtype: dtype, generator: generator)
        if addBiasKV {
            biasK = Parameter(Tensor.empty([1, 1, embedDim], dtype: dtype))
            biasV = Parameter(Tensor.empty([1, 1, embedDim], dtype: dtype))
        }
        super.init()
        resetParameters(generator: generator)
    }

    /// Re-draws the parameters as the initialiser does (`_reset_parameters`).
    open func resetParameters(generator: Generator? = nil) {
        for weight in [inProjWeight, qProjWeight, kProjWeight, vProjWeight].compactMap({ $0 }) {
            Init.xavierUniform_(weight, generator: generator)
        }
        if let inProjBias {
            Init.constant_(inProjBias, 0)
            if let outBias = outProj.bias { Init.constant_(outBias, 0) }
        }
        for extra in [biasK, biasV].compactMap({ $0 }) { Init.xavierNormal_(extra, generator: generator) }
    }

    /// PyTorch's keys for the Swift property names.
    open override class func memberName(forProperty property: String) -> String {
        switch property {
        case "inProjWeight": "in_proj_weight"
        case "qProjWeight": "q_proj_weight"
        case "kProjWeight": "k_proj_weight"
        case "vProjWeight": "v_proj_weight"
        case "inProjBias": "in_proj_bias"
        case "biasK": "bias_k"
        case "biasV": "bias_v"
        case "outProj": "out_proj"
        default: super.memberName(forProperty: property)
        }
    }

    /// Attends from `query` to `key`/`value`; see ``callAsFunction(_:_:_:keyPaddingMask:needWeights:attnMask:averageAttnWeights:isCausal:)``.
    open func forward(
        _ query: Tensor, _ key: Tensor, _ value: Tensor, keyPaddingMask: Tensor?, needWeights: Bool,
        attnMask: Tensor?, averageAttnWeights: Bool, isCausal: Bool
    ) -> (Tensor, Tensor?) {
        let batched = query.rank == 3
        let (q, k, v) = batchFirst && batched ? Self.sequenceFirst(query, key, value) : (query, key, value)
        let (output, weights) = Functional.multiHeadAttentionForward(
            q, k, v, numHeads: numHeads, inProjWeight: inProjWeight, inProjBias: inProjBias,
            biasK: biasK, biasV: biasV, addZeroAttn: addZeroAttn, dropoutP: dropout,
            outProjWeight: outProj.weight, outProjBias: outProj.bias, training: training,
            keyPaddingMask: keyPaddingMask, needWeights: needWeights, attnMask: attnMask,
            separateProjections: inProjWeight == nil ? (qProjWeight!, kProjWeight!, vProjWeight!) : nil,
            averageAttnWeights: averageAttnWeights, isCausal: isCausal)
        return (batchFirst && batched ? output.transpose(1, 0) : output, weights)
    }

    /// The attention output `[L, N, E]` (`[N, L, E]` with ``batchFirst``, `[L, E]` unbatched) and, with
    /// `needWeights`, the attention weights `[N, L, S]` (averaged over heads) or `[N, H, L, S]`.
    ///
    /// - Parameters:
    ///   - keyPaddingMask: `[N, S]`: `true` (or a -inf float) marks keys to ignore.
    ///   - attnMask: `[L, S]` or `[N·H, L, S]`: `true` marks pairs that may **not** attend (the opposite of
    ///     ``Functional/scaledDotProductAttention(_:_:_:attnMask:dropoutP:isCausal:scale:enableGQA:generator:)``),
    ///     or a float mask added to the scores.
    ///   - isCausal: a hint that `attnMask` is the causal mask; the mask itself is what is applied.
    public func callAsFunction(
        _ query: Tensor, _ key: Tensor, _ value: Tensor, keyPaddingMask: Tensor? = nil, needWeights: Bool = true,
        attnMask: Tensor? = nil, averageAttnWeights: Bool = true, isCausal: Bool = false
    ) -> (Tensor, Tensor?) {
        callForward(forward, query, key, value, keyPaddingMask, needWeights, attnMask, averageAttnWeights, isCausal,
                    labels: ["query", "key", "value", "keyPaddingMask", "needWeights", "attnMask",
                             "averageAttnWeights", "isCausal"])
    }

    /// `[N, L, E]` inputs as `[L, N, E]`, keeping which of them are the same tensor (self-attention packs its
    /// projections when query, key and value are one tensor).
    private static func sequenceFirst(_ query: Tensor, _ key: Tensor, _ value: Tensor) -> (Tensor, Tensor, Tensor) {
        if key === value {
            if query === key {
                let shared = query.transpose(1, 0)
                return (shared, shared, shared)
            }
            let sharedKey = key.transpose(1, 0)
            return (query.transpose(1, 0), sharedKey, sharedKey)
        }
        return (query.transpose(1, 0), key.transpose(1, 0), value.transpose(1, 0))
    }
}

/// The output projection of ``MultiheadAttention``: a ``Linear`` that prints as PyTorch's
/// `NonDynamicallyQuantizableLinear`.
open class NonDynamicallyQuantizableLinear: Linear {}
