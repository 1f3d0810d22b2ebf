/// The settings of a GPT-2 model, read from a Hugging Face `config.json` (`transformers.GPT2Config`).
///
/// Missing fields take transformers' defaults (GPT-2 small); unknown fields are ignored.
public struct GPT2Config: PretrainedConfig, Equatable {
    /// `gpt2`.
    public static let modelType = "gpt2"
    /// Number of token ids (`vocab_size`).
    public var vocabSize = 50257
    /// Number of positions, the longest context (`n_positions`).
    public var nPositions = 1024
    /// Width of every hidden state (`n_embd`).
    public var nEmbd = 768
    /// Number of blocks (`n_layer`).
    public var nLayer = 12
    /// Number of attention heads (`n_head`); must divide ``nEmbd``.
    public var nHead = 12
    /// The MLP's width (`n_inner`); `nil` means `4 * nEmbd`.
    public var nInner: Int? = nil
    /// The MLP's activation (`activation_function`): `gelu_new` and the others ``BertConfig/hiddenAct`` accepts.
    public var activationFunction = "gelu_new"
    /// Dropout after the attention and the MLP (`resid_pdrop`).
    public var residPdrop = 0.1
    /// Dropout after the embeddings (`embd_pdrop`).
    public var embdPdrop = 0.1
    /// Dropout of the attention probabilities (`attn_pdrop`).
    public var attnPdrop = 0.1
    /// The layer norms' epsilon (`layer_norm_epsilon`).
    public var layerNormEpsilon = 1e-5
    /// Whether attention scores are divided by √(head width) (`scale_attn_weights`).
    public var scaleAttnWeights = true
    /// Whether `lm_head` shares the token embedding's weight (`tie_word_embeddings`).
    public var tieWordEmbeddings = true
    /// The end-of-text token (`eos_token_id`), where generation stops by default.
    public var eosTokenId: Int? = 50256
    /// The beginning-of-text token (`bos_token_id`).
    public var bosTokenId: Int? = 50256
    /// Not supported when `true` (`scale_attn_by_inverse_layer_idx`).
    public var scaleAttnByInverseLayerIdx = false
    /// Not supported when `true` (`reorder_and_upcast_attn`).
    public var reorderAndUpcastAttn = false

    /// GPT-2 small's settings.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size", nPositions = "n_positions", nEmbd = "n_embd", nLayer = "n_layer"
        case nHead = "n_head", nInner = "n_inner", activationFunction = "activation_function"
        case residPdrop = "resid_pdrop", embdPdrop = "embd_pdrop", attnPdrop = "attn_pdrop"
        case layerNormEpsilon = "layer_norm_epsilon", scaleAttnWeights = "scale_attn_weights"
        case tieWordEmbeddings = "tie_word_embeddings", eosTokenId = "eos_token_id", bosTokenId = "bos_token_id"
        case scaleAttnByInverseLayerIdx = "scale_attn_by_inverse_layer_idx"
        case reorderAndUpcastAttn = "reorder_and_upcast_attn"
    }

    /// Reads a `config.json` object, keeping the default of every absent field.
    public init(from decoder: Swift.Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func read<T: Decodable>(_ key: CodingKeys, _ value: inout T) throws {
            if let decoded = try c.decodeIfPresent(T.self, forKey: key) { value = decoded }
        }
        try read(.vocabSize, &vocabSize)
        try read(.nPositions, &nPositions)
        try read(.nEmbd, &nEmbd)
        try read(.nLayer, &nLayer)
        try read(.nHead, &nHead)
        nInner = try c.decodeIfPresent(Int.self, forKey: .nInner)
        try read(.activationFunction, &activationFunction)
        try read(.residPdrop, &residPdrop)
        try read(.embdPdrop, &embdPdrop)
        try read(.attnPdrop, &attnPdrop)
        try read(.layerNormEpsilon, &layerNormEpsilon)
        try read(.scaleAttnWeights, &scaleAttnWeights)
        try read(.tieWordEmbeddings, &tieWordEmbeddings)
        if c.contains(.eosTokenId) { eosTokenId = try c.decodeIfPresent(Int.self, forKey: .eosTokenId) }
        if c.contains(.bosTokenId) { bosTokenId = try c.decodeIfPresent(Int.self, forKey: .bosTokenId) }
        try read(.scaleAttnByInverseLayerIdx, &scaleAttnByInverseLayerIdx)
        try read(.reorderAndUpcastAttn, &reorderAndUpcastAttn)
    }

    /// Throws when the settings can't describe a model this port builds.
    public func validate() throws(PretrainedError) {
        guard nHead > 0, nEmbd % nHead == 0 else {
            throw .invalidConfig("n_embd \(nEmbd) is not a multiple of n_head \(nHead)")
        }
        for (name, value) in [("vocab_size", vocabSize), ("n_positions", nPositions), ("n_embd", nEmbd),
                              ("n_layer", nLayer), ("n_inner", nInner ?? 1)] where value <= 0 {
            throw .invalidConfig("\(name) must be positive, found \(value)")
        }
        guard !scaleAttnByInverseLayerIdx, !reorderAndUpcastAttn else {
            throw .invalidConfig("scale_attn_by_inverse_layer_idx and reorder_and_upcast_attn are not supported")
        }
        _ = try Activation.named(activationFunction)
    }
}
