/// One encoder layer of the transformer (`torch.nn.TransformerEncoderLayer`): self-attention and a feed-forward
/// block, each with a residual connection and layer normalisation, after (default) or before (`normFirst`) it.
///
/// ```swift
/// let layer = TransformerEncoderLayer(dModel: 512, nhead: 8, batchFirst: true)
/// let y = layer(x, srcKeyPaddingMask: padding)
/// ```
open class TransformerEncoderLayer: Module {
    /// Self-attention over the input.
    public let selfAttn: MultiheadAttention
    /// The feed-forward block's first product, `dModel → dimFeedforward`.
    public let linear1: Linear
    /// Dropout after the activation.
    public let dropout: Dropout
    /// The feed-forward block's second product, `dimFeedforward → dModel`.
    public let linear2: Linear
    /// Normalisation around self-attention.
    public let norm1: LayerNorm
    /// Normalisation around the feed-forward block.
    public let norm2: LayerNorm
    /// Dropout of the self-attention output.
    public let dropout1: Dropout
    /// Dropout of the feed-forward output.
    public let dropout2: Dropout
    /// The feed-forward activation.
    public let activation: TransformerActivation
    /// Whether normalisation comes before each block (pre-norm) instead of after the residual sum.
    public let normFirst: Bool
    let settings: TransformerLayerSettings

    /// A layer with PyTorch's defaults; parameters are drawn in PyTorch's order (attention, then `linear1`,
    /// `linear2`).
    public init(dModel: Int, nhead: Int, dimFeedforward: Int = 2048, dropout: Double = 0.1,
                activation: TransformerActivation = .relu, layerNormEps: Double = 1e-5, batchFirst: Bool = false,
                normFirst: Bool = false, bias: Bool = true, dtype: DType = .float32, generator: Generator? = nil) {
        settings = TransformerLayerSettings(dModel: dModel, nhead: nhead, dimFeedforward: dimFeedforward,
                                            dropout: dropout, activation: activation, layerNormEps: layerNormEps,
                                            batchFirst: batchFirst, normFirst: normFirst, bias: bias, dtype: dtype)
        selfAttn = MultiheadAttention(dModel, nhead, dropout: dropout, bias: bias, batchFirst: batchFirst,
                                      dtype: dtype, generator: generator)
        linear1 = Linear(dModel, dimFeedforward, bias: bias, dtype: dtype, generator: generator)
        self.dropout = Dropout(dropout)
        linear2 = Linear(dimFeedforward, dModel, bias: bias, dtype: dtype, generator: generator)
        self.normFirst = normFirst
        norm1 = LayerNorm(dModel, eps: layerNormEps, bias: bias, dtype: dtype)
        norm2 = LayerNorm(dModel, eps: layerNormEps, bias: bias, dtype: dtype)
        dropout1 = Dropout(dropout)
        dropout2 = Dropout(dropout)
        self.activation = activation
        super.init()
    }

    /// PyTorch's key for `selfAttn`.
    open override class func memberName(forProperty property: String) -> String {
        property == "selfAttn" ? "self_attn" : super.memberName(forProperty: property)
    }

    /// A copy with the same settings and values (PyTorch's `copy.deepcopy` of a layer), drawing no random numbers.
    public func copy() -> TransformerEncoderLayer {
        let s = settings
        let clone = TransformerEncoderLayer(
            dModel: s.dModel, nhead: s.nhead, dimFeedforward: s.dimFeedforward, dropout: s.dropout,
            activation: s.activation, layerNormEps: s.layerNormEps, batchFirst: s.batchFirst, normFirst: s.normFirst,
            bias: s.bias, dtype: s.dtype, generator: Generator(seed: 0))
        clone.copyState(from: self)
        return clone
    }

    /// Encodes `src` (`[S, N, E]`, `[N, S, E]` with `batchFirst`, or `[S, E]`).
    open func forward(_ src: Tensor, srcMask: Tensor?, srcKeyPaddingMask: Tensor?, isCausal: Bool) -> Tensor {
        let padding = srcKeyPaddingMask.map { Functional.canonicalMask($0, name: "src_key_padding_mask", dtype: src.dtype) }
        let mask = srcMask.map { Functional.canonicalMask($0, name: "src_mask", dtype: src.dtype) }
        if let output = inferenceForward(src, mask: mask, padding: padding) { return output }
        var x = src
        if normFirst {
            x = x + selfAttentionBlock(norm1(x), mask: mask, padding: padding, isCausal: isCausal)
            x = x + feedForwardBlock(norm2(x))
        } else {
            x = norm1(x + selfAttentionBlock(x, mask: mask, padding: padding, isCausal: isCausal))
            x = norm2(x + feedForwardBlock(x))
        }
        return x
    }

    /// The tensor-to-tensor form (no masks), so the layer also works in a ``Sequential``.
    open override func forward(_ input: Tensor) -> Tensor {
        forward(input, srcMask: nil, srcKeyPaddingMask: nil, isCausal: false)
    }

    /// Runs the layer with its hooks; masks as in ``MultiheadAttention`` (`srcMask` `[S, S]` or `[N·H, S, S]`,
    /// `srcKeyPaddingMask` `[N, S]`, `true` = ignored).
    public func callAsFunction(_ src: Tensor, srcMask: Tensor? = nil, srcKeyPaddingMask: Tensor? = nil,
                               isCausal: Bool = false) -> Tensor {
        callForward(forward, src, srcMask, srcKeyPaddingMask, isCausal,
                    labels: ["src", "srcMask", "srcKeyPaddingMask", "isCausal"])
    }

    private func selfAttentionBlock(_ x: Tensor, mask: Tensor?, padding: Tensor?, isCausal: Bool) -> Tensor {
        dropout1(selfAttn(x, x, x, keyPaddingMask: padding, needWeights: false, attnMask: mask,
                          isCausal: isCausal && mask != nil).0)
    }

    private func feedForwardBlock(_ x: Tensor) -> Tensor {
        dropout2(linear2(dropout(activation(linear1(x)))))
    }
}
