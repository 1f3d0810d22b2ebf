/// The BERT encoder with its pooler (transformers' `BertModel`): the same modules, keys and outputs.
///
/// ```swift
/// let (bert, report) = try BertModel.fromPretrained(URL(fileURLWithPath: "all-MiniLM-L6-v2"))
/// let (states, pooled) = bert(ids, attentionMask: mask)
/// let vectors = bert.sentenceEmbeddings(ids, attentionMask: mask)   // mean pooling, unit length
/// ```
public final class BertModel: Module, PretrainedModel {
    /// The settings the model was built from.
    public let config: BertConfig
    /// Word, position and token-type embeddings.
    public let embeddings: BertEmbeddings
    /// The encoder layers.
    public let encoder: BertEncoder
    /// The pooler of the first token.
    public let pooler: BertPooler

    /// A model of `config` with Synapse's default initialisation (load weights to use it).
    public init(_ config: BertConfig) {
        self.config = config
        embeddings = BertEmbeddings(config)
        encoder = BertEncoder(config)
        pooler = BertPooler(config)
        super.init()
    }

    /// transformers' `base_model_prefix`: the key prefix under which task models hold this model.
    public static let baseModelPrefix = "bert"

    /// The additive mask the attention adds to its scores: `(1 - mask[:, None, None, :]) * finfo.min`.
    public static func extendedAttentionMask(_ attentionMask: Tensor) -> Tensor {
        (1.0 - attentionMask[.all, .newAxis, .newAxis, .all].to(.float32)) * DType.float32.finfo.min
    }

    /// The last layer's states `[batch, length, hidden]` and the pooled first token `[batch, hidden]` of
    /// `inputIds` `[batch, length]`; `attentionMask` is 1 for tokens and 0 for padding.
    public func forward(_ inputIds: Tensor, attentionMask: Tensor?, tokenTypeIds: Tensor?)
        -> (lastHiddenState: Tensor, poolerOutput: Tensor) {
        let embedded = embeddings(inputIds, tokenTypeIds: tokenTypeIds)
        let lastHiddenState = encoder(embedded, attentionMask: attentionMask.map(Self.extendedAttentionMask))
        return (lastHiddenState, pooler(lastHiddenState))
    }

    /// Runs ``forward(_:attentionMask:tokenTypeIds:)`` through the module's hooks.
    public func callAsFunction(_ inputIds: Tensor, attentionMask: Tensor? = nil, tokenTypeIds: Tensor? = nil)
        -> (lastHiddenState: Tensor, poolerOutput: Tensor) {
        callForward(forward, inputIds, attentionMask, tokenTypeIds, labels: ["inputIds", "attentionMask", "tokenTypeIds"])
    }

    /// One vector per sequence, as sentence-transformers computes it: the mean of the last hidden states over the
    /// tokens the mask keeps, scaled to unit length (`[batch, hidden]`).
    public func sentenceEmbeddings(_ inputIds: Tensor, attentionMask: Tensor, tokenTypeIds: Tensor? = nil,
                                   normalize: Bool = true) -> Tensor {
        let states = self(inputIds, attentionMask: attentionMask, tokenTypeIds: tokenTypeIds).lastHiddenState
        let mask = attentionMask.unsqueeze(-1).to(states.dtype)
        let mean = (states * mask).sum(dim: 1) / mask.sum(dim: 1).clamp(min: 1e-9)
        guard normalize else { return mean }
        return mean / mean.norm(p: 2, dims: [1], keepdim: true).clamp(min: 1e-12)
    }
}
