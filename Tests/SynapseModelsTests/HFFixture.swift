import Foundation
import SynapseModels

/// `Tests/Fixtures/hf/`, written by `scripts/fixtures/hf_models.py` with transformers.
enum HFFixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/hf")

    /// A model directory of the fixture (`bert`, `bert-sharded`, `bert-cls`, `gpt2`, `gpt2-bin`).
    static func model(_ name: String) -> URL { directory.appendingPathComponent(name) }

    struct Bert: Decodable {
        let texts: [String]
        let text_embeddings: [Float]
        let input_ids: [[Int64]]
        let attention_mask: [[Int64]]
        let token_type_ids: [[Int64]]
        let last_hidden_state: [Float]
        let pooler_output: [Float]
        let sentence_embedding: [Float]
        let state_keys: [String]
    }

    struct BertClassifier: Decodable {
        let input_ids: [[Int64]]
        let attention_mask: [[Int64]]
        let logits: [Float]
        let state_keys: [String]
    }

    struct Continuation: Decodable {
        let prompt: [Int]
        let max_new_tokens: Int
        let eos: Int?
        let seed: Int?
        let temperature: Double?
        let top_k: Int?
        let top_p: Double?
        let output: [Int]
    }

    struct GPT2: Decodable {
        let text_prompt: String
        let text_output: String
        let input_ids: [[Int64]]
        let attention_mask: [[Int64]]
        let logits: [Float]
        let eos: Int
        let greedy: [Continuation]
        let sampled: [Continuation]
        let state_keys: [String]
    }

    struct Expected: Decodable {
        let bert: Bert
        let bert_cls: BertClassifier
        let gpt2: GPT2
    }

    static let expected: Expected = {
        let url = directory.appendingPathComponent("expected.json")
        guard let data = try? Data(contentsOf: url), let value = try? JSONDecoder().decode(Expected.self, from: data) else {
            fatalError("can't read \(url.path): run ~/torchenv/bin/python scripts/fixtures/hf_models.py")
        }
        return value
    }()

    /// The largest absolute difference between `actual` (any shape) and `expected` (flat).
    static func maxDifference(_ actual: Tensor, _ expected: [Float]) -> Float {
        let values = actual.detach().contiguous().toArray(of: Float.self)
        precondition(values.count == expected.count, "\(values.count) values, expected \(expected.count)")
        return zip(values, expected).map { abs($0 - $1) }.max() ?? 0
    }
}
