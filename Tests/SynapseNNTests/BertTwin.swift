import SynapseNN

// Hugging Face's BertModel (transformers/models/bert/modeling_bert.py, eager attention), ported the way a user
// would port it: same classes, same attribute names (so the same state-dict keys), same forward code.
// Attributes keep transformers' snake_case names, the state-dict contract, except `attention.self`: `self` is a
// Swift keyword, and a backticked `` let `self` `` would make a bare `` `self`(x) `` call the enclosing module, so
// the property is `selfAttention`, keyed `self` through memberName(forProperty:).

/// The settings of a BERT model (`transformers.BertConfig`), decodable from its `to_dict()`.
struct BertConfig: Decodable, Sendable {
    var vocabSize = 30522
    var hiddenSize = 768
    var numHiddenLayers = 12
    var numAttentionHeads = 12
    var intermediateSize = 3072
    var hiddenAct = "gelu"
    var hiddenDropoutProb = 0.1
    var attentionProbsDropoutProb = 0.1
    var maxPositionEmbeddings = 512
    var typeVocabSize = 2
    var layerNormEps = 1e-12
    var padTokenId = 0

    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size", hiddenSize = "hidden_size", numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads", intermediateSize = "intermediate_size"
        case hiddenAct = "hidden_act", hiddenDropoutProb = "hidden_dropout_prob"
        case attentionProbsDropoutProb = "attention_probs_dropout_prob"
        case maxPositionEmbeddings = "max_position_embeddings", typeVocabSize = "type_vocab_size"
        case layerNormEps = "layer_norm_eps"
    }
}

/// Word, position and token-type embeddings, summed, normalised and dropped out.
final class BertEmbeddings: Module {
    let word_embeddings: Embedding
    let position_embeddings: Embedding
    let token_type_embeddings: Embedding
    let LayerNorm: LayerNorm
    let dropout: Dropout
    /// `arange(maxPositionEmbeddings)` as `[1, max]`; not saved.
    let position_ids: Buffer
    /// Zeros shaped like `position_ids`, the token types when the caller gives none; not saved.
    let token_type_ids: Buffer

    init(_ config: BertConfig) {
        word_embeddings = Embedding(config.vocabSize, config.hiddenSize, paddingIdx: config.padTokenId)
        position_embeddings = Embedding(config.maxPositionEmbeddings, config.hiddenSize)
        token_type_embeddings = Embedding(config.typeVocabSize, config.hiddenSize)
        LayerNorm = .init(config.hiddenSize, eps: config.layerNormEps)
        dropout = Dropout(config.hiddenDropoutProb)
        let positions = Tensor.arange(config.maxPositionEmbeddings).expand(1, config.maxPositionEmbeddings)
        position_ids = Buffer(positions, persistent: false)
        token_type_ids = Buffer(Tensor.zeros(positions.shape, dtype: .int64), persistent: false)
        super.init()
    }

    /// The embeddings of `inputIds` `[batch, length]`: `[batch, length, hidden]`.
    func forward(_ inputIds: Tensor, tokenTypeIds: Tensor?) -> Tensor {
        let length = inputIds.size(1)
        let positionIds = position_ids[.all, 0..<length]
        let tokenTypeIds = tokenTypeIds ?? token_type_ids[.all, 0..<length].expand(inputIds.shape)
        var embeddings = word_embeddings(inputIds) + token_type_embeddings(tokenTypeIds)
        embeddings = embeddings + position_embeddings(positionIds)
        return dropout(LayerNorm(embeddings))
    }

    func callAsFunction(_ inputIds: Tensor, tokenTypeIds: Tensor? = nil) -> Tensor {
        callForward(forward, inputIds, tokenTypeIds, labels: ["inputIds", "tokenTypeIds"])
    }
}

/// Multi-head scaled dot-product self-attention with an additive mask.
final class BertSelfAttention: Module {
    let numAttentionHeads: Int
    let attentionHeadSize: Int
    let query: Linear
    let key: Linear
    let value: Linear
    let dropout: Dropout

