/// A token of `added_tokens` (`[CLS]`, `<|endoftext|>`, …), found in the text before the model sees it.
public struct AddedToken: Sendable, Equatable {
    /// The token's text.
    public let content: String
    /// The token's id.
    public let id: Int
    /// Matched only when not inside a word.
    public let singleWord: Bool
    /// The match takes the whitespace on its left.
    public let leftStrip: Bool
    /// The match takes the whitespace on its right.
    public let rightStrip: Bool
    /// Matched in the normalised text (after the normaliser) rather than the original.
    public let normalized: Bool
    /// A special token: left out by `decode(_:skipSpecialTokens: true)`.
    public let special: Bool

    init(json: JSONFields) throws(TokenizerError) {
        content = try json.string("content")
        guard !content.isEmpty else { throw .invalidField(path: json.child("content"), expected: "a non-empty token", found: "\"\"") }
        id = try json.int("id")
        singleWord = try json.bool("single_word", default: false)
        leftStrip = try json.bool("lstrip", default: false)
        rightStrip = try json.bool("rstrip", default: false)
        normalized = try json.bool("normalized", default: true)
        special = try json.bool("special", default: false)
    }
}

/// Splits text at added tokens, as `AddedVocabulary::find_matches` does: leftmost-longest matches, those inside a
/// word dropped for single-word tokens, whitespace around taken for stripping ones.
struct AddedTokenMatcher: Sendable {
    private struct Pattern: Sendable {
        var scalars: [Unicode.Scalar]
        var token: AddedToken
    }

    /// Patterns by first scalar, longest first.
    private let patterns: [Unicode.Scalar: [Pattern]]
    /// A bit per value of a first scalar's low 12 bits: most scalars start no pattern, and this says so without
    /// hashing them.
    private let mayStart: [UInt64]

    init(_ tokens: [(pattern: String, token: AddedToken)]) {
        var patterns: [Unicode.Scalar: [Pattern]] = [:]
        for (text, token) in tokens {
            let scalars = Array(text.unicodeScalars)
            guard let first = scalars.first else { continue }
            patterns[first, default: []].append(Pattern(scalars: scalars, token: token))
        }
        self.patterns = patterns.mapValues { $0.sorted { $0.scalars.count > $1.scalars.count } }
        var mayStart = [UInt64](repeating: 0, count: 64)
        for first in patterns.keys { mayStart[Int(first.value & 0xFFF) >> 6] |= 1 << (first.value & 63) }
        self.mayStart = mayStart
    }

    var isEmpty: Bool { patterns.isEmpty }

    /// The pieces of `text`: plain text (nil) and added tokens, in order; an empty text is one empty piece.
    func split(_ text: NormalizedText) -> [(piece: NormalizedText, token: AddedToken?)] {
        let scalars = text.scalars
        guard !patterns.isEmpty, !scalars.isEmpty else { return [(text, nil)] }
        var pieces: [(piece: NormalizedText, token: AddedToken?)] = []
        var plainStart = 0
        var index = 0
        while index < scalars.count {
            guard let match = longestMatch(in: scalars, at: index) else {
                index += 1
                continue
            }
            var start = index, stop = index + match.scalars.count
            index = stop
            let token = match.token
            if token.singleWord {
                let startOK = start == 0 || !scalars[start - 1].isWordCharacter
                let stopOK = stop == scalars.count || !scalars[stop].isWordCharacter
                if !startOK || !stopOK { continue }
            }
            if token.leftStrip {
                while start > plainStart && scalars[start - 1].isSpace { start -= 1 }
            }
            if token.rightStrip {
                while stop < scalars.count && scalars[stop].isSpace { stop += 1 }
            }
            if plainStart < start { pieces.append((text.slice(plainStart ..< start), nil)) }
            pieces.append((text.slice(start ..< stop), token))
            plainStart = stop
            index = stop
        }
        if plainStart < scalars.count { pieces.append((text.slice(plainStart ..< scalars.count), nil)) }
        return pieces
    }

    private func longestMatch(in scalars: [Unicode.Scalar], at index: Int) -> Pattern? {
        let value = scalars[index].value
        guard mayStart[Int(value & 0xFFF) >> 6] & (1 << (value & 63)) != 0,
              let candidates = patterns[scalars[index]] else { return nil }
        return candidates.first { pattern in
            index + pattern.scalars.count <= scalars.count
                && scalars[index ..< index + pattern.scalars.count].elementsEqual(pattern.scalars)
        }
    }
}
