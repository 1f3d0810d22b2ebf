import Foundation
import Testing
@testable import SynapseModels

/// Every sentence of the fixtures through the Swift tokenizers, against what Hugging Face's `tokenizers` produced
/// from the same `tokenizer.json`: ids, tokens, segment ids, masks, offsets and decoded text, exactly.
@Suite struct TokenizerFixtureTests {
    static let padTokens = ["bert": "[PAD]", "bert_variant": "[PAD]", "gpt2": "<|endoftext|>", "roberta": "<pad>",
                            "gpt2_ignore_merges": "<|endoftext|>", "bert_file_options": "[PAD]"]

    /// Compares one encoding, recording a readable issue for each field that differs.
    func expectMatch(_ tokenizer: Tokenizer, _ actual: Encoding, _ expected: TokenizerFixture.Expected,
                     _ label: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let differences = try TokenizerFixture.differences(actual, expected) { encoding in
            (try tokenizer.decode(encoding.ids), try tokenizer.decode(encoding.ids, skipSpecialTokens: false))
        }
        #expect(differences.isEmpty, "\(label) \(expected.text.debugDescription) / \(expected.pair?.debugDescription ?? "-"): \(differences.joined(separator: "; "))",
                sourceLocation: sourceLocation)
    }

    @Test(arguments: ["bert", "bert_variant", "gpt2", "roberta", "gpt2_ignore_merges", "roberta_added", "bert_added",
                      "bert_nfc", "bert_nfkd", "gpt2_legacy"])
    func singleSentences(name: String) throws {
        let tokenizer = try TokenizerFixture.tokenizer(name)
        let cases = try #require(TokenizerFixture.expected.cases[name])
        #expect(cases.single.count > 150)
        #expect(tokenizer.vocabularySize == cases.vocabSize)
        for expected in cases.single {
            try expectMatch(tokenizer, try tokenizer.encode(expected.text), expected, name)
        }
        for expected in cases.plain {
            try expectMatch(tokenizer, try tokenizer.encode(expected.text, addSpecialTokens: false), expected,
                            "\(name) without special tokens")
        }
    }

    @Test(arguments: ["bert", "bert_variant", "gpt2", "roberta"])
    func sentencePairs(name: String) throws {
        let tokenizer = try TokenizerFixture.tokenizer(name)
        let cases = try #require(TokenizerFixture.expected.cases[name])
        #expect(cases.pairs.count > 80)
        for expected in cases.pairs {
            try expectMatch(tokenizer, try tokenizer.encode(expected.text, pair: expected.pair), expected, "\(name) pair")
        }
    }

    @Test(arguments: ["bert", "bert_variant", "gpt2", "roberta", "bert_file_options"])
    func paddedAndTruncatedBatches(name: String) throws {
        let base = try TokenizerFixture.tokenizer(name)
        let cases = try #require(TokenizerFixture.expected.cases[name])
        #expect(!cases.batches.isEmpty)
        for batch in cases.batches {
            let tokenizer = base.configured(for: batch, padToken: Self.padTokens[name]!)
            let encodings = if let pairs = batch.pairs {
                try tokenizer.encodeBatch(Array(zip(batch.texts, pairs)))
            } else {
                try tokenizer.encodeBatch(batch.texts)
            }
            #expect(encodings.count == batch.encodings.count)
            for (actual, expected) in zip(encodings, batch.encodings) {
                try expectMatch(tokenizer, actual, expected, "\(name) batch \(batch.padding.debugDescription) \(batch.truncation.debugDescription)")
            }
        }
    }

    @Test func fileSettingsArePaddingAndTruncation() throws {
        let tokenizer = try TokenizerFixture.tokenizer("bert_file_options")
        #expect(tokenizer.padding == Padding(direction: .left, padToMultipleOf: 4, padId: 0, padToken: "[PAD]"))
        #expect(tokenizer.truncation == Truncation(maxLength: 12, strategy: .onlyFirst))
    }

    @Test func truncationThatCannotFitFailsLikeTheLibrary() throws {
        var tokenizer = try TokenizerFixture.tokenizer("bert")
        tokenizer.truncation = Truncation(maxLength: 8, strategy: .onlySecond)
        #expect(throws: TokenizerError.invalidRequest(
            "Truncation error: Sequence to truncate too short to respect the provided max_length")) {
            try tokenizer.encode("a long first sentence that is long", pair: "b")
        }
        #expect(throws: TokenizerError.invalidRequest("Truncation error: Second sequence not provided")) {
            try tokenizer.encode("a long first sentence that is much too long")
        }
        tokenizer.truncation = Truncation(maxLength: 2)
        #expect(throws: TokenizerError.invalidRequest("truncation max_length 2 leaves no room for the 3 special tokens")) {
            try tokenizer.encode("a", pair: "b")
        }
        // The library asserts (a panic in Python) where this throws.
        tokenizer.truncation = Truncation(maxLength: 6, stride: 4)
        #expect(throws: TokenizerError.invalidRequest("`stride` must be strictly less than `max_len=4` (note that "
            + "`max_len` may be shorter than the max length of the original model, as it subtracts the number of special "
            + "characters")) {
            try tokenizer.encode("a sentence long enough to be cut")
        }
        #expect(try tokenizer.encode("short").overflowing.isEmpty)
    }

    @Test func offsetsMapBackToTheText() throws {
        let tokenizer = try TokenizerFixture.tokenizer("gpt2")
        let text = "Zoë 👨‍👩‍👧 café\tok"
        let encoding = try tokenizer.encode(text)
        let scalars = Array(text.unicodeScalars)
        #expect(encoding.count > 5)
        for index in 0 ..< encoding.count {
            let range = encoding.range(ofToken: index, in: text)
            let expected = String(String.UnicodeScalarView(scalars[encoding.offsets[index]]))
            #expect(String(text.unicodeScalars[range]) == expected)
        }
        #expect(tokenizer.tokenToId("<|endoftext|>") == 0)
        #expect(tokenizer.idToToken(0) == "<|endoftext|>")
        #expect(tokenizer.tokenToId("no such token") == nil)
    }

    @Test func concurrentEncodingMatchesSerial() throws {
        let tokenizer = try TokenizerFixture.tokenizer("gpt2")
        let texts = TokenizerFixture.expected.cases["gpt2"]!.single.map(\.text)
        let serial = try texts.map { try tokenizer.encode($0).ids }
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var ids: [[Int]]
            init(_ count: Int) { ids = Array(repeating: [], count: count) }
        }
        let results = Results(texts.count)
        DispatchQueue.concurrentPerform(iterations: texts.count) { index in
            let ids = (try? tokenizer.encode(texts[index]).ids) ?? [-1]
            results.lock.withLock { results.ids[index] = ids }
        }
        #expect(results.ids == serial)
    }
}
