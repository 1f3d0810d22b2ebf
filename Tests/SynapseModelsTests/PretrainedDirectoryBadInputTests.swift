import Foundation
import Testing
import SynapseModels

extension DefaultGeneratorSuite {
    /// Broken, lying and hostile model directories: each gets a clear error and leaves nothing half-loaded.
    @Suite("Hugging Face directories: bad input")
    struct PretrainedDirectoryBadInputTests {
        /// A scratch copy of fixture directory `name` (or an empty directory), removed afterwards.
        func withCopy(of name: String?, _ body: (URL) throws -> Void) throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-hf-\(UUID())")
            if let name {
                try FileManager.default.copyItem(at: HFFixture.model(name), to: directory)
            } else {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            }
            defer { try? FileManager.default.removeItem(at: directory) }
            try body(directory)
        }

        func message(_ body: () throws -> Void) -> String {
            do { try body() } catch { return "\(error)" }
            return "no error"
        }

        @Test("A directory without config.json or without weights says which files it expected")
        func missingFiles() throws {
            try withCopy(of: nil) { directory in
                #expect(message { _ = try BertModel.fromPretrained(directory) }.contains("config.json"))
                try Data("{}".utf8).write(to: directory.appendingPathComponent("config.json"))
                #expect(message { _ = try BertModel.fromPretrained(directory) }
                    .contains("expected model.safetensors, model.safetensors.index.json, pytorch_model.bin"))
            }
        }

        @Test("config.json that isn't JSON, has wrong types or impossible sizes is refused")
        func badConfig() throws {
            try withCopy(of: "bert") { directory in
                let config = directory.appendingPathComponent("config.json")
                try Data("{\"hidden_size\": ".utf8).write(to: config)
                #expect(message { _ = try BertModel.fromPretrained(directory) }.contains("can't be read as BertConfig"))
                try Data("{\"hidden_size\": \"wide\"}".utf8).write(to: config)
                #expect(message { _ = try BertModel.fromPretrained(directory) }.contains("can't be read as BertConfig"))
                try Data("{\"hidden_size\": 32, \"num_attention_heads\": 5}".utf8).write(to: config)
                #expect(message { _ = try BertModel.fromPretrained(directory) }
                    .contains("hidden_size 32 is not a multiple of num_attention_heads 5"))
                try Data("{\"hidden_act\": \"swiglu\"}".utf8).write(to: config)
                #expect(message { _ = try BertModel.fromPretrained(directory) }.contains("activation 'swiglu' is not supported"))
                try Data("{\"num_hidden_layers\": -1}".utf8).write(to: config)
                #expect(message { _ = try BertModel.fromPretrained(directory) }.contains("num_hidden_layers must be positive, found -1"))
            }
        }

        @Test("An index naming a file outside the directory, no shard, or a missing shard is refused")
        func hostileIndex() throws {
            try withCopy(of: "bert-sharded") { directory in
                let index = directory.appendingPathComponent("model.safetensors.index.json")
                try Data(#"{"weight_map": {"a": "../../etc/passwd"}}"#.utf8).write(to: index)
                #expect(message { _ = try BertModel.fromPretrained(directory) }.contains("is not a file name inside the directory"))
                try Data(#"{"weight_map": {}}"#.utf8).write(to: index)
                #expect(message { _ = try BertModel.fromPretrained(directory) }.contains("names no shard"))
                try Data(#"{"metadata": {}}"#.utf8).write(to: index)
                #expect(message { _ = try BertModel.fromPretrained(directory) }.contains("has no \"weight_map\" object"))
                try Data(#"{"weight_map": {"a": "model-00009-of-00009.safetensors"}}"#.utf8).write(to: index)
                #expect(message { _ = try BertModel.fromPretrained(directory) }.contains("model-00009-of-00009.safetensors"))
            }
        }

        @Test("A truncated shard gives the reader's error with its path")
        func truncatedShard() throws {
            try withCopy(of: "bert-sharded") { directory in
                let shard = directory.appendingPathComponent("model-00003-of-00005.safetensors")
                let bytes = try Data(contentsOf: shard)
                try bytes.prefix(bytes.count / 2).write(to: shard)
                let text = message { _ = try BertModel.fromPretrained(directory) }
                #expect(text.contains("model-00003-of-00005.safetensors"), "\(text)")
            }
        }

        @Test("Weights of the wrong shape are refused and leave the model as it was")
        func wrongShapes() throws {
            try withCopy(of: "bert") { directory in
                let config = directory.appendingPathComponent("config.json")
                var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: config)) as? [String: Any])
                object["intermediate_size"] = 40
                try JSONSerialization.data(withJSONObject: object).write(to: config)
                let text = message { _ = try BertModel.fromPretrained(directory) }
                #expect(text.contains("the weights don't fit the model") && text.contains("intermediate.dense.weight"), "\(text)")
            }
        }

        @Test("The same key in two shards is refused")
        func duplicateKeyAcrossShards() throws {
            try withCopy(of: "bert-sharded") { directory in
                let first = directory.appendingPathComponent("model-00002-of-00005.safetensors")
                try FileManager.default.removeItem(at: directory.appendingPathComponent("model-00003-of-00005.safetensors"))
                try FileManager.default.copyItem(at: first, to: directory.appendingPathComponent("model-00003-of-00005.safetensors"))
                #expect(message { _ = try BertModel.fromPretrained(directory) }.contains("is stored twice"))
            }
        }
    }
}
