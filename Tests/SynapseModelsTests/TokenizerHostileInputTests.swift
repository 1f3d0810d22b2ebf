import Foundation
import Testing
@testable import SynapseModels

/// Broken and lying `tokenizer.json` files fail with an error naming the problem, never crash.
@Suite struct TokenizerHostileInputTests {
    /// `name`'s tokenizer.json after `edit`, loaded.
    func load(_ name: String, _ edit: (inout [String: Any]) -> Void) throws -> Tokenizer {
        var json = try TokenizerFixture.json(name)
        edit(&json)
        return try Tokenizer(data: JSONSerialization.data(withJSONObject: json))
    }

    /// The error loading `name` after `edit` throws (failing the test if it loads).
    func error(_ name: String, _ edit: (inout [String: Any]) -> Void) throws -> TokenizerError? {
        var json = try TokenizerFixture.json(name)
        edit(&json)
        let data = try JSONSerialization.data(withJSONObject: json)
        do {
            _ = try Tokenizer(data: data)
            Issue.record("the edited \(name) tokenizer loaded")
            return nil
        } catch {
            return error
        }
    }

    func model(_ json: inout [String: Any], _ edit: (inout [String: Any]) -> Void) {
        var model = json["model"] as! [String: Any]
        edit(&model)
        json["model"] = model
    }

