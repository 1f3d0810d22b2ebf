/// BERT's WordPiece model: greedy longest-match-first over the vocabulary, continuations marked by a prefix.
struct WordPiece: Sendable {
    let vocabulary: Vocabulary
    let unknownToken: String
    let unknownId: Int
    /// The mark of a piece that continues a word (`##`).
    let continuingPrefix: String
    /// Longer words (in Unicode scalars) become one unknown token.
    let maxInputCharsPerWord: Int

    /// Reads a `model` object of type `WordPiece`.
    init(json: JSONFields) throws(TokenizerError) {
        vocabulary = try Vocabulary(json: json)
        unknownToken = try json.optionalString("unk_token") ?? "[UNK]"
        unknownId = try vocabulary.id(of: unknownToken, neededBy: "WordPiece's unk_token")
        continuingPrefix = try json.optionalString("continuing_subword_prefix") ?? "##"
        maxInputCharsPerWord = try json.int("max_input_chars_per_word", default: 100, limit: Int.max)
    }

    /// The tokens of one word.
    func tokenize(_ word: [Unicode.Scalar]) -> [WordToken] {
        let whole = [WordToken(id: unknownId, token: unknownToken, range: 0 ..< word.count)]
        if word.count > maxInputCharsPerWord { return whole }
        var tokens: [WordToken] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var found: WordToken?
            while start < end {
                var piece = String(String.UnicodeScalarView(word[start ..< end]))
                if start > 0 { piece = continuingPrefix + piece }
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
