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

/// A token the model produced for a word: its id, its text and the scalars of the word it covers.
struct WordToken: Sendable {
    var id: Int
    var token: String
    var range: Range<Int>
}