    init(_ config: BertConfig) {
        precondition(config.hiddenSize % config.numAttentionHeads == 0, "hidden size must split into heads")
        numAttentionHeads = config.numAttentionHeads
        attentionHeadSize = config.hiddenSize / config.numAttentionHeads
        query = Linear(config.hiddenSize, config.hiddenSize)
        key = Linear(config.hiddenSize, config.hiddenSize)
        value = Linear(config.hiddenSize, config.hiddenSize)
        dropout = Dropout(config.attentionProbsDropoutProb)
        super.init()
    }

    /// The attention context of `hiddenStates` `[batch, length, hidden]`; `attentionMask` is added to the scores
    /// (`[batch, 1, 1, length]`, 0 where a key takes part, the dtype's minimum where it does not).
    func forward(_ hiddenStates: Tensor, attentionMask: Tensor?) -> Tensor {
        let (batch, length) = (hiddenStates.size(0), hiddenStates.size(1))
        func heads(_ x: Tensor) -> Tensor { x.view(batch, length, -1, attentionHeadSize).transpose(1, 2) }
        let query = heads(self.query(hiddenStates))
        let key = heads(self.key(hiddenStates)), value = heads(self.value(hiddenStates))
        let scaling = 1 / Double(attentionHeadSize).squareRoot()
        var scores = query.matmul(key.transpose(2, 3)) * scaling
        if let attentionMask { scores = scores + attentionMask }
        let probabilities = dropout(scores.softmax(dim: -1))
        let context = probabilities.matmul(value).transpose(1, 2).contiguous()
        return context.reshape(batch, length, -1)
    }

    func callAsFunction(_ hiddenStates: Tensor, attentionMask: Tensor? = nil) -> Tensor {
        callForward(forward, hiddenStates, attentionMask, labels: ["hiddenStates", "attentionMask"])
    }
}

/// The projection after attention, with the residual connection and normalisation.
final class BertSelfOutput: Module {
    let dense: Linear
    let LayerNorm: LayerNorm
    let dropout: Dropout

    init(_ config: BertConfig) {
        dense = Linear(config.hiddenSize, config.hiddenSize)
        LayerNorm = .init(config.hiddenSize, eps: config.layerNormEps)
        dropout = Dropout(config.hiddenDropoutProb)
        super.init()
    }

    /// `LayerNorm(dropout(dense(hiddenStates)) + input)`.
    func forward(_ hiddenStates: Tensor, input: Tensor) -> Tensor {
        LayerNorm(dropout(dense(hiddenStates)) + input)
    }

    func callAsFunction(_ hiddenStates: Tensor, _ input: Tensor) -> Tensor {
        callForward(forward, hiddenStates, input, labels: ["hiddenStates", "inputTensor"])
    }
}

/// Self-attention followed by its output block.
final class BertAttention: Module {
    let selfAttention: BertSelfAttention
    let output: BertSelfOutput

    init(_ config: BertConfig) {
        selfAttention = BertSelfAttention(config)
        output = BertSelfOutput(config)
        super.init()
    }

    func forward(_ hiddenStates: Tensor, attentionMask: Tensor?) -> Tensor {
        output(selfAttention(hiddenStates, attentionMask: attentionMask), hiddenStates)
    }

    /// transformers' key for `selfAttention`.
    override class func memberName(forProperty property: String) -> String {
        property == "selfAttention" ? "self" : super.memberName(forProperty: property)
    }

    func callAsFunction(_ hiddenStates: Tensor, attentionMask: Tensor? = nil) -> Tensor {
        callForward(forward, hiddenStates, attentionMask, labels: ["hiddenStates", "attentionMask"])
    }
}

/// The feed-forward expansion: `gelu(dense(x))`.
final class BertIntermediate: Module {
    let dense: Linear
    let intermediate_act_fn: GELU

    init(_ config: BertConfig) {
        precondition(config.hiddenAct == "gelu", "this port knows only hidden_act 'gelu', not \(config.hiddenAct)")
        dense = Linear(config.hiddenSize, config.intermediateSize)
        intermediate_act_fn = GELU()
        super.init()
    }

    override func forward(_ hiddenStates: Tensor) -> Tensor { intermediate_act_fn(dense(hiddenStates)) }
}

/// The feed-forward contraction, with the residual connection and normalisation.
final class BertOutput: Module {
    let dense: Linear
    let LayerNorm: LayerNorm
    let dropout: Dropout

