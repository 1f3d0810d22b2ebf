import SynapseNN

/// `bert.json`: a tiny random `BertModel` from transformers, its inputs, outputs and gradients.
struct BertFixture: Decodable, Sendable {
    let config: BertConfig
    let state: NamedTensors
    let buffers: [String]
    let input_ids, attention_mask, token_type_ids: TorchTensorFixture
    let last_hidden_state, pooler_output: TorchTensorFixture
    let grad_last_hidden_state, grad_pooler_output: TorchTensorFixture
    let grads: NamedTensors

    static let file = FixtureFile.decode(BertFixture.self, "transformer/bert.json", generator: "transformer.py")
}

/// `gpt2.json`: a tiny random `GPT2LMHeadModel` from transformers (embedding and head tied), its inputs, logits
/// and gradients.
struct GPT2Fixture: Decodable, Sendable {
    let config: GPT2Config
    let state: NamedTensors
    /// `[tied key, key of the parameter it is]` pairs.
    let tied: [[String]]
    let buffers: [String]
    let input_ids, attention_mask: TorchTensorFixture
    let logits, grad_logits: TorchTensorFixture
    let grads: NamedTensors

    static let file = FixtureFile.decode(GPT2Fixture.self, "transformer/gpt2.json", generator: "transformer.py")
}
