/// Multi-head scaled dot-product self-attention with an additive mask (transformers' `BertSelfAttention`, eager).
public final class BertSelfAttention: Module {
    /// Number of heads.
    public let numAttentionHeads: Int
    /// Width of one head.
    public let attentionHeadSize: Int
    /// The query projection.
    public let query: Linear
    /// The key projection.
    public let key: Linear
    /// The value projection.
    public let value: Linear
    /// Dropout of the attention probabilities.
    public let dropout: Dropout

    /// The attention of `config` (its heads must divide the hidden size: ``BertConfig`` checks).
    public init(_ config: BertConfig) {
        numAttentionHeads = config.numAttentionHeads
        attentionHeadSize = config.hiddenSize / config.numAttentionHeads
        query = Linear(config.hiddenSize, config.hiddenSize)
        key = Linear(config.hiddenSize, config.hiddenSize)
        value = Linear(config.hiddenSize, config.hiddenSize)
        dropout = Dropout(config.attentionProbsDropoutProb)
        super.init()
    }

    /// The attention context of `hiddenStates` `[batch, length, hidden]`; `attentionMask` is added to the scores
    /// (`[batch, 1, 1, length]`: 0 where a key takes part, the dtype's minimum where it does not).
    public func forward(_ hiddenStates: Tensor, attentionMask: Tensor?) -> Tensor {
        let (batch, length) = (hiddenStates.size(0), hiddenStates.size(1))
        func heads(_ x: Tensor) -> Tensor { x.view(batch, length, -1, attentionHeadSize).transpose(1, 2) }
        let query = heads(self.query(hiddenStates))
        let key = heads(self.key(hiddenStates)), value = heads(self.value(hiddenStates))
        let context: Tensor
        if training && dropout.p > 0 {
            // transformers' eager path, so that the dropout mask is drawn as nn.Dropout draws it.
            var scores = query.matmul(key.transpose(2, 3)) * (1 / Double(attentionHeadSize).squareRoot())
            if let attentionMask { scores = scores + attentionMask }
            context = dropout(scores.softmax(dim: -1)).matmul(value)
        } else {
            // The same softmax(q·kᵀ/√d + mask)·v, in one pass per head when nothing needs a gradient.
            context = Functional.scaledDotProductAttention(query, key, value, attnMask: attentionMask)
        }
        return context.transpose(1, 2).contiguous().reshape(batch, length, -1)
    }

    /// Runs ``forward(_:attentionMask:)`` through the module's hooks.
    public func callAsFunction(_ hiddenStates: Tensor, attentionMask: Tensor? = nil) -> Tensor {
        callForward(forward, hiddenStates, attentionMask, labels: ["hiddenStates", "attentionMask"])
    }
}

/// A projection, dropout, residual connection and layer norm: `LayerNorm(dropout(dense(h)) + input)`
/// (transformers' `BertSelfOutput` and `BertOutput`, which differ only in their input width).
public final class BertResidualOutput: Module {
    /// The projection back to the hidden width.
    public let dense: Linear
    /// Normalises the sum.
    public let LayerNorm: LayerNorm
    /// Dropout before the residual sum.
    public let dropout: Dropout

    /// A block projecting `inputSize` features to `config.hiddenSize`.
    public init(_ inputSize: Int, _ config: BertConfig) {
        dense = Linear(inputSize, config.hiddenSize)
        LayerNorm = .init(config.hiddenSize, eps: config.layerNormEps)
        dropout = Dropout(config.hiddenDropoutProb)
        super.init()
    }

    /// `LayerNorm(dropout(dense(hiddenStates)) + input)`.
    public func forward(_ hiddenStates: Tensor, input: Tensor) -> Tensor {
        LayerNorm(dropout(dense(hiddenStates)) + input)
    }

    /// Runs ``forward(_:input:)`` through the module's hooks.
    public func callAsFunction(_ hiddenStates: Tensor, _ input: Tensor) -> Tensor {
        callForward(forward, hiddenStates, input, labels: ["hiddenStates", "inputTensor"])
    }
}

/// Self-attention followed by its output block (transformers' `BertAttention`; the attention's key is `self`).
public final class BertAttention: Module {
    /// The attention itself, keyed `self` as in transformers (`self` is a Swift keyword).
    public let selfAttention: BertSelfAttention
    /// Projection, residual and normalisation.
    public let output: BertResidualOutput

    /// The attention block of `config`.
    public init(_ config: BertConfig) {
        selfAttention = BertSelfAttention(config)
        output = BertResidualOutput(config.hiddenSize, config)
        super.init()
    }

    /// `output(selfAttention(h), h)`.
    public func forward(_ hiddenStates: Tensor, attentionMask: Tensor?) -> Tensor {
        output(selfAttention(hiddenStates, attentionMask: attentionMask), hiddenStates)
    }

    /// transformers' key for ``selfAttention``.
    public override class func memberName(forProperty property: String) -> String {
        property == "selfAttention" ? "self" : super.memberName(forProperty: property)
    }

    /// Runs ``forward(_:attentionMask:)`` through the module's hooks.
    public func callAsFunction(_ hiddenStates: Tensor, attentionMask: Tensor? = nil) -> Tensor {
        callForward(forward, hiddenStates, attentionMask, labels: ["hiddenStates", "attentionMask"])
    }
}
