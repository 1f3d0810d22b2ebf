/// A `tokenizer.json` pre-tokeniser: splits normalised text into the words the model tokenises one by one.
enum PreTokenizer: Sendable {
    /// BERT's: whitespace removed, then each punctuation character isolated.
    case bert
    /// GPT-2's: an optional leading space, GPT-2's regular expression, then every byte as its byte-level scalar.
    case byteLevel(addPrefixSpace: Bool, useRegex: Bool)
    /// `\w+|[^\w\s]+`: runs of word characters and runs of other non-space characters.
    case whitespace
    /// Splits at whitespace.
    case whitespaceSplit
    /// Each pre-tokeniser in turn.
    case sequence([PreTokenizer])

    /// Reads a `pre_tokenizer` object.
    init(json: JSONFields) throws(TokenizerError) {
        switch try json.type() {
        case "BertPreTokenizer": self = .bert
        case "ByteLevel":
            self = .byteLevel(addPrefixSpace: try json.bool("add_prefix_space", default: true),
                              useRegex: try json.bool("use_regex", default: true))
        case "Whitespace": self = .whitespace
        case "WhitespaceSplit": self = .whitespaceSplit
        case "Sequence":
            var steps: [PreTokenizer] = []
            for (index, step) in try json.array("pretokenizers").enumerated() {
                steps.append(try PreTokenizer(json: JSONFields(step, path: json.child("pretokenizers[\(index)]"))))
            }
            self = .sequence(steps)
        case let other: throw .unsupportedComponent(kind: "pre-tokenizer", type: other)
        }
    }

    /// The words of `pieces`, in order (empty ones dropped).
    func split(_ pieces: [NormalizedText]) -> [NormalizedText] {
        switch self {
        case .bert:
            return pieces.flatMap { piece in
                piece.split(keepingDelimiters: false) { $0.isSpace }
                    .flatMap { $0.split(keepingDelimiters: true) { $0.isBertPunctuation } }
            }
        case .byteLevel(let addPrefixSpace, let useRegex):
            return pieces.flatMap { piece in
                var piece = piece
                if addPrefixSpace && piece.scalars.first != " " { piece.prepend(" ") }
                let words = useRegex ? piece.split(into: ByteLevel.gpt2Pieces(piece.scalars)) : [piece]
                return words.map { word in
                    var word = word
                    word.map { scalar, out in
                        UTF8.encode(scalar) { out.append(ByteLevel.byteToScalar[Int($0)]) }
                    }
                    return word
                }
            }
        case .whitespace:
            return pieces.flatMap { piece in piece.split(into: PreTokenizer.wordRuns(piece.scalars)) }
        case .whitespaceSplit:
            return pieces.flatMap { $0.split(keepingDelimiters: false) { $0.isSpace } }
        case .sequence(let steps):
            return steps.reduce(pieces) { $1.split($0) }
        }
    }

    /// The matches of `\w+|[^\w\s]+` in `scalars` (whitespace between them is dropped).
    private static func wordRuns(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start = 0
        while start < scalars.count {
            let isWord = scalars[start].isWordCharacter
            guard isWord || !scalars[start].isSpace else {
                start += 1
                continue
            }
            var end = start + 1
            while end < scalars.count,
                  isWord ? scalars[end].isWordCharacter : !scalars[end].isWordCharacter && !scalars[end].isSpace {
                end += 1
            }
            runs.append(start ..< end)
            start = end
        }
        return runs
    }
}
