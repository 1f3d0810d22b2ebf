import SynapseTensor

/// A string compared and hashed by its UTF-8 bytes, as Rust compares strings: Swift's `String` equality is
/// canonical equivalence, under which the vocabulary tokens `é` and `e\u{301}` would be one key.
struct ExactString: Hashable, Sendable {
    let string: String

    init(_ string: String) { self.string = string }

    static func == (lhs: ExactString, rhs: ExactString) -> Bool { lhs.string.utf8.elementsEqual(rhs.string.utf8) }

    func hash(into hasher: inout Hasher) {
        var string = string
        string.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

/// A model's vocabulary: token to id and back, with every id used once.
struct Vocabulary: Sendable {
    private let ids: [ExactString: Int]
    let tokens: [Int: String]

    /// The id of `token`, compared byte for byte.
    subscript(_ token: String) -> Int? { ids[ExactString(token)] }

    /// The number of tokens.
    var count: Int { ids.count }

    /// Reads `model.vocab` (an object of token to id), refusing ids that are not integers or used twice.
    init(json: JSONFields) throws(TokenizerError) {
        let object = try json.object("vocab")
        var ids: [ExactString: Int] = [:]
        var tokens: [Int: String] = [:]
        ids.reserveCapacity(object.values.count)
        tokens.reserveCapacity(object.values.count)
        for (token, value) in object.values {
            let id = try JSONFields.int(value, path: object.child(token))
            if let other = tokens[id] {
                let pair = [other, token].sorted()
                throw .inconsistent("the vocabulary gives id \(id) to both '\(pair[0])' and '\(pair[1])'")
            }
            ids[ExactString(token)] = id
            tokens[id] = token
        }
        self.ids = ids
        self.tokens = tokens
    }

    /// The id of `token`, or an error naming the component that needs it.
    func id(of token: String, neededBy component: String) throws(TokenizerError) -> Int {
        guard let id = self[token] else {
            throw .inconsistent("\(component) names the token '\(token)', which is not in the vocabulary")
        }
        return id
    }
}

/// The tokens of words already tokenised, as `tokenizers`' BPE keeps them (up to 10,000 words; then no more are
/// added), shared by the threads using the model.
final class WordCache: Sendable {
    private let words = Locked([ExactString: [WordToken]]())
    private static let capacity = 10_000

    /// The cached tokens of `word`, or `tokenize()`'s, cached while there is room.
    func tokens(of word: String, _ tokenize: () -> [WordToken]) -> [WordToken] {
        let key = ExactString(word)
        if let cached = words.withLock({ $0[key] }) { return cached }
        let tokens = tokenize()
        words.withLock { words in
            if words.count < WordCache.capacity { words[key] = tokens }
        }
        return tokens
    }
}

/// A token the model produced for a word: its id, its text and the scalars of the word it covers.
struct WordToken: Sendable {
    var id: Int
    var token: String
    var range: Range<Int>
}
