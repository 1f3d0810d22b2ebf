/// One decoder layer of the transformer (`torch.nn.TransformerDecoderLayer`): self-attention over the target,
/// attention to the encoder's output (`memory`) and a feed-forward block, each with a residual connection and
/// layer normalisation, after (default) or before (`normFirst`) it.
///
/// ```swift
/// let layer = TransformerDecoderLayer(dModel: 512, nhead: 8)
/// let y = layer(tgt, memory, tgtMask: Transformer.generateSquareSubsequentMask(tgt.shape[0]))
/// ```
open class TransformerDecoderLayer: Module {
    /// Self-attention over the target.
    public let selfAttn: MultiheadAttention
    /// Attention from the target to the memory.
    public let multiheadAttn: MultiheadAttention
    /// The feed-forward block's first product.
    public let linear1: Linear
    /// Dropout after the activation.
    public let dropout: Dropout
    /// The feed-forward block's second product.
    public let linear2: Linear
    /// Normalisation around self-attention.
    public let norm1: LayerNorm
    /// Normalisation around attention to the memory.
    public let norm2: LayerNorm
    /// Normalisation around the feed-forward block.
    public let norm3: LayerNorm
    /// Dropout of the self-attention output.
    public let dropout1: Dropout
    /// Dropout of the memory attention's output.
    public let dropout2: Dropout
    /// Dropout of the feed-forward output.
    public let dropout3: Dropout
    /// The feed-forward activation.
    public let activation: TransformerActivation
    /// Whether normalisation comes before each block.
    public let normFirst: Bool
    let settings: TransformerLayerSettings

    /// A layer with PyTorch's defaults, drawn in PyTorch's order.
    public init(dModel: Int, nhead: Int, dimFeedforward: Int = 2048, dropout: Double = 0.1,
                activation: TransformerActivation = .relu, layerNormEps: Double = 1e-5, batchFirst: Bool = false,
                normFirst: Bool = false, bias: Bool = true, dtype: DType = .float32, generator: Generator? = nil) {
        settings = TransformerLayerSettings(dModel: dModel, nhead: nhead, dimFeedforward: dimFeedforward,
                                            dropout: dropout, activation: activation, layerNormEps: layerNormEps,
                                            batchFirst: batchFirst, normFirst: normFirst, bias: bias, dtype: dtype)
        selfAttn = MultiheadAttention(dModel, nhead, dropout: dropout, bias: bias, batchFirst: batchFirst,
                                      dtype: dtype, generator: generator)
        multiheadAttn = MultiheadAttention(dModel, nhead, dropout: dropout, bias: bias, batchFirst: batchFirst,
                                           dtype: dtype, generator: generator)
        linear1 = Linear(dModel, dimFeedforward, bias: bias, dtype: dtype, generator: generator)
        self.dropout = Dropout(dropout)
        linear2 = Linear(dimFeedforward, dModel, bias: bias, dtype: dtype, generator: generator)
        self.normFirst = normFirst
        norm1 = LayerNorm(dModel, eps: layerNormEps, bias: bias, dtype: dtype)
        norm2 = LayerNorm(dModel, eps: layerNormEps, bias: bias, dtype: dtype)
        norm3 = LayerNorm(dModel, eps: layerNormEps, bias: bias, dtype: dtype)
        dropout1 = Dropout(dropout)
        dropout2 = Dropout(dropout)
        dropout3 = Dropout(dropout)
        self.activation = activation
        super.init()
    }

    /// PyTorch's keys for `selfAttn` and `multiheadAttn`.
    open override class func memberName(forProperty property: String) -> String {
        switch property {
        case "selfAttn": "self_attn"
        case "multiheadAttn": "multihead_attn"
        default: super.memberName(forProperty: property)
        }
    }

    /// A copy with the same settings and values, drawing no random numbers.
    public func copy() -> TransformerDecoderLayer {
        let s = settings
        let clone = TransformerDecoderLayer(
            dModel: s.dModel, nhead: s.nhead, dimFeedforward: s.dimFeedforward, dropout: s.dropout,
            activation: s.activation, layerNormEps: s.layerNormEps, batchFirst: s.batchFirst, normFirst: s.normFirst,
            bias: s.bias, dtype: s.dtype, generator: Generator(seed: 0))
        clone.copyState(from: self)
        return clone
    }

    /// Decodes `tgt` attending to `memory`.
    open func forward(
        _ tgt: Tensor, _ memory: Tensor, tgtMask: Tensor?, memoryMask: Tensor?, tgtKeyPaddingMask: Tensor?,
        memoryKeyPaddingMask: Tensor?, tgtIsCausal: Bool, memoryIsCausal: Bool
    ) -> Tensor {
        var x = tgt
        if normFirst {
            x = x + selfAttentionBlock(norm1(x), mask: tgtMask, padding: tgtKeyPaddingMask, isCausal: tgtIsCausal)
            x = x + memoryBlock(norm2(x), memory, mask: memoryMask, padding: memoryKeyPaddingMask,
                                isCausal: memoryIsCausal)
            x = x + feedForwardBlock(norm3(x))
        } else {
            x = norm1(x + selfAttentionBlock(x, mask: tgtMask, padding: tgtKeyPaddingMask, isCausal: tgtIsCausal))
            x = norm2(x + memoryBlock(x, memory, mask: memoryMask, padding: memoryKeyPaddingMask,
                                      isCausal: memoryIsCausal))
            x = norm3(x + feedForwardBlock(x))
        }
        return x
    }

    /// Runs the layer with its hooks; masks as in ``MultiheadAttention``.
    public func callAsFunction(
        _ tgt: Tensor, _ memory: Tensor, tgtMask: Tensor? = nil, memoryMask: Tensor? = nil,
        tgtKeyPaddingMask: Tensor? = nil, memoryKeyPaddingMask: Tensor? = nil, tgtIsCausal: Bool = false,
        memoryIsCausal: Bool = false
    ) -> Tensor {
        callForward(forward, tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, tgtIsCausal,
                    memoryIsCausal, labels: Self.argumentLabels)
    }

    /// The names hooks see the arguments of a decoder call by (shared with ``TransformerDecoder``).
    static let argumentLabels = ["tgt", "memory", "tgtMask", "memoryMask", "tgtKeyPaddingMask", "memoryKeyPaddingMask",
                                 "tgtIsCausal", "memoryIsCausal"]

    private func selfAttentionBlock(_ x: Tensor, mask: Tensor?, padding: Tensor?, isCausal: Bool) -> Tensor {
        dropout1(selfAttn(x, x, x, keyPaddingMask: padding, needWeights: false, attnMask: mask,
                          isCausal: isCausal && mask != nil).0)
    }

    private func memoryBlock(_ x: Tensor, _ memory: Tensor, mask: Tensor?, padding: Tensor?, isCausal: Bool) -> Tensor {
        dropout2(multiheadAttn(x, memory, memory, keyPaddingMask: padding, needWeights: false, attnMask: mask,
                               isCausal: isCausal && mask != nil).0)
    }

    private func feedForwardBlock(_ x: Tensor) -> Tensor {
        dropout3(linear2(dropout(activation(linear1(x)))))
    }
}
