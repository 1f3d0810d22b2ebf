import Foundation
import Testing
import SynapseModels
#if canImport(Glibc)
import Glibc
#endif

extension DefaultGeneratorSuite {
    @Suite("BERT from Hugging Face directories")
    struct BertPretrainedTests {
        let expected = HFFixture.expected.bert

        func inputs() -> (ids: Tensor, mask: Tensor, types: Tensor) {
            (Tensor(expected.input_ids), Tensor(expected.attention_mask), Tensor(expected.token_type_ids))
        }

        @Test("model.safetensors: transformers' keys, hidden states, pooler output and sentence embeddings to 1e-5",
              arguments: ["bert", "bert-sharded"])
        func bertModel(directory: String) throws {
            let (bert, report) = try BertModel.fromPretrained(HFFixture.model(directory))
            #expect(Array(bert.stateDict().keys) == expected.state_keys)
            #expect(report.missingKeys.isEmpty && report.unexpectedKeys.isEmpty && report.renamedKeys.isEmpty)
            #expect(report.loadedKeys == expected.state_keys.count)
            #expect(!bert.training)
            let (ids, mask, types) = inputs()
            let (states, pooled) = noGrad { bert(ids, attentionMask: mask, tokenTypeIds: types) }
            #expect(HFFixture.maxDifference(states, expected.last_hidden_state) <= 1e-5)
            #expect(HFFixture.maxDifference(pooled, expected.pooler_output) <= 1e-5)
            let sentences = noGrad { bert.sentenceEmbeddings(ids, attentionMask: mask, tokenTypeIds: types) }
            #expect(sentences.shape == [2, 32])
            #expect(HFFixture.maxDifference(sentences, expected.sentence_embedding) <= 1e-5)
        }

        @Test("pytorch_model.bin of BertForSequenceClassification: logits to 1e-5")
        func classifierFromBin() throws {
            let fixture = HFFixture.expected.bert_cls
            let (model, report) = try BertForSequenceClassification.fromPretrained(HFFixture.model("bert-cls"))
            #expect(model.config.numLabels == 3)
            #expect(Array(model.stateDict().keys) == fixture.state_keys)
            #expect(report.missingKeys.isEmpty && report.unexpectedKeys.isEmpty)
            let logits = noGrad { model(Tensor(fixture.input_ids), attentionMask: Tensor(fixture.attention_mask)) }
            #expect(logits.shape == [2, 3])
            #expect(HFFixture.maxDifference(logits, fixture.logits) <= 1e-5)
        }

        @Test("A task checkpoint loads into the base model: `bert.` removed, the classifier reported as unexpected")
        func taskCheckpointIntoBaseModel() throws {
            let (bert, report) = try BertModel.fromPretrained(HFFixture.model("bert-cls"))
            #expect(report.unexpectedKeys == ["classifier.weight", "classifier.bias"])
            #expect(report.renamedKeys.count == expected.state_keys.count)
            #expect(report.renamedKeys.first?.from == "bert.embeddings.word_embeddings.weight")
            #expect(report.renamedKeys.first?.to == "embeddings.word_embeddings.weight")
            #expect(report.missingKeys.isEmpty)
            _ = bert
        }

        @Test("A base checkpoint loads into a task model only when missing keys are allowed; then `bert.` is added")
        func baseCheckpointIntoTaskModel() throws {
            #expect(throws: PretrainedError.self) { try BertForSequenceClassification.fromPretrained(HFFixture.model("bert")) }
            let (model, report) = try BertForSequenceClassification.fromPretrained(HFFixture.model("bert"), allowMissingKeys: true)
            #expect(report.missingKeys == ["classifier.weight", "classifier.bias"])
            #expect(report.renamedKeys.allSatisfy { "bert." + $0.from == $0.to })
            let (base, _) = try BertModel.fromPretrained(HFFixture.model("bert"))
            #expect(model.bert.embeddings.word_embeddings.weight.equal(base.embeddings.word_embeddings.weight))
        }

        /// `bert` saved in shards of at most 20 kB into a new temporary directory.
        func savedInShards(_ bert: BertModel) throws -> URL {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-bert-\(UUID())")
            try bert.savePretrained(directory, maxShardSize: 20_000)
            return directory
        }

        @Test("savePretrained shards as transformers does (the same files for the same limit) and reloads exactly")
        func savePretrainedShards() throws {
            let (bert, _) = try BertModel.fromPretrained(HFFixture.model("bert"))
            let directory = try savedInShards(bert)
            defer { try? FileManager.default.removeItem(at: directory) }
            func index(_ url: URL) throws -> [String: Any] {
                let data = try Data(contentsOf: url.appendingPathComponent("model.safetensors.index.json"))
                return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            }
            let ours = try index(directory), theirs = try index(HFFixture.model("bert-sharded"))
            #expect(ours["weight_map"] as? [String: String] == theirs["weight_map"] as? [String: String])
            #expect((ours["metadata"] as? [String: Int])?["total_size"] == (theirs["metadata"] as? [String: Int])?["total_size"])
            let (reloaded, report) = try BertModel.fromPretrained(directory)
            #expect(report.missingKeys.isEmpty && report.unexpectedKeys.isEmpty)
            #expect(reloaded.config == bert.config)
            for ((key, a), (_, b)) in zip(bert.stateDict(), reloaded.stateDict()) { #expect(a.equal(b), "\(key)") }
        }

        @Test("fromPretrained copies from every shard mapped under a read lease and lets writers in afterwards")
        func shardsAreLeasedWhileCopied() throws {
            let (bert, _) = try BertModel.fromPretrained(HFFixture.model("bert"))
            let directory = try savedInShards(bert)
            defer { try? FileManager.default.removeItem(at: directory) }
            let checkpoint = try PretrainedDirectory(directory)
            func writerGetsIn(_ name: String) -> Bool {
                let descriptor = open(directory.appendingPathComponent(name).path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
                if descriptor >= 0 { close(descriptor) }
                return descriptor >= 0
            }
            let (state, sources) = try checkpoint.copySources(mappingWithoutLease: false)
            #expect(sources.count == checkpoint.weightFiles.count && sources.count > 1)
            #expect(sources.allSatisfy { $0.isLeased })
            #expect(state.count == bert.stateDict().count)
            #expect(checkpoint.weightFiles.allSatisfy { !writerGetsIn($0) })
            sources.forEach { $0.end() }
            #expect(checkpoint.weightFiles.allSatisfy { writerGetsIn($0) })
            _ = try BertModel.fromPretrained(directory)
            #expect(checkpoint.weightFiles.allSatisfy { writerGetsIn($0) })
        }
    }
}