    init(_ config: BertConfig) {
        dense = Linear(config.intermediateSize, config.hiddenSize)
        LayerNorm = .init(config.hiddenSize, eps: config.layerNormEps)
        dropout = Dropout(config.hiddenDropoutProb)
        super.init()
    }

    /// `LayerNorm(dropout(dense(hiddenStates)) + input)`.
    func forward(_ hiddenStates: Tensor, input: Tensor) -> Tensor {
        LayerNorm(dropout(dense(hiddenStates)) + input)
    }

    func callAsFunction(_ hiddenStates: Tensor, _ input: Tensor) -> Tensor {
        callForward(forward, hiddenStates, input, labels: ["hiddenStates", "inputTensor"])
    }
}

/// One transformer encoder layer: attention, then the feed-forward block.
final class BertLayer: Module {
    let attention: BertAttention
    let intermediate: BertIntermediate
    let output: BertOutput

    init(_ config: BertConfig) {
        attention = BertAttention(config)
        intermediate = BertIntermediate(config)
        output = BertOutput(config)
        super.init()
    }

    func forward(_ hiddenStates: Tensor, attentionMask: Tensor?) -> Tensor {
        let attended = attention(hiddenStates, attentionMask: attentionMask)
        return output(intermediate(attended), attended)
    }

    func callAsFunction(_ hiddenStates: Tensor, attentionMask: Tensor? = nil) -> Tensor {
        callForward(forward, hiddenStates, attentionMask, labels: ["hiddenStates", "attentionMask"])
    }
}

/// The stack of encoder layers.
final class BertEncoder: Module {
    let layer: ModuleList<BertLayer>

    init(_ config: BertConfig) {
        layer = ModuleList((0..<config.numHiddenLayers).map { _ in BertLayer(config) })
        super.init()
    }

    func forward(_ hiddenStates: Tensor, attentionMask: Tensor?) -> Tensor {
        var hiddenStates = hiddenStates
        for block in layer { hiddenStates = block(hiddenStates, attentionMask: attentionMask) }
        return hiddenStates
    }

    func callAsFunction(_ hiddenStates: Tensor, attentionMask: Tensor? = nil) -> Tensor {
        callForward(forward, hiddenStates, attentionMask, labels: ["hiddenStates", "attentionMask"])
    }
}

/// `tanh(dense(h[:, 0]))`: the first token's state, pooled.
final class BertPooler: Module {
    let dense: Linear
    let activation = Tanh()

    init(_ config: BertConfig) {
        dense = Linear(config.hiddenSize, config.hiddenSize)
        super.init()
    }

    override func forward(_ hiddenStates: Tensor) -> Tensor { activation(dense(hiddenStates[.all, 0])) }
}

/// The BERT encoder with its pooler (`transformers.BertModel`).
final class BertModel: Module {
    let embeddings: BertEmbeddings
    let encoder: BertEncoder
    let pooler: BertPooler

    init(_ config: BertConfig) {
        embeddings = BertEmbeddings(config)
        encoder = BertEncoder(config)
        pooler = BertPooler(config)
        super.init()
    }

    /// The additive mask the encoder's attention adds to its scores: `(1 - mask[:, None, None, :]) * min`.
    static func extendedAttentionMask(_ attentionMask: Tensor) -> Tensor {
        (1.0 - attentionMask[.all, .newAxis, .newAxis, .all].to(.float32)) * DType.float32.finfo.min
    }

    /// The last layer's states `[batch, length, hidden]` and the pooled first token `[batch, hidden]`.
    func forward(_ inputIds: Tensor, attentionMask: Tensor?, tokenTypeIds: Tensor?)
        -> (lastHiddenState: Tensor, poolerOutput: Tensor) {
        let embedded = embeddings(inputIds, tokenTypeIds: tokenTypeIds)
        let mask = attentionMask.map(Self.extendedAttentionMask)
        let lastHiddenState = encoder(embedded, attentionMask: mask)
        return (lastHiddenState, pooler(lastHiddenState))
    }

    func callAsFunction(_ inputIds: Tensor, attentionMask: Tensor? = nil, tokenTypeIds: Tensor? = nil)
        -> (lastHiddenState: Tensor, poolerOutput: Tensor) {
        callForward(forward, inputIds, attentionMask, tokenTypeIds,
                    labels: ["inputIds", "attentionMask", "tokenTypeIds"])
    }
}
