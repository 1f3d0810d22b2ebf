/// The feed-forward expansion `act(dense(x))` (transformers' `BertIntermediate`).
public final class BertIntermediate: Module {
    /// The expansion to the intermediate width.
    public let dense: Linear
    /// The config's `hidden_act`.
    public let intermediate_act_fn: Module

    /// The expansion of `config`; the activation must be one ``BertConfig`` accepts.
    public init(_ config: BertConfig) {
        dense = Linear(config.hiddenSize, config.intermediateSize)
        intermediate_act_fn = (try? Activation.named(config.hiddenAct)) ?? GELU()
        super.init()
    }

    /// `act(dense(hiddenStates))`.
    public override func forward(_ hiddenStates: Tensor) -> Tensor { intermediate_act_fn(dense(hiddenStates)) }
}

/// One encoder layer: attention, then the feed-forward block (transformers' `BertLayer`).
public final class BertLayer: Module {
    /// Self-attention with its output block.
    public let attention: BertAttention
    /// The feed-forward expansion.
    public let intermediate: BertIntermediate
    /// The feed-forward contraction with its residual connection (`BertOutput`).
    public let output: BertResidualOutput

    /// The layer of `config`.
    public init(_ config: BertConfig) {
        attention = BertAttention(config)
        intermediate = BertIntermediate(config)
        output = BertResidualOutput(config.intermediateSize, config)
        super.init()
    }

    /// Attention, then `output(intermediate(a), a)`.
    public func forward(_ hiddenStates: Tensor, attentionMask: Tensor?) -> Tensor {
        let attended = attention(hiddenStates, attentionMask: attentionMask)
        return output(intermediate(attended), attended)
    }

    /// Runs ``forward(_:attentionMask:)`` through the module's hooks.
    public func callAsFunction(_ hiddenStates: Tensor, attentionMask: Tensor? = nil) -> Tensor {
        callForward(forward, hiddenStates, attentionMask, labels: ["hiddenStates", "attentionMask"])
    }
}

/// The stack of encoder layers (transformers' `BertEncoder`: keys `layer.0.…`).
public final class BertEncoder: Module {
    /// The layers, in order.
    public let layer: ModuleList<BertLayer>

    /// `config.numHiddenLayers` layers.
    public init(_ config: BertConfig) {
        layer = ModuleList((0..<config.numHiddenLayers).map { _ in BertLayer(config) })
        super.init()
    }

    /// Each layer in turn.
    public func forward(_ hiddenStates: Tensor, attentionMask: Tensor?) -> Tensor {
        var hiddenStates = hiddenStates
        for block in layer { hiddenStates = block(hiddenStates, attentionMask: attentionMask) }
        return hiddenStates
    }

    /// Runs ``forward(_:attentionMask:)`` through the module's hooks.
    public func callAsFunction(_ hiddenStates: Tensor, attentionMask: Tensor? = nil) -> Tensor {
        callForward(forward, hiddenStates, attentionMask, labels: ["hiddenStates", "attentionMask"])
    }
}

/// `tanh(dense(h[:, 0]))`: the first token's state, pooled (transformers' `BertPooler`).
public final class BertPooler: Module {
    /// The projection of the first token's state.
    public let dense: Linear
    /// `tanh`.
    public let activation = Tanh()

    /// The pooler of `config`.
    public init(_ config: BertConfig) {
        dense = Linear(config.hiddenSize, config.hiddenSize)
        super.init()
    }

    /// `tanh(dense(hiddenStates[:, 0]))`.
    public override func forward(_ hiddenStates: Tensor) -> Tensor { activation(dense(hiddenStates[.all, 0])) }
}
