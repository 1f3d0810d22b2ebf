import Foundation

/// A tokenizer read from Hugging Face's `tokenizer.json`, giving the same ids, segment ids, attention masks and
/// offsets as the `tokenizers` library for the same file.
///
/// It runs the library's pipeline: added tokens found in the raw text, normaliser, added tokens found in the
/// normalised text, pre-tokeniser, model (WordPiece or BPE), truncation, post-processor, padding.
///
/// ```swift
/// var tokenizer = try Tokenizer(contentsOf: URL(fileURLWithPath: "bert/tokenizer.json"))
/// let encoding = try tokenizer.encode("Hello, world!")     // [CLS] hello , world ! [SEP]
/// tokenizer.padding = Padding(padId: 0, padToken: "[PAD]")
/// tokenizer.truncation = Truncation(maxLength: 128)
/// let batch = try tokenizer.encodeBatch(["a short one", "and a somewhat longer sentence"])
/// let text = try tokenizer.decode(encoding.ids)           // "hello, world!"
/// ```
///
/// Supported components: normalisers `BertNormalizer`, `Lowercase`, `StripAccents`, `NFD`, `NFKD`, `NFC`, `NFKC`,
/// `Sequence`; pre-tokenisers `BertPreTokenizer`, `ByteLevel`, `Whitespace`, `WhitespaceSplit`, `Sequence`;
/// models `WordPiece` and `BPE` (without dropout or byte fallback); post-processors `TemplateProcessing`,
/// `BertProcessing`, `RobertaProcessing`, `ByteLevel`; decoders `WordPiece` and `ByteLevel`. Any other component
/// is refused with an error naming it.
public struct Tokenizer: Sendable {
    /// The model: WordPiece or BPE.
    enum Model: Sendable {
        case wordPiece(WordPiece)
        case bpe(BPE)

        var vocabulary: Vocabulary {
            switch self {
            case .wordPiece(let model): model.vocabulary
            case .bpe(let model): model.vocabulary
            }
        }

        func tokenize(_ word: [Unicode.Scalar]) -> [WordToken] {
            switch self {
            case .wordPiece(let model): model.tokenize(word)
            case .bpe(let model): model.tokenize(word)
            }
        }
    }

    let normalizer: Normalizer?
    let preTokenizer: PreTokenizer?
    let model: Model
    let postProcessor: PostProcessor?
    let decoder: Decoder?
    /// The file's `added_tokens`.
    public let addedTokens: [AddedToken]
    private let addedById: [Int: AddedToken]
    private let addedByContent: [ExactString: AddedToken]
    /// Added tokens matched in the original text, and those matched after normalisation.
    private let rawMatcher: AddedTokenMatcher
    private let normalizedMatcher: AddedTokenMatcher

    /// How encodings are padded (nil: not padded); initially the file's `padding`.
    public var padding: Padding?
    /// How encodings are truncated (nil: not truncated); initially the file's `truncation`.
    public var truncation: Truncation?

