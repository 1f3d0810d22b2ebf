import SynapseNN

// Hugging Face's GPT2LMHeadModel (transformers/models/gpt2/modeling_gpt2.py, eager attention), ported the way a
// user would port it: same classes, same attribute names (so the same state-dict keys), same forward code.

/// The settings of a GPT-2 model (`transformers.GPT2Config`), decodable from its `to_dict()`.
struct GPT2Config: Decodable, Sendable {
    var vocabSize = 50257
    var nPositions = 1024
    var nEmbd = 768
    var nLayer = 12
    var nHead = 12
    /// The MLP's width; `nil` means `4 * nEmbd`.
    var nInner: Int? = nil
    var activationFunction = "gelu_new"
    var residPdrop = 0.1
    var embdPdrop = 0.1
    var attnPdrop = 0.1
    var layerNormEpsilon = 1e-5
    var scaleAttnWeights = true
    var tieWordEmbeddings = true

    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size", nPositions = "n_positions", nEmbd = "n_embd", nLayer = "n_layer"
        case nHead = "n_head", nInner = "n_inner", activationFunction = "activation_function"
        case residPdrop = "resid_pdrop", embdPdrop = "embd_pdrop", attnPdrop = "attn_pdrop"
        case layerNormEpsilon = "layer_norm_epsilon", scaleAttnWeights = "scale_attn_weights"
        case tieWordEmbeddings = "tie_word_embeddings"
    }
}

/// GPT-2's "1D convolution": a linear layer whose weight is stored transposed, `[nx, nf]`, so `y = x·W + b`.
final class Conv1D: Module {
    let nf: Int
    let weight: Parameter
    let bias: Parameter

    /// A layer from `nx` to `nf` features: weight `N(0, 0.02)`, bias zeros, as transformers initialises it.
    init(_ nf: Int, _ nx: Int) {
        self.nf = nf
        weight = Parameter(Tensor.empty([nx, nf]))
        bias = Parameter(Tensor.zeros([nf]))
        super.init()
        Init.normal_(weight, std: 0.02)
    }

    override func forward(_ x: Tensor) -> Tensor {
        let sizeOut = Array(x.shape.dropLast()) + [nf]
        return Tensor.addmm(bias, x.view(-1, x.size(-1)), weight).view(sizeOut)
    }
}

/// Causal multi-head self-attention: one projection to queries, keys and values, one back.
final class GPT2Attention: Module {
    let headDim: Int
    let splitSize: Int
    let scaleAttnWeights: Bool
    let c_attn: Conv1D
    let c_proj: Conv1D
    let attn_dropout: Dropout
    let resid_dropout: Dropout

    init(_ config: GPT2Config) {
        precondition(config.nEmbd % config.nHead == 0, "n_embd must split into heads")
        headDim = config.nEmbd / config.nHead
        splitSize = config.nEmbd
        scaleAttnWeights = config.scaleAttnWeights
        c_attn = Conv1D(3 * config.nEmbd, config.nEmbd)
        c_proj = Conv1D(config.nEmbd, config.nEmbd)
        attn_dropout = Dropout(config.attnPdrop)
        resid_dropout = Dropout(config.residPdrop)
        super.init()
    }

    /// Attention over `hiddenStates` `[batch, length, embed]`; `attentionMask` (`[batch, 1, length, length]`,
    /// 0 or the dtype's minimum) is added to the scores.
    func forward(_ hiddenStates: Tensor, attentionMask: Tensor?) -> Tensor {
        let (batch, length) = (hiddenStates.size(0), hiddenStates.size(1))
        let qkv = c_attn(hiddenStates).split(splitSize, dim: 2)
        let headShape = [batch, length, -1, headDim]
        let query = qkv[0].view(headShape).transpose(1, 2)
        let key = qkv[1].view(headShape).transpose(1, 2)
        let value = qkv[2].view(headShape).transpose(1, 2)
        var weights = query.matmul(key.transpose(-1, -2))
        if scaleAttnWeights { weights = weights / Double(value.size(-1)).squareRoot() }
        if let attentionMask { weights = weights + attentionMask }
        weights = attn_dropout(weights.softmax(dim: -1))
        let output = weights.matmul(value).transpose(1, 2).reshape(batch, length, -1).contiguous()
        return resid_dropout(c_proj(output))
    }

    func callAsFunction(_ hiddenStates: Tensor, attentionMask: Tensor? = nil) -> Tensor {
        callForward(forward, hiddenStates, attentionMask, labels: ["hiddenStates", "attentionMask"])
    }
}

/// The feed-forward block: `dropout(c_proj(gelu_new(c_fc(x))))`.
final class GPT2MLP: Module {
    let c_fc: Conv1D
    let c_proj: Conv1D
    let act: GELU
    let dropout: Dropout

