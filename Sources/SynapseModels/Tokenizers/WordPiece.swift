/// BERT's WordPiece model: greedy longest-match-first over the vocabulary, continuations marked by a prefix.
final class WordPiece: Sendable {
    let vocabulary: Vocabulary
    let unknownToken: String
    let unknownId: Int
    /// The mark of a piece that continues a word (`##`).
    let continuingPrefix: String
    /// Longer words (in Unicode scalars) become one unknown token.
    let maxInputCharsPerWord: Int
    /// The longest token of the vocabulary, in Unicode scalars (no longer piece need be looked up).
    private let longestToken: Int
    private let cache = WordCache()

    /// Reads a `model` object of type `WordPiece`.
    init(json: JSONFields) throws(TokenizerError) {
        vocabulary = try Vocabulary(json: json)
        unknownToken = try json.optionalString("unk_token") ?? "[UNK]"
        unknownId = try vocabulary.id(of: unknownToken, neededBy: "WordPiece's unk_token")
        continuingPrefix = try json.optionalString("continuing_subword_prefix") ?? "##"
        maxInputCharsPerWord = try json.int("max_input_chars_per_word", default: 100, limit: Int.max)
        longestToken = vocabulary.tokens.values.map(\.unicodeScalars.count).max() ?? 0
    }

    /// The tokens of one word.
    func tokenize(_ word: [Unicode.Scalar]) -> [WordToken] {
        cache.tokens(of: String(scalars: word)) { match(word) }
    }

    /// Greedy longest-match-first, or the unknown token for the whole word.
    private func match(_ word: [Unicode.Scalar]) -> [WordToken] {
        let whole = [WordToken(id: unknownId, token: unknownToken, range: 0 ..< word.count)]
        if word.count > maxInputCharsPerWord { return whole }
        // The word's UTF-8, and where each scalar starts in it, so that each candidate piece is one String.
        var utf8: [UInt8] = []
        var scalarStarts: [Int] = []
        scalarStarts.reserveCapacity(word.count + 1)
        for scalar in word {
            scalarStarts.append(utf8.count)
            UTF8.encode(scalar) { utf8.append($0) }
        }
        scalarStarts.append(utf8.count)
        let prefix = Array(continuingPrefix.utf8)
        var candidate: [UInt8] = []
        var tokens: [WordToken] = []
        var start = 0
        while start < word.count {
            var end = min(word.count, start + longestToken)
            var found: WordToken?
            while start < end {
                candidate.removeAll(keepingCapacity: true)
                if start > 0 { candidate += prefix }
                candidate += utf8[scalarStarts[start] ..< scalarStarts[end]]
                let piece = String(decoding: candidate, as: UTF8.self)
                if let id = vocabulary[piece] {
                    found = WordToken(id: id, token: piece, range: start ..< end)
                    break
                }
                end -= 1
            }
            guard let token = found else { return whole }
            tokens.append(token)
            start = end
        }
        return tokens
    }
}
