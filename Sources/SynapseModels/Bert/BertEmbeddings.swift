/// Word, position and token-type embeddings, summed, normalised and dropped out (transformers' `BertEmbeddings`).
///
/// Properties keep transformers' names, so the state-dict keys are transformers' (`word_embeddings.weight`,
/// `LayerNorm.weight`, …).
public final class BertEmbeddings: Module {
    /// One row per token id.
    public let word_embeddings: Embedding
    /// One row per position.
    public let position_embeddings: Embedding
    /// One row per token type (segment A, B).
    public let token_type_embeddings: Embedding
    /// Normalises the summed embeddings.
    public let LayerNorm: LayerNorm
    /// Dropout after the normalisation.
    public let dropout: Dropout
    /// `arange(maxPositionEmbeddings)` as `[1, max]`; not saved (older checkpoints hold it: reported, not loaded).
    public let position_ids: Buffer

    /// The embeddings of `config`, initialised as Synapse's layers are (load weights to use them).
    public init(_ config: BertConfig) {
        word_embeddings = Embedding(config.vocabSize, config.hiddenSize, paddingIdx: config.padTokenId)
        position_embeddings = Embedding(config.maxPositionEmbeddings, config.hiddenSize)
        token_type_embeddings = Embedding(config.typeVocabSize, config.hiddenSize)
        LayerNorm = .init(config.hiddenSize, eps: config.layerNormEps)
        dropout = Dropout(config.hiddenDropoutProb)
        position_ids = Buffer(Tensor.arange(config.maxPositionEmbeddings).unsqueeze(0), persistent: false)
        super.init()
    }

    /// The embeddings `[batch, length, hidden]` of `inputIds` `[batch, length]`; token types default to 0.
    public func forward(_ inputIds: Tensor, tokenTypeIds: Tensor?) -> Tensor {
        let length = inputIds.size(1)
        precondition(length <= position_ids.size(1),
                     "sequence length \(length) exceeds max_position_embeddings \(position_ids.size(1))")
        let tokenTypeIds = tokenTypeIds ?? Tensor.zeros(inputIds.shape, dtype: .int64)
        var embeddings = word_embeddings(inputIds) + token_type_embeddings(tokenTypeIds)
        embeddings = embeddings + position_embeddings(position_ids[.all, 0..<length])
        return dropout(LayerNorm(embeddings))
    }

    /// Runs ``forward(_:tokenTypeIds:)`` through the module's hooks.
    public func callAsFunction(_ inputIds: Tensor, tokenTypeIds: Tensor? = nil) -> Tensor {
        callForward(forward, inputIds, tokenTypeIds, labels: ["inputIds", "tokenTypeIds"])
    }
}