    @Test func truncatedFilesAreRefusedAtEveryLength() throws {
        let data = try Data(contentsOf: TokenizerFixture.directory.appendingPathComponent("bert.tokenizer.json"))
        for length in stride(from: 0, to: data.count, by: max(1, data.count / 97)) {
            #expect(throws: TokenizerError.self) { try Tokenizer(data: data.prefix(length)) }
        }
        #expect(throws: TokenizerError.invalidJSON("5 bytes are not well-formed JSON (truncated?)")) {
            try Tokenizer(data: Data("{\"ver".utf8))
        }
        #expect(throws: TokenizerError.invalidField(path: "", expected: "an object", found: "an array")) {
            try Tokenizer(data: Data("[1, 2]".utf8))
        }
    }

    @Test func missingFileIsAnIOError() {
        let url = URL(fileURLWithPath: "/nonexistent/tokenizer.json")
        #expect {
            try Tokenizer(contentsOf: url)
        } throws: { error in
            guard case .io(let path, _) = error as? TokenizerError else { return false }
            return path == url.path
        }
    }

    @Test func mergesNamingUnknownTokens() throws {
        let error = try error("gpt2") { json in
            model(&json) { $0["merges"] = [["Ġ", "t"], ["zzz", "q"]] }
        }
        #expect(error == .inconsistent("merge 1 names the token 'zzz', which is not in the vocabulary"))
        let merged = try self.error("gpt2") { json in
            model(&json) { model in
                var vocab = model["vocab"] as! [String: Any]
                vocab["Q"] = 9_000
                vocab["J"] = 9_001
                model["vocab"] = vocab
                model["merges"] = ["Q J"]
            }
        }
        #expect(merged == .inconsistent("merge 0 names the token 'QJ', which is not in the vocabulary"))
        let malformed = try self.error("gpt2") { json in model(&json) { $0["merges"] = ["a b c"] } }
        #expect(malformed == .invalidField(path: "model.merges[0]", expected: "a merge of two tokens", found: "3 tokens"))
        let notStrings = try self.error("gpt2") { json in model(&json) { $0["merges"] = [[1, 2]] } }
        #expect(notStrings == .invalidField(path: "model.merges[0]", expected: "a merge \"a b\" or [\"a\", \"b\"]",
                                            found: "an array"))
    }

    @Test func vocabularyWithDuplicateOrImpossibleIds() throws {
        let duplicate = try error("bert") { json in
            model(&json) { model in
                var vocab = model["vocab"] as! [String: Any]
                vocab["zzzz"] = vocab["the"]
                model["vocab"] = vocab
            }
        }
        guard case .inconsistent(let message) = duplicate else {
            Issue.record("expected an inconsistency, got \(String(describing: duplicate))")
            return
        }
        #expect(message.contains("to both") && message.contains("'zzzz'") && message.contains("'the'"))
        let negative = try error("bert") { json in model(&json) { $0["vocab"] = ["[UNK]": -1] } }
        #expect(negative == .invalidField(path: "model.vocab.[UNK]", expected: "an integer in 0...2147483647",
                                          found: "the number -1"))
        let text = try error("bert") { json in model(&json) { $0["vocab"] = ["[UNK]": "0"] } }
        #expect(text == .invalidField(path: "model.vocab.[UNK]", expected: "an integer in 0...2147483647",
                                      found: "the string \"0\""))
        let missingUnknown = try error("bert") { json in model(&json) { $0["vocab"] = ["a": 0] } }
        #expect(missingUnknown == .inconsistent("WordPiece's unk_token names the token '[UNK]', which is not in the vocabulary"))
    }

    @Test func enormousOrNegativeMaxInputCharsPerWord() throws {
        for value in [1e30, -1, 2.5] as [Double] {
            let error = try error("bert") { json in model(&json) { $0["max_input_chars_per_word"] = value } }
            guard case .invalidField(let path, _, _) = error else {
                Issue.record("expected an invalid field for \(value), got \(String(describing: error))")
                continue
            }
            #expect(path == "model.max_input_chars_per_word")
        }
        // The largest integer is a valid (unlimited) setting.
        let tokenizer = try load("bert") { json in model(&json) { $0["max_input_chars_per_word"] = Int.max } }
        #expect(try tokenizer.encode("y" + String(repeating: "z", count: 300)).tokens.contains("[UNK]") == false)
    }

    @Test func unknownComponentTypesAreNamed() throws {
        let cases: [(String, [String: Any], TokenizerError)] = [
            ("normalizer", ["type": "Precompiled"], .unsupportedComponent(kind: "normalizer", type: "Precompiled")),
            ("pre_tokenizer", ["type": "Metaspace"], .unsupportedComponent(kind: "pre-tokenizer", type: "Metaspace")),
            ("post_processor", ["type": "Sequence"], .unsupportedComponent(kind: "post-processor", type: "Sequence")),
            ("decoder", ["type": "CTC"], .unsupportedComponent(kind: "decoder", type: "CTC")),
            ("model", ["type": "Unigram", "vocab": []], .unsupportedComponent(kind: "model", type: "Unigram")),
        ]
        for (key, value, expected) in cases {
            #expect(try error("bert") { $0[key] = value } == expected)
        }
        let nested = try error("bert") { $0["normalizer"] = ["type": "Sequence", "normalizers": [["type": "NFD"], ["type": "Replace"]]] }
        #expect(nested == .unsupportedComponent(kind: "normalizer", type: "Replace"))
        let untyped = try error("bert") { $0["decoder"] = ["prefix": "##"] }
        #expect(untyped == .invalidField(path: "decoder.type", expected: "a string", found: "nothing"))
        let missingModel = try error("bert") { $0["model"] = nil }
        #expect(missingModel == .invalidField(path: "model", expected: "an object", found: "nothing"))
    }

    @Test func unsupportedBPEOptions() throws {
        #expect(try error("gpt2") { json in model(&json) { $0["byte_fallback"] = true } }
            == .unsupportedComponent(kind: "BPE option", type: "byte_fallback"))
        #expect(try error("gpt2") { json in model(&json) { $0["dropout"] = 0.1 } }
            == .unsupportedComponent(kind: "BPE option", type: "dropout"))
        #expect(try error("gpt2") { json in model(&json) { $0["fuse_unk"] = "yes" } }
            == .invalidField(path: "model.fuse_unk", expected: "true or false", found: "the string \"yes\""))
    }

    @Test func inconsistentAddedTokensAndTemplates() throws {
        let duplicate = try error("roberta") { json in
            var added = json["added_tokens"] as! [[String: Any]]
            added[2]["id"] = added[1]["id"]
            json["added_tokens"] = added
        }
        #expect(duplicate == .inconsistent("added_tokens gives id 600 to both '<s>' and '</s>'"))
        let clash = try error("bert") { json in
            var added = json["added_tokens"] as! [[String: Any]]
            added[0]["id"] = 10
            json["added_tokens"] = added
        }
        guard case .inconsistent(let message) = clash else {
            Issue.record("expected an inconsistency, got \(String(describing: clash))")
            return
        }
        #expect(message.hasPrefix("added token '[PAD]' has id 10, the id of"))
        let template = try error("bert") { json in
            var processor = json["post_processor"] as! [String: Any]
            processor["special_tokens"] = [String: Any]()
            json["post_processor"] = processor
        }
        #expect(template == .inconsistent("the template uses the special token '[CLS]', which special_tokens lacks"))
        let badPadding = try error("bert_file_options") { json in
            var padding = json["padding"] as! [String: Any]
            padding["strategy"] = ["Fixed": -3]
            json["padding"] = padding
        }
        #expect(badPadding == .invalidField(path: "padding.strategy.Fixed", expected: "an integer in 0...1048576",
                                            found: "the number -3"))
    }

    @Test func decodingUnknownIdsFails() throws {
        let tokenizer = try TokenizerFixture.tokenizer("bert")
        #expect(throws: TokenizerError.invalidRequest("can't decode id 123456: it is neither in the vocabulary nor an added token")) {
            try tokenizer.decode([2, 123_456])
        }
        #expect(try tokenizer.decode([]) == "")
    }

    @Test func errorMessagesSayWhatWasExpected() {
        #expect(TokenizerError.invalidField(path: "model.vocab.a", expected: "an integer", found: "the string \"x\"").description
            == "tokenizer.json field 'model.vocab.a': expected an integer, found the string \"x\"")
        #expect(TokenizerError.unsupportedComponent(kind: "decoder", type: "CTC").description
            == "unsupported decoder type 'CTC' in tokenizer.json")
    }
}