    /// Reads the `tokenizer.json` at `url`.
    public init(contentsOf url: URL) throws(TokenizerError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .io(path: url.path, reason: error.localizedDescription)
        }
        try self.init(data: data)
    }

    /// Reads a `tokenizer.json` held in memory.
    public init(data: Data) throws(TokenizerError) {
        let json = try JSONFields.parse(data)
        normalizer = try json.optionalObject("normalizer").map { (object) throws(TokenizerError) in try Normalizer(json: object) }
        preTokenizer = try json.optionalObject("pre_tokenizer").map { (object) throws(TokenizerError) in try PreTokenizer(json: object) }
        postProcessor = try json.optionalObject("post_processor").map { (object) throws(TokenizerError) in try PostProcessor(json: object) }
        decoder = try json.optionalObject("decoder").map { (object) throws(TokenizerError) in try Decoder(json: object) }
        let modelJSON = try json.object("model")
        let modelType = modelJSON.has("type") ? try modelJSON.type() : modelJSON.has("merges") ? "BPE" : "WordPiece"
        switch modelType {
        case "WordPiece": model = .wordPiece(try WordPiece(json: modelJSON))
        case "BPE": model = .bpe(try BPE(json: modelJSON))
        default: throw .unsupportedComponent(kind: "model", type: modelType)
        }

        var added: [AddedToken] = []
        var byId: [Int: AddedToken] = [:]
        var byContent: [ExactString: AddedToken] = [:]
        for (index, value) in (json.has("added_tokens") ? try json.array("added_tokens") : []).enumerated() {
            let token = try AddedToken(json: JSONFields(value, path: "added_tokens[\(index)]"))
            if let other = byId[token.id] {
                throw .inconsistent("added_tokens gives id \(token.id) to both '\(other.content)' and '\(token.content)'")
            }
            if let modelToken = model.vocabulary.tokens[token.id], ExactString(modelToken) != ExactString(token.content) {
                throw .inconsistent("added token '\(token.content)' has id \(token.id), the id of '\(modelToken)' in the vocabulary")
            }
            added.append(token)
            byId[token.id] = token
            byContent[ExactString(token.content)] = token
        }
        addedTokens = added
        addedById = byId
        addedByContent = byContent
        rawMatcher = AddedTokenMatcher(added.filter { !$0.normalized }.map { ($0.content, $0) })
        let normalizer = self.normalizer
        normalizedMatcher = AddedTokenMatcher(added.filter(\.normalized).map { token in
            var text = NormalizedText(Array(token.content.unicodeScalars), start: 0)
            normalizer?.normalize(&text)
            return (text.string, token)
        })

        padding = try json.optionalObject("padding").map { (object) throws(TokenizerError) in try Tokenizer.padding(object) }
        truncation = try json.optionalObject("truncation").map { (object) throws(TokenizerError) in try Tokenizer.truncation(object) }
    }

    /// The id of `token` (an added token or one of the model's vocabulary).
    public func tokenToId(_ token: String) -> Int? {
        addedByContent[ExactString(token)]?.id ?? model.vocabulary[token]
    }

    /// The token with `id`.
    public func idToToken(_ id: Int) -> String? {
        addedById[id]?.content ?? model.vocabulary.tokens[id]
    }

    /// The number of distinct ids: the model's vocabulary and the added tokens outside it.
    public var vocabularySize: Int {
        model.vocabulary.count + addedTokens.filter { model.vocabulary[$0.content] == nil }.count
    }

    /// Encodes `text` (and `pair`, the second text of a pair), truncating and padding as set.
    public func encode(_ text: String, pair: String? = nil, addSpecialTokens: Bool = true) throws(TokenizerError) -> Encoding {
        var first = encodeSequence(text, typeId: 0)
        var second = pair.map { encodeSequence($0, typeId: 1) }
        if let truncation {
            let added = addSpecialTokens ? postProcessor?.addedTokens(isPair: pair != nil) ?? 0 : 0
            guard truncation.maxLength >= added else {
                throw .invalidRequest("truncation max_length \(truncation.maxLength) leaves no room for the \(added) special tokens")
            }
            try truncation.apply(&first, &second, maxLength: truncation.maxLength - added)
        }
        var encoding = postProcessor?.process(first, second, addSpecialTokens: addSpecialTokens)
            ?? PostProcessor.concatenate(first, second)
        if let padding { pad(&encoding, to: padding.length(for: [encoding]), with: padding) }
        return encoding
    }

    /// Encodes each text, then pads them all together as set (`.longest`: to the longest of the batch).
    public func encodeBatch(_ texts: [String], addSpecialTokens: Bool = true) throws(TokenizerError) -> [Encoding] {
        var encodings: [Encoding] = []
        for text in texts { encodings.append(try encode(text, addSpecialTokens: addSpecialTokens)) }
        return padBatch(encodings)
    }

    /// Encodes each pair of texts, then pads them all together as set.
    public func encodeBatch(_ pairs: [(String, String)], addSpecialTokens: Bool = true) throws(TokenizerError) -> [Encoding] {
        var encodings: [Encoding] = []
        for (text, pair) in pairs { encodings.append(try encode(text, pair: pair, addSpecialTokens: addSpecialTokens)) }
        return padBatch(encodings)
    }

    /// The text of `ids`, through the decoder (tokens joined by spaces without one); special tokens are left out
    /// unless `skipSpecialTokens` is false.
    public func decode(_ ids: [Int], skipSpecialTokens: Bool = true) throws(TokenizerError) -> String {
        var tokens: [String] = []
        for id in ids {
            guard let token = idToToken(id) else {
                throw .invalidRequest("can't decode id \(id): it is neither in the vocabulary nor an added token")
            }
            if skipSpecialTokens, addedByContent[ExactString(token)]?.special == true { continue }
            tokens.append(token)
        }
        return decoder?.decode(tokens) ?? tokens.joined(separator: " ")
    }

    /// One text through added tokens, normaliser, pre-tokeniser and model.
    private func encodeSequence(_ text: String, typeId: Int) -> Encoding {
        var encoding = Encoding()
        var word = 0  // the index of the library's split: each added token and each pre-tokenised word
        let original = NormalizedText(Array(text.unicodeScalars), start: 0)
        for (piece, token) in rawMatcher.split(original) {
            if let token {
                encoding.append(id: token.id, token: piece.string, typeId: typeId,
                                offsets: piece.originalRange(0 ..< piece.scalars.count), special: false, word: word)
                word += 1
                continue
            }
            var normalized = piece
            normalizer?.normalize(&normalized)
            for (part, token) in normalizedMatcher.split(normalized) where !part.isEmpty {
                if let token {
                    encoding.append(id: token.id, token: part.string, typeId: typeId,
                                    offsets: part.originalRange(0 ..< part.scalars.count), special: false, word: word)
                    word += 1
                    continue
                }
                let words = preTokenizer?.split([part]) ?? [part]
                for piece in words where !piece.isEmpty {
                    for token in model.tokenize(piece.scalars) {
                        encoding.append(id: token.id, token: token.token, typeId: typeId,
                                        offsets: piece.originalRange(token.range), special: false, word: word)
                    }
                    word += 1
                }
            }
        }
        return encoding
    }

    private func padBatch(_ encodings: [Encoding]) -> [Encoding] {
        guard let padding else { return encodings }
        let length = padding.length(for: encodings)
        return encodings.map { encoding in
            var encoding = encoding
            pad(&encoding, to: length, with: padding)
            return encoding
        }
    }

    private func pad(_ encoding: inout Encoding, to length: Int, with padding: Padding) {
        encoding.pad(to: length, id: padding.padId, typeId: padding.padTypeId, token: padding.padToken,
                     direction: padding.direction)
    }

    /// The longest padding a file may ask for: a lying file must not make every encoding allocate gigabytes.
    static let longestPadding = 1 << 20

    /// Reads the file's `padding` object.
    private static func padding(_ json: JSONFields) throws(TokenizerError) -> Padding {
        let multiple = json.has("pad_to_multiple_of") ? try json.int("pad_to_multiple_of", limit: longestPadding) : nil
        var padding = Padding(direction: try direction(json), padToMultipleOf: multiple,
                              padId: try json.int("pad_id", default: 0), padTypeId: try json.int("pad_type_id", default: 0),
                              padToken: try json.optionalString("pad_token") ?? "[PAD]")
        if let strategy = json.raw("strategy") as? [String: Any], strategy.count == 1, strategy["Fixed"] != nil {
            padding.strategy = .fixed(try JSONFields.int(strategy["Fixed"], path: json.child("strategy.Fixed"),
                                                         limit: longestPadding))
        } else if json.has("strategy"), json.raw("strategy") as? String != "BatchLongest" {
            throw json.mismatch("strategy", "\"BatchLongest\" or {\"Fixed\": length}")
        }
        return padding
    }

    /// Reads the file's `truncation` object.
    private static func truncation(_ json: JSONFields) throws(TokenizerError) -> Truncation {
        let strategy: Truncation.Strategy = switch try json.optionalString("strategy") ?? "LongestFirst" {
        case "LongestFirst": .longestFirst
        case "OnlyFirst": .onlyFirst
        case "OnlySecond": .onlySecond
        default: throw json.mismatch("strategy", "\"LongestFirst\", \"OnlyFirst\" or \"OnlySecond\"")
        }
        return Truncation(maxLength: try json.int("max_length"), strategy: strategy, direction: try direction(json),
                          stride: try json.int("stride", default: 0))
    }

    private static func direction(_ json: JSONFields) throws(TokenizerError) -> Encoding.Direction {
        switch try json.optionalString("direction") ?? "Right" {
        case "Right": .right
        case "Left": .left
        default: throw json.mismatch("direction", "\"Left\" or \"Right\"")
        }
    }
}
