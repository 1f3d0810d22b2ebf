/// The encoder-decoder transformer of "Attention Is All You Need" (`torch.nn.Transformer`): an encoder and a
/// decoder stack, each ending in a layer normalisation, with every matrix redrawn by `xavier_uniform_` after
/// construction, as PyTorch does.
///
/// ```swift
/// let model = Transformer(dModel: 16, nhead: 4, numEncoderLayers: 2, numDecoderLayers: 2, dimFeedforward: 32)
/// let out = model(src, tgt, tgtMask: Transformer.generateSquareSubsequentMask(tgt.shape[0]))
/// ```
open class Transformer: Module {
    /// The encoder stack.
    public let encoder: TransformerEncoder
    /// The decoder stack.
    public let decoder: TransformerDecoder
    /// The model size.
    public let dModel: Int
    /// The number of attention heads.
    public let nhead: Int
    /// Whether inputs are `[N, S, E]`.
    public let batchFirst: Bool

    /// A transformer with PyTorch's defaults (`dModel` 512, 8 heads, 6 + 6 layers, feed-forward 2048, dropout
    /// 0.1), drawn in PyTorch's order: the encoder layer and its norm, the decoder layer and its norm, then
    /// `xavier_uniform_` on every parameter of more than one dimension.
    public init(dModel: Int = 512, nhead: Int = 8, numEncoderLayers: Int = 6, numDecoderLayers: Int = 6,
                dimFeedforward: Int = 2048, dropout: Double = 0.1, activation: TransformerActivation = .relu,
                customEncoder: TransformerEncoder? = nil, customDecoder: TransformerDecoder? = nil,
                layerNormEps: Double = 1e-5, batchFirst: Bool = false, normFirst: Bool = false, bias: Bool = true,
                dtype: DType = .float32, generator: Generator? = nil) {
        encoder = customEncoder ?? TransformerEncoder(
            TransformerEncoderLayer(dModel: dModel, nhead: nhead, dimFeedforward: dimFeedforward, dropout: dropout,
                                    activation: activation, layerNormEps: layerNormEps, batchFirst: batchFirst,
                                    normFirst: normFirst, bias: bias, dtype: dtype, generator: generator),
            numLayers: numEncoderLayers, norm: LayerNorm(dModel, eps: layerNormEps, bias: bias, dtype: dtype))
        decoder = customDecoder ?? TransformerDecoder(
            TransformerDecoderLayer(dModel: dModel, nhead: nhead, dimFeedforward: dimFeedforward, dropout: dropout,
                                    activation: activation, layerNormEps: layerNormEps, batchFirst: batchFirst,
                                    normFirst: normFirst, bias: bias, dtype: dtype, generator: generator),
            numLayers: numDecoderLayers, norm: LayerNorm(dModel, eps: layerNormEps, bias: bias, dtype: dtype))
        self.dModel = dModel
        self.nhead = nhead
        self.batchFirst = batchFirst
        super.init()
        resetParameters(generator: generator)
    }

    /// `xavier_uniform_` on every parameter with more than one dimension, in parameter order.
    open func resetParameters(generator: Generator? = nil) {
        for parameter in parameters() where parameter.rank > 1 { Init.xavierUniform_(parameter, generator: generator) }
    }

    /// Encodes `src`, then decodes `tgt` attending to the encoding.
    open func forward(
        _ src: Tensor, _ tgt: Tensor, srcMask: Tensor?, tgtMask: Tensor?, memoryMask: Tensor?,
        srcKeyPaddingMask: Tensor?, tgtKeyPaddingMask: Tensor?, memoryKeyPaddingMask: Tensor?
    ) -> Tensor {
        let batched = src.rank == 3
        let batchDim = batchFirst ? 0 : 1
        check(!batched || src.shape[batchDim] == tgt.shape[batchDim], "the batch number of src and tgt must be equal")
        check(src.shape.last == dModel && tgt.shape.last == dModel,
              "the feature number of src and tgt must be equal to d_model")
        let memory = encoder(src, mask: srcMask, srcKeyPaddingMask: srcKeyPaddingMask)
        return decoder(tgt, memory, tgtMask: tgtMask, memoryMask: memoryMask, tgtKeyPaddingMask: tgtKeyPaddingMask,
                       memoryKeyPaddingMask: memoryKeyPaddingMask)
    }

    /// Runs the model with its hooks.
    public func callAsFunction(
        _ src: Tensor, _ tgt: Tensor, srcMask: Tensor? = nil, tgtMask: Tensor? = nil, memoryMask: Tensor? = nil,
        srcKeyPaddingMask: Tensor? = nil, tgtKeyPaddingMask: Tensor? = nil, memoryKeyPaddingMask: Tensor? = nil
    ) -> Tensor {
        callForward(forward, src, tgt, srcMask, tgtMask, memoryMask, srcKeyPaddingMask, tgtKeyPaddingMask,
                    memoryKeyPaddingMask, labels: ["src", "tgt", "srcMask", "tgtMask", "memoryMask",
                                                   "srcKeyPaddingMask", "tgtKeyPaddingMask", "memoryKeyPaddingMask"])
    }

    /// The `[size, size]` float mask with -inf above the diagonal and 0 elsewhere
    /// (`Transformer.generate_square_subsequent_mask`), for causal decoding.
    public static func generateSquareSubsequentMask(_ size: Int, dtype: DType = .float32) -> Tensor {
        Tensor.zeros([size, size], dtype: dtype).maskedFill(.!Functional.causalMask(size, size), -Double.infinity)
    }
}
