/// Causal multi-head self-attention (transformers' `GPT2Attention`, eager): one projection to queries, keys and
/// values (`c_attn`), one back (`c_proj`).
public final class GPT2Attention: Module {
    /// Width of one head.
    public let headDim: Int
    /// Which block this is, for the cache.
    public let layerIndex: Int
    /// Whether scores are divided by √headDim.
    public let scaleAttnWeights: Bool
    /// `[nEmbd, 3·nEmbd]`: queries, keys and values.
    public let c_attn: Conv1D
    /// The output projection.
    public let c_proj: Conv1D
    /// Dropout of the attention probabilities.
    public let attn_dropout: Dropout
    /// Dropout after the projection.
    public let resid_dropout: Dropout

    /// The attention of block `layerIndex` of `config`.
    public init(_ config: GPT2Config, layerIndex: Int) {
        headDim = config.nEmbd / config.nHead
        self.layerIndex = layerIndex
        scaleAttnWeights = config.scaleAttnWeights
        c_attn = Conv1D(3 * config.nEmbd, config.nEmbd)
        c_proj = Conv1D(config.nEmbd, config.nEmbd)
        attn_dropout = Dropout(config.attnPdrop)
        resid_dropout = Dropout(config.residPdrop)
        super.init()
    }

    /// Attention of the new positions `hiddenStates` `[batch, length, embed]` over the cached and new keys;
    /// `attentionMask` (`[batch, 1, length, past + length]`, 0 or the dtype's minimum) is added to the scores.
    public func forward(_ hiddenStates: Tensor, attentionMask: Tensor?, cache: KeyValueCache?) -> Tensor {
        let (batch, length) = (hiddenStates.size(0), hiddenStates.size(1))
        let qkv = c_attn(hiddenStates).split(hiddenStates.size(2), dim: 2)
        func heads(_ x: Tensor) -> Tensor { x.view(batch, length, -1, headDim).transpose(1, 2) }
        let query = heads(qkv[0])
        var (key, value) = (heads(qkv[1]), heads(qkv[2]))
        if let cache { (key, value) = cache.append(layer: layerIndex, keys: key, values: value) }
        var weights = query.matmul(key.transpose(-1, -2))
        if scaleAttnWeights { weights = weights / Double(headDim).squareRoot() }
        if let attentionMask { weights = weights + attentionMask }
        weights = attn_dropout(weights.softmax(dim: -1))
        let output = weights.matmul(value).transpose(1, 2).reshape(batch, length, -1).contiguous()
        return resid_dropout(c_proj(output))
    }

    /// Runs ``forward(_:attentionMask:cache:)`` through the module's hooks.
    public func callAsFunction(_ hiddenStates: Tensor, attentionMask: Tensor? = nil, cache: KeyValueCache? = nil) -> Tensor {
        callForward(forward, hiddenStates, attentionMask, cache, labels: ["hiddenStates", "attentionMask", "cache"])
    }
}

/// The feed-forward block `dropout(c_proj(act(c_fc(x))))` (transformers' `GPT2MLP`).
public final class GPT2MLP: Module {
    /// The expansion.
    public let c_fc: Conv1D
    /// The contraction.
    public let c_proj: Conv1D
    /// The config's `activation_function`.
    public let act: Module
    /// Dropout after the contraction.
    public let dropout: Dropout

    /// The block of `config`, `intermediateSize` wide.
    public init(_ intermediateSize: Int, _ config: GPT2Config) {
        c_fc = Conv1D(intermediateSize, config.nEmbd)
        c_proj = Conv1D(config.nEmbd, intermediateSize)
        act = (try? Activation.named(config.activationFunction)) ?? GELU(approximate: .tanh)
        dropout = Dropout(config.residPdrop)
        super.init()
    }

    /// `dropout(c_proj(act(c_fc(hiddenStates))))`.
    public override func forward(_ hiddenStates: Tensor) -> Tensor { dropout(c_proj(act(c_fc(hiddenStates)))) }
}

/// One pre-norm block: `h + attn(ln_1(h))`, then `h + mlp(ln_2(h))` (transformers' `GPT2Block`).
public final class GPT2Block: Module {
    /// Normalises the attention's input.
    public let ln_1: LayerNorm
    /// The attention.
    public let attn: GPT2Attention
    /// Normalises the MLP's input.
    public let ln_2: LayerNorm
    /// The MLP.
    public let mlp: GPT2MLP

    /// Block `layerIndex` of `config`.
    public init(_ config: GPT2Config, layerIndex: Int) {
        ln_1 = LayerNorm(config.nEmbd, eps: config.layerNormEpsilon)
        attn = GPT2Attention(config, layerIndex: layerIndex)
        ln_2 = LayerNorm(config.nEmbd, eps: config.layerNormEpsilon)
        mlp = GPT2MLP(config.nInner ?? 4 * config.nEmbd, config)
        super.init()
    }

    /// Attention and MLP with their residual connections.
    public func forward(_ hiddenStates: Tensor, attentionMask: Tensor?, cache: KeyValueCache?) -> Tensor {
        let attended = attn(ln_1(hiddenStates), attentionMask: attentionMask, cache: cache) + hiddenStates
        return attended + mlp(ln_2(attended))
    }

    /// Runs ``forward(_:attentionMask:cache:)`` through the module's hooks.
    public func callAsFunction(_ hiddenStates: Tensor, attentionMask: Tensor? = nil, cache: KeyValueCache? = nil) -> Tensor {
        callForward(forward, hiddenStates, attentionMask, cache, labels: ["hiddenStates", "attentionMask", "cache"])
    }
}
