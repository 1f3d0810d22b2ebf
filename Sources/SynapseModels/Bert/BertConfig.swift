/// The settings of a BERT model, read from a Hugging Face `config.json` (`transformers.BertConfig`).
///
/// Missing fields take transformers' defaults (BERT-base); unknown fields are ignored, as transformers ignores them.
public struct BertConfig: PretrainedConfig, Equatable {
    /// `bert`.
    public static let modelType = "bert"
    /// Number of token ids (`vocab_size`).
    public var vocabSize = 30522
    /// Width of every hidden state (`hidden_size`).
    public var hiddenSize = 768
    /// Number of encoder layers (`num_hidden_layers`).
    public var numHiddenLayers = 12
    /// Number of attention heads per layer (`num_attention_heads`); must divide ``hiddenSize``.
    public var numAttentionHeads = 12
    /// Width of the feed-forward block (`intermediate_size`).
    public var intermediateSize = 3072
    /// The feed-forward activation (`hidden_act`): `gelu`, `gelu_new`, `gelu_pytorch_tanh`, `relu`, `silu`, `tanh`.
    public var hiddenAct = "gelu"
    /// Dropout after embeddings and sub-blocks (`hidden_dropout_prob`).
    public var hiddenDropoutProb = 0.1
    /// Dropout of the attention probabilities (`attention_probs_dropout_prob`).
    public var attentionProbsDropoutProb = 0.1
    /// Number of positions (`max_position_embeddings`).
    public var maxPositionEmbeddings = 512
    /// Number of token types (`type_vocab_size`).
    public var typeVocabSize = 2
    /// The layer norms' epsilon (`layer_norm_eps`).
    public var layerNormEps = 1e-12
    /// The padding token, whose embedding row gets no gradient (`pad_token_id`).
    public var padTokenId: Int? = 0
    /// Only `absolute` position embeddings are supported (`position_embedding_type`).
    public var positionEmbeddingType = "absolute"
    /// Number of classes of ``BertForSequenceClassification`` (`num_labels`, or the size of `id2label`).
    public var numLabels = 2
    /// Dropout before the classifier (`classifier_dropout`); `nil` means ``hiddenDropoutProb``.
    public var classifierDropout: Double? = nil

    /// BERT-base's settings.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size", hiddenSize = "hidden_size", numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads", intermediateSize = "intermediate_size"
        case hiddenAct = "hidden_act", hiddenDropoutProb = "hidden_dropout_prob"
        case attentionProbsDropoutProb = "attention_probs_dropout_prob"
        case maxPositionEmbeddings = "max_position_embeddings", typeVocabSize = "type_vocab_size"
        case layerNormEps = "layer_norm_eps", padTokenId = "pad_token_id"
        case positionEmbeddingType = "position_embedding_type", numLabels = "num_labels"
        case classifierDropout = "classifier_dropout", id2label
    }

    /// Reads a `config.json` object, field by field, keeping the default of every absent field.
    public init(from decoder: Swift.Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func read<T: Decodable>(_ key: CodingKeys, _ value: inout T) throws {
            if let decoded = try c.decodeIfPresent(T.self, forKey: key) { value = decoded }
        }
        try read(.vocabSize, &vocabSize)
        try read(.hiddenSize, &hiddenSize)
        try read(.numHiddenLayers, &numHiddenLayers)
        try read(.numAttentionHeads, &numAttentionHeads)
        try read(.intermediateSize, &intermediateSize)
        try read(.hiddenAct, &hiddenAct)
        try read(.hiddenDropoutProb, &hiddenDropoutProb)
        try read(.attentionProbsDropoutProb, &attentionProbsDropoutProb)
        try read(.maxPositionEmbeddings, &maxPositionEmbeddings)
        try read(.typeVocabSize, &typeVocabSize)
        try read(.layerNormEps, &layerNormEps)
        padTokenId = try c.decodeIfPresent(Int.self, forKey: .padTokenId) ?? (c.contains(.padTokenId) ? nil : 0)
        try read(.positionEmbeddingType, &positionEmbeddingType)
        // transformers writes `id2label` (not `num_labels`) into config.json; its size is the number of labels.
        if let labels = try c.decodeIfPresent([String: String].self, forKey: .id2label) { numLabels = labels.count }
        try read(.numLabels, &numLabels)
        classifierDropout = try c.decodeIfPresent(Double.self, forKey: .classifierDropout)
    }

    /// Writes the fields transformers reads, plus `model_type`.
    public func encode(to encoder: Swift.Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(vocabSize, forKey: .vocabSize)
        try c.encode(hiddenSize, forKey: .hiddenSize)
        try c.encode(numHiddenLayers, forKey: .numHiddenLayers)
        try c.encode(numAttentionHeads, forKey: .numAttentionHeads)
        try c.encode(intermediateSize, forKey: .intermediateSize)
        try c.encode(hiddenAct, forKey: .hiddenAct)
        try c.encode(hiddenDropoutProb, forKey: .hiddenDropoutProb)
        try c.encode(attentionProbsDropoutProb, forKey: .attentionProbsDropoutProb)
        try c.encode(maxPositionEmbeddings, forKey: .maxPositionEmbeddings)
        try c.encode(typeVocabSize, forKey: .typeVocabSize)
        try c.encode(layerNormEps, forKey: .layerNormEps)
        try c.encode(padTokenId, forKey: .padTokenId)
        try c.encode(positionEmbeddingType, forKey: .positionEmbeddingType)
        try c.encode(Dictionary(uniqueKeysWithValues: (0..<numLabels).map { ("\($0)", "LABEL_\($0)") }), forKey: .id2label)
        try c.encodeIfPresent(classifierDropout, forKey: .classifierDropout)
    }

    /// Throws when the settings can't describe a model this port builds.
    public func validate() throws(PretrainedError) {
        guard numAttentionHeads > 0, hiddenSize % numAttentionHeads == 0 else {
            throw .invalidConfig("hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(numAttentionHeads)")
        }
        guard positionEmbeddingType == "absolute" else {
            throw .invalidConfig("position_embedding_type '\(positionEmbeddingType)' is not supported (expected 'absolute')")
        }
        for (name, value) in [("vocab_size", vocabSize), ("hidden_size", hiddenSize), ("num_hidden_layers", numHiddenLayers),
                              ("intermediate_size", intermediateSize), ("max_position_embeddings", maxPositionEmbeddings),
                              ("type_vocab_size", typeVocabSize), ("num_labels", numLabels)] where value <= 0 {
            throw .invalidConfig("\(name) must be positive, found \(value)")
        }
        _ = try Activation.named(hiddenAct)
    }
}