    init(_ intermediateSize: Int, _ config: GPT2Config) {
        precondition(config.activationFunction == "gelu_new",
                     "this port knows only activation_function 'gelu_new', not \(config.activationFunction)")
        c_fc = Conv1D(intermediateSize, config.nEmbd)
        c_proj = Conv1D(config.nEmbd, intermediateSize)
        act = GELU(approximate: .tanh)
        dropout = Dropout(config.residPdrop)
        super.init()
    }

    override func forward(_ hiddenStates: Tensor) -> Tensor { dropout(c_proj(act(c_fc(hiddenStates)))) }
}

/// One pre-norm transformer block: `h + attn(ln_1(h))`, then `h + mlp(ln_2(h))`.
final class GPT2Block: Module {
    let ln_1: LayerNorm
    let attn: GPT2Attention
    let ln_2: LayerNorm
    let mlp: GPT2MLP

    init(_ config: GPT2Config) {
        ln_1 = LayerNorm(config.nEmbd, eps: config.layerNormEpsilon)
        attn = GPT2Attention(config)
        ln_2 = LayerNorm(config.nEmbd, eps: config.layerNormEpsilon)
        mlp = GPT2MLP(config.nInner ?? 4 * config.nEmbd, config)
        super.init()
    }

    func forward(_ hiddenStates: Tensor, attentionMask: Tensor?) -> Tensor {
        let attended = attn(ln_1(hiddenStates), attentionMask: attentionMask) + hiddenStates
        return attended + mlp(ln_2(attended))
    }

    func callAsFunction(_ hiddenStates: Tensor, attentionMask: Tensor? = nil) -> Tensor {
        callForward(forward, hiddenStates, attentionMask, labels: ["hiddenStates", "attentionMask"])
    }
}

/// The GPT-2 decoder stack without a head (`transformers.GPT2Model`).
final class GPT2Model: Module {
    let wte: Embedding
    let wpe: Embedding
    let drop: Dropout
    let h: ModuleList<GPT2Block>
    let ln_f: LayerNorm

    init(_ config: GPT2Config) {
        wte = Embedding(config.vocabSize, config.nEmbd)
        wpe = Embedding(config.nPositions, config.nEmbd)
        drop = Dropout(config.embdPdrop)
        h = ModuleList((0..<config.nLayer).map { _ in GPT2Block(config) })
        ln_f = LayerNorm(config.nEmbd, eps: config.layerNormEpsilon)
        super.init()
    }

    /// The additive causal mask `[batch, 1, length, length]`: 0 where query `i` may see key `j` (`j <= i` and
    /// the key is not padding), the dtype's minimum elsewhere.
    static func causalMask(_ attentionMask: Tensor?, batch: Int, length: Int) -> Tensor {
        let positions = Tensor.arange(length)
        var allowed = (positions[.newAxis, .all] .<= positions[.all, .newAxis])[.newAxis, .newAxis]
            .expand(batch, 1, length, length)
        if let attentionMask { allowed = allowed .& (attentionMask[.all, .newAxis, .newAxis, .all] .!= 0) }
        return Tensor.zeros([batch, 1, length, length]).maskedFill(allowed.logicalNot(), DType.float32.finfo.min)
    }

    /// The final states `[batch, length, embed]` of `inputIds` `[batch, length]`.
    func forward(_ inputIds: Tensor, attentionMask: Tensor?) -> Tensor {
        let (batch, length) = (inputIds.size(0), inputIds.size(1))
        let positionIds = Tensor.arange(length).unsqueeze(0)
        var hiddenStates = drop(wte(inputIds) + wpe(positionIds))
        let mask = Self.causalMask(attentionMask, batch: batch, length: length)
        for block in h { hiddenStates = block(hiddenStates, attentionMask: mask) }
        return ln_f(hiddenStates)
    }

    func callAsFunction(_ inputIds: Tensor, attentionMask: Tensor? = nil) -> Tensor {
        callForward(forward, inputIds, attentionMask, labels: ["inputIds", "attentionMask"])
    }
}

/// GPT-2 with its language-model head, whose weight is the token embedding's (`transformers.GPT2LMHeadModel`).
final class GPT2LMHeadModel: Module {
    let transformer: GPT2Model
    let lm_head: Linear

    init(_ config: GPT2Config) {
        transformer = GPT2Model(config)
        lm_head = Linear(config.nEmbd, config.vocabSize, bias: false)
        super.init()
        if config.tieWordEmbeddings { lm_head.weight = transformer.wte.weight }
    }

    /// The logits `[batch, length, vocab]` of the next token after each position.
    func forward(_ inputIds: Tensor, attentionMask: Tensor?) -> Tensor {
        lm_head(transformer(inputIds, attentionMask: attentionMask))
    }

    func callAsFunction(_ inputIds: Tensor, attentionMask: Tensor? = nil) -> Tensor {
        callForward(forward, inputIds, attentionMask, labels: ["inputIds", "attentionMask"])
    }
}
