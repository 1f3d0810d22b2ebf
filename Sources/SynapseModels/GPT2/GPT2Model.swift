/// The GPT-2 decoder stack without a head (transformers' `GPT2Model`): keys `wte.weight`, `h.0.attn.c_attn.weight`…
public final class GPT2Model: Module, PretrainedModel {
    /// The settings the model was built from.
    public let config: GPT2Config
    /// Token embeddings.
    public let wte: Embedding
    /// Position embeddings.
    public let wpe: Embedding
    /// Dropout after the embeddings.
    public let drop: Dropout
    /// The blocks.
    public let h: ModuleList<GPT2Block>
    /// The final layer norm.
    public let ln_f: LayerNorm

    /// A model of `config` (transformers' initialisation of `Conv1D`; Synapse's defaults elsewhere).
    public init(_ config: GPT2Config) {
        self.config = config
        wte = Embedding(config.vocabSize, config.nEmbd)
        wpe = Embedding(config.nPositions, config.nEmbd)
        drop = Dropout(config.embdPdrop)
        h = ModuleList((0..<config.nLayer).map { GPT2Block(config, layerIndex: $0) })
        ln_f = LayerNorm(config.nEmbd, eps: config.layerNormEpsilon)
        super.init()
    }

    /// transformers' `base_model_prefix`.
    public static let baseModelPrefix = "transformer"

    /// The additive mask `[batch, 1, length, past + length]`: 0 where new position `i` may see key `j`
    /// (`j <= past + i`, and the key is not padding in `attentionMask` `[batch, past + length]`), the dtype's
    /// minimum elsewhere.
    public static func causalMask(_ attentionMask: Tensor?, batch: Int, length: Int, past: Int) -> Tensor {
        let keys = Tensor.arange(past + length)
        let queries = Tensor.arange(past, past + length)
        var allowed = (keys[.newAxis, .all] .<= queries[.all, .newAxis])[.newAxis, .newAxis]
            .expand(batch, 1, length, past + length)
        if let attentionMask { allowed = allowed .& (attentionMask[.all, .newAxis, .newAxis, .all] .!= 0) }
        return Tensor.zeros([batch, 1, length, past + length]).maskedFill(allowed.logicalNot(), DType.float32.finfo.min)
    }

    /// The final states `[batch, length, embed]` of `inputIds` `[batch, length]`, which continue the positions
    /// in `cache` (and are appended to it). `attentionMask` covers the cached and the new positions.
    public func forward(_ inputIds: Tensor, attentionMask: Tensor?, cache: KeyValueCache?) -> Tensor {
        let (batch, length) = (inputIds.size(0), inputIds.size(1))
        let past = cache?.length ?? 0
        precondition(past + length <= config.nPositions,
                     "sequence length \(past + length) exceeds n_positions \(config.nPositions)")
        let positionIds = Tensor.arange(past, past + length).unsqueeze(0)
        var hiddenStates = drop(wte(inputIds) + wpe(positionIds))
        let mask = Self.causalMask(attentionMask, batch: batch, length: length, past: past)
        for block in h { hiddenStates = block(hiddenStates, attentionMask: mask, cache: cache) }
        return ln_f(hiddenStates)
    }

    /// Runs ``forward(_:attentionMask:cache:)`` through the module's hooks.
    public func callAsFunction(_ inputIds: Tensor, attentionMask: Tensor? = nil, cache: KeyValueCache? = nil) -> Tensor {
        callForward(forward, inputIds, attentionMask, cache, labels: ["inputIds", "attentionMask", "cache"])
    }
}

/// GPT-2 with its language-model head, whose weight is the token embedding's when the config ties them
/// (transformers' `GPT2LMHeadModel`).
///
/// ```swift
/// let (gpt2, _) = try GPT2LMHeadModel.fromPretrained(URL(fileURLWithPath: "gpt2"))
/// let tokens = gpt2.generate(prompt, options: GenerationOptions(maxNewTokens: 20, doSample: true, topK: 50))
/// ```
public final class GPT2LMHeadModel: Module, PretrainedModel {
    /// The settings the model was built from.
    public let config: GPT2Config
    /// The decoder stack.
    public let transformer: GPT2Model
    /// `[vocab, embed]`, tied to `transformer.wte.weight` unless the config says otherwise.
    public let lm_head: Linear

    /// A model of `config`, with the head tied when `tieWordEmbeddings`.
    public init(_ config: GPT2Config) {
        self.config = config
        transformer = GPT2Model(config)
        lm_head = Linear(config.nEmbd, config.vocabSize, bias: false)
        super.init()
        if config.tieWordEmbeddings { lm_head.weight = transformer.wte.weight }
    }

    /// transformers' `base_model_prefix`.
    public static let baseModelPrefix = "transformer"

    /// The logits `[batch, length, vocab]` of the token after each position.
    public func forward(_ inputIds: Tensor, attentionMask: Tensor?, cache: KeyValueCache?) -> Tensor {
        lm_head(transformer(inputIds, attentionMask: attentionMask, cache: cache))
    }

    /// Runs ``forward(_:attentionMask:cache:)`` through the module's hooks.
    public func callAsFunction(_ inputIds: Tensor, attentionMask: Tensor? = nil, cache: KeyValueCache? = nil) -> Tensor {
        callForward(forward, inputIds, attentionMask, cache, labels: ["inputIds", "attentionMask", "cache"])
    }
}
