import SynapseNN

/// One tensor as `scripts/fixtures/transformer.py` writes it: `{"dtype", "shape", "values"}`, values flat in
/// row-major order, bools as 0/1 and non-finite floats as the strings `"nan"`, `"inf"`, `"-inf"`.
struct TransformerFixtureTensor: Decodable, Sendable {
    /// One element: a JSON number, or one of the strings standing for a non-finite float.
    struct Element: Decodable, Sendable {
        let value: Double

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                value = number
                return
            }
            switch try container.decode(String.self) {
            case "nan": value = .nan
            case "inf": value = .infinity
            case "-inf": value = -.infinity
            case let other:
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a number: \(other)")
            }
        }
    }

    let dtype: String
    let shape: [Int]
    let values: [Element]

    /// The values as a Synapse tensor of the fixture's dtype.
    var tensor: Tensor {
        switch dtype {
        case "float32": Tensor(flat: values.map { Float($0.value) }, shape: shape)
        case "float64": Tensor(flat: values.map(\.value), shape: shape)
        case "int64": Tensor(flat: values.map { Int64($0.value) }, shape: shape)
        case "bool": Tensor(flat: values.map { $0.value != 0 }, shape: shape)
        default: fatalError("unexpected fixture dtype \(dtype)")
        }
    }
}

/// A `[name, tensor]` pair of an ordered collection (a state dict, the gradients of `named_parameters()`).
struct NamedFixtureTensor: Decodable, Sendable {
    let name: String
    let value: TransformerFixtureTensor

    init(from decoder: Decoder) throws {
        var container = try decoder.unkeyedContainer()
        name = try container.decode(String.self)
        value = try container.decode(TransformerFixtureTensor.self)
    }
}

extension Array where Element == NamedFixtureTensor {
    /// The names, in order.
    var names: [String] { map(\.name) }

    /// The pairs as a state dict, in order.
    var stateDict: StateDict { StateDict(map { ($0.name, $0.value.tensor) }) }
}

/// `bert.json`: a tiny random `BertModel` from transformers, its inputs, outputs and gradients.
struct BertFixture: Decodable, Sendable {
    let config: BertConfig
    let state: [NamedFixtureTensor]
    let buffers: [String]
    let input_ids, attention_mask, token_type_ids: TransformerFixtureTensor
    let last_hidden_state, pooler_output: TransformerFixtureTensor
    let grad_last_hidden_state, grad_pooler_output: TransformerFixtureTensor
    let grads: [NamedFixtureTensor]

    static let file = FixtureFile.decode(BertFixture.self, "transformer/bert.json", generator: "transformer.py")
}

/// `gpt2.json`: a tiny random `GPT2LMHeadModel` from transformers (embedding and head tied), its inputs, logits
/// and gradients.
struct GPT2Fixture: Decodable, Sendable {
    let config: GPT2Config
    let state: [NamedFixtureTensor]
    /// `[tied key, key of the parameter it is]` pairs.
    let tied: [[String]]
    let buffers: [String]
    let input_ids, attention_mask: TransformerFixtureTensor
    let logits, grad_logits: TransformerFixtureTensor
    let grads: [NamedFixtureTensor]

    static let file = FixtureFile.decode(GPT2Fixture.self, "transformer/gpt2.json", generator: "transformer.py")
}
