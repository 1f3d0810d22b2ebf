import Foundation
@testable import SynapseModels

/// The committed tokenizer fixtures in `Tests/Fixtures/tokenizers/`, written by `scripts/fixtures/tokenizer_files.py`
/// with Hugging Face's `tokenizers`.
enum TokenizerFixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tokenizers")

    /// One encoding as the library produced it.
    struct Expected: Decodable {
        let text: String
        let pair: String?
        let ids: [Int]
        let tokens: [String]
        let typeIds: [Int]
        let attentionMask: [Int]
        let specialTokensMask: [Int]
        let wordIds: [Int?]
        let offsets: [[Int]]
        let decoded: String
        let decodedAll: String
        let overflowing: [Expected]

        enum CodingKeys: String, CodingKey {
            case text, pair, ids, tokens, offsets, decoded, overflowing
            case typeIds = "type_ids", attentionMask = "attention_mask", specialTokensMask = "special_tokens_mask"
            case wordIds = "word_ids"
            case decodedAll = "decoded_all"
        }
    }

    /// `enable_padding` arguments (absent ones take the library's defaults).
    struct PaddingArguments: Decodable {
        let direction: String?
        let length: Int?
        let padToMultipleOf: Int?
        let padTypeId: Int?

        enum CodingKeys: String, CodingKey {
            case direction, length
            case padToMultipleOf = "pad_to_multiple_of", padTypeId = "pad_type_id"
        }
    }

    /// `enable_truncation` arguments.
    struct TruncationArguments: Decodable {
        let maxLength: Int
        let strategy: String?
        let direction: String?
        let stride: Int?

        enum CodingKeys: String, CodingKey {
            case strategy, direction, stride
            case maxLength = "max_length"
        }
    }

    /// A batch encoded with padding and truncation.
    struct Batch: Decodable {
        let padding: PaddingArguments?
        let truncation: TruncationArguments?
        let texts: [String]
        let pairs: [String]?
        let encodings: [Expected]
    }

    /// Everything recorded for one tokenizer file.
    struct Case: Decodable {
        let vocabSize: Int
        let single: [Expected]
        let plain: [Expected]
        let pairs: [Expected]
        let batches: [Batch]

        enum CodingKeys: String, CodingKey {
            case single, plain, pairs, batches
            case vocabSize = "vocab_size"
        }
    }

    struct File: Decodable {
        let tokenizers: String
        let cases: [String: Case]
    }

    static let expected: File = {
        let url = directory.appendingPathComponent("expected.json")
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data) else {
            fatalError("can't read \(url.path): run ~/torchenv/bin/python scripts/fixtures/tokenizer_files.py")
        }
        return file
    }()

    /// The tokenizer `<name>.tokenizer.json`.
    static func tokenizer(_ name: String) throws -> Tokenizer {
        try Tokenizer(contentsOf: directory.appendingPathComponent("\(name).tokenizer.json"))
    }

    /// The bytes of `<name>.tokenizer.json`, for tests that corrupt them.
    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(name).tokenizer.json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// Differences between `actual` and `expected` (overflowing parts included), one line per field that differs
    /// (empty when equal).
    static func differences(_ actual: Encoding, _ expected: Expected, decode: (Encoding) throws -> (String, String))
        rethrows -> [String] {
        let (decoded, decodedAll) = try decode(actual)
        var lines: [String] = []
        func check<T: Equatable>(_ name: String, _ a: T, _ e: T) {
            if a != e { lines.append("\(name): got \(a), expected \(e)") }
        }
        check("ids", actual.ids, expected.ids)
        check("tokens", actual.tokens, expected.tokens)
        check("type_ids", actual.typeIds, expected.typeIds)
        check("attention_mask", actual.attentionMask, expected.attentionMask)
        check("special_tokens_mask", actual.specialTokensMask, expected.specialTokensMask)
        check("word_ids", actual.wordIds, expected.wordIds)
        check("offsets", actual.offsets.map { [$0.lowerBound, $0.upperBound] }, expected.offsets)
        check("decoded", decoded, expected.decoded)
        check("decoded_all", decodedAll, expected.decodedAll)
        check("overflowing count", actual.overflowing.count, expected.overflowing.count)
        for (index, (part, expectedPart)) in zip(actual.overflowing, expected.overflowing).enumerated() {
            lines += try differences(part, expectedPart, decode: decode).map { "overflowing[\(index)] \($0)" }
        }
        return lines
    }
}

extension Tokenizer {
    /// This tokenizer with the padding and truncation of a fixture batch (`pad_token` as the fixture script chose).
    func configured(for batch: TokenizerFixture.Batch, padToken: String) -> Tokenizer {
        var tokenizer = self
        if let arguments = batch.padding {
            tokenizer.padding = Padding(
                strategy: arguments.length.map { .fixed($0) } ?? .longest,
                direction: arguments.direction == "left" ? .left : .right, padToMultipleOf: arguments.padToMultipleOf,
                padId: tokenToId(padToken)!, padTypeId: arguments.padTypeId ?? 0, padToken: padToken)
        }
        if let arguments = batch.truncation {
            let strategy: Truncation.Strategy = switch arguments.strategy {
            case "only_first": .onlyFirst
            case "only_second": .onlySecond
            default: .longestFirst
            }
            tokenizer.truncation = Truncation(maxLength: arguments.maxLength, strategy: strategy,
                                              direction: arguments.direction == "left" ? .left : .right,
                                              stride: arguments.stride ?? 0)
        }
        return tokenizer
    }
}
