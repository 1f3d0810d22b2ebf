/// The result of encoding a text (or a pair of texts): the tokens with everything a model needs about them.
///
/// Offsets are in Unicode scalars of the input text (the pair's offsets in the pair's text), as Python's
/// `tokenizers` reports them for a `str`; special and padding tokens have the empty offsets `0..<0`.
/// `range(ofToken:in:)` turns them into `String.Index` ranges.
public struct Encoding: Sendable, Equatable {
    /// The token ids.
    public internal(set) var ids: [Int]
    /// The segment of each token (0 for the first text, 1 for the pair, as the post-processor sets them).
    public internal(set) var typeIds: [Int]
    /// The tokens' text.
    public internal(set) var tokens: [String]
    /// For each token, the Unicode-scalar offsets of the text it came from.
    public internal(set) var offsets: [Range<Int>]
    /// 1 for a real token, 0 for padding.
    public internal(set) var attentionMask: [Int]
    /// 1 for a token the post-processor added or padding, 0 for a token of the text.
    public internal(set) var specialTokensMask: [Int]
    /// For each token of a text, the index of the word (pre-tokeniser piece, or added token) it belongs to in its
    /// text; nil for special and padding tokens.
    public internal(set) var wordIds: [Int?]
    /// What truncation cut off, as encodings of their own (windows overlapping by `Truncation.stride` tokens), with
    /// the special tokens and padding, and combined for pairs, exactly as the library does.
    public internal(set) var overflowing: [Encoding]

    /// The number of tokens.
    public var count: Int { ids.count }

    init() {
        ids = []
        typeIds = []
        tokens = []
        offsets = []
        attentionMask = []
        specialTokensMask = []
        wordIds = []
        overflowing = []
    }

    /// Appends one token.
    mutating func append(id: Int, token: String, typeId: Int, offsets range: Range<Int>, special: Bool,
                         word: Int? = nil) {
        ids.append(id)
        tokens.append(token)
        typeIds.append(typeId)
        offsets.append(range)
        attentionMask.append(1)
        specialTokensMask.append(special ? 1 : 0)
        wordIds.append(word)
    }

    /// Appends every token of `other` (its overflowing parts are not looked at).
    mutating func append(contentsOf other: Encoding) {
        ids += other.ids
        tokens += other.tokens
        typeIds += other.typeIds
        offsets += other.offsets
        attentionMask += other.attentionMask
        specialTokensMask += other.specialTokensMask
        wordIds += other.wordIds
    }

    /// `Encoding::merge_with`: appends `other`, and makes the overflowing parts every combination the library
    /// makes (ours with `other` and with its parts, then ourselves with its parts).
    mutating func merge(_ other: Encoding) {
        var combined: [Encoding] = []
        for part in overflowing {
            var withOther = part
            withOther.merge(other)
            combined.append(withOther)
            for otherPart in other.overflowing {
                var both = part
                both.merge(otherPart)
                combined.append(both)
            }
        }
        for otherPart in other.overflowing {
            var withPart = self
            withPart.merge(otherPart)
            combined.append(withPart)
        }
        append(contentsOf: other)
        overflowing = combined
    }

    /// `Encoding::merge`: the encodings merged one after the other into an empty one.
    static func merged(_ encodings: [Encoding]) -> Encoding {
        var result = Encoding()
        for encoding in encodings { result.merge(encoding) }
        return result
    }

    /// The tokens in `range`.
    func slice(_ range: Range<Int>) -> Encoding {
        var result = Encoding()
        result.ids = Array(ids[range])
        result.tokens = Array(tokens[range])
        result.typeIds = Array(typeIds[range])
        result.offsets = Array(offsets[range])
        result.attentionMask = Array(attentionMask[range])
        result.specialTokensMask = Array(specialTokensMask[range])
        result.wordIds = Array(wordIds[range])
        return result
    }

    /// `Encoding::truncate`: keeps `length` tokens from the start (`.right` drops the end) or from the end
    /// (`.left`); the rest becomes the overflowing parts, windows of `length` tokens each overlapping the previous
    /// by `stride` (which must be smaller than `length`).
    mutating func truncate(to length: Int, stride: Int, direction: Direction) {
        guard length < count else { return }
        if length == 0 {
            let whole = self
            self = Encoding()
            overflowing = [whole]
            return
        }
        let step = length - stride
        var parts: [Range<Int>] = []
        if direction == .right {
            var start = 0
            while true {
                let stop = Swift.min(start + length, count)
                parts.append(start ..< stop)
                if stop == count { break }
                start += step
            }
        } else {
            var stop = count
            while true {
                let start = Swift.max(stop - length, 0)
                parts.append(start ..< stop)
                if start == 0 { break }
                stop -= step
            }
        }
        var first = slice(parts[0])
        first.overflowing = parts.dropFirst().map { slice($0) }
        self = first
    }

    /// Pads to `length` tokens with `token` (attention 0, special 1, offsets empty) on the side `direction` names.
    mutating func pad(to length: Int, id: Int, typeId: Int, token: String, direction: Direction) {
        for index in overflowing.indices {
            overflowing[index].pad(to: length, id: id, typeId: typeId, token: token, direction: direction)
        }
        guard length > count else { return }
        var padding = Encoding()
        for _ in count ..< length { padding.append(id: id, token: token, typeId: typeId, offsets: 0 ..< 0, special: true) }
        padding.attentionMask = padding.attentionMask.map { _ in 0 }
        if direction == .right {
            append(contentsOf: padding)
        } else {
            padding.append(contentsOf: self)
            padding.overflowing = overflowing
            self = padding
        }
    }

    /// The range of `text` that token `index` came from (`text` being the string that was encoded; for a token of
    /// the pair, the pair's text).
    public func range(ofToken index: Int, in text: String) -> Range<String.Index> {
        let scalars = text.unicodeScalars
        let offsets = self.offsets[index]
        let start = scalars.index(scalars.startIndex, offsetBy: offsets.lowerBound, limitedBy: scalars.endIndex)
            ?? scalars.endIndex
        let end = scalars.index(start, offsetBy: offsets.count, limitedBy: scalars.endIndex) ?? scalars.endIndex
        return start ..< end
    }

    /// A side of a sequence, for truncation and padding.
    public enum Direction: Sendable, Equatable {
        /// The start of the sequence.
        case left
        /// The end of the sequence.
        case right
    }
}
