/// BERT with a linear classifier on the pooled first token (transformers' `BertForSequenceClassification`): keys
/// `bert.…`, `classifier.weight`, `classifier.bias`.
public final class BertForSequenceClassification: Module, PretrainedModel {
    /// The settings the model was built from.
    public let config: BertConfig
    /// The encoder.
    public let bert: BertModel
    /// Dropout before the classifier.
    public let dropout: Dropout
    /// `[numLabels, hidden]`.
    public let classifier: Linear

    /// A model of `config` (`numLabels` classes) with Synapse's default initialisation.
    public init(_ config: BertConfig) {
        self.config = config
        bert = BertModel(config)
        dropout = Dropout(config.classifierDropout ?? config.hiddenDropoutProb)
        classifier = Linear(config.hiddenSize, config.numLabels)
        super.init()
    }

    /// transformers' `base_model_prefix`.
    public static let baseModelPrefix = "bert"

    /// The logits `[batch, numLabels]` of `inputIds` `[batch, length]`.
    public func forward(_ inputIds: Tensor, attentionMask: Tensor?, tokenTypeIds: Tensor?) -> Tensor {
        classifier(dropout(bert(inputIds, attentionMask: attentionMask, tokenTypeIds: tokenTypeIds).poolerOutput))
    }

    /// Runs ``forward(_:attentionMask:tokenTypeIds:)`` through the module's hooks.
    public func callAsFunction(_ inputIds: Tensor, attentionMask: Tensor? = nil, tokenTypeIds: Tensor? = nil) -> Tensor {
        callForward(forward, inputIds, attentionMask, tokenTypeIds, labels: ["inputIds", "attentionMask", "tokenTypeIds"])
    }
}
