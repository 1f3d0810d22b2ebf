/// A `tokenizer.json` normaliser: rewrites the text before it is split, keeping track of the original offsets.
enum Normalizer: Sendable {
    /// BERT's: control characters removed and whitespace made spaces (`cleanText`), spaces around CJK ideographs,
    /// accents stripped (NFD, then nonspacing marks removed), lowercasing.
    case bert(cleanText: Bool, handleChineseChars: Bool, stripAccents: Bool, lowercase: Bool)
    /// Full Unicode lowercasing, scalar by scalar.
    case lowercase
    /// Removes combining marks (Mn, Mc, Me); usually after `nfd`.
    case stripAccents
    /// A Unicode normalisation form.
    case nfd, nfkd, nfc, nfkc
    /// Each normaliser in turn.
    case sequence([Normalizer])

    /// Reads a `normalizer` object.
    init(json: JSONFields) throws(TokenizerError) {
        switch try json.type() {
        case "BertNormalizer":
            let lowercase = try json.bool("lowercase", default: true)
            self = .bert(cleanText: try json.bool("clean_text", default: true),
                         handleChineseChars: try json.bool("handle_chinese_chars", default: true),
                         stripAccents: try json.optionalBool("strip_accents") ?? lowercase, lowercase: lowercase)
        case "Lowercase": self = .lowercase
        case "StripAccents": self = .stripAccents
        case "NFD": self = .nfd
        case "NFKD": self = .nfkd
        case "NFC": self = .nfc
        case "NFKC": self = .nfkc
        case "Sequence":
            var steps: [Normalizer] = []
            for (index, step) in try json.array("normalizers").enumerated() {
                steps.append(try Normalizer(json: JSONFields(step, path: json.child("normalizers[\(index)]"))))
            }
            self = .sequence(steps)
        case let other: throw .unsupportedComponent(kind: "normalizer", type: other)
        }
    }

    /// Applies the normaliser.
    func normalize(_ text: inout NormalizedText) {
        switch self {
        case .bert(let cleanText, let handleChineseChars, let stripAccents, let lowercase):
            if cleanText {
                text.filter { !($0.value == 0 || $0.value == 0xFFFD || $0.isBertControl) }
                text.map { scalar, out in out.append(scalar.isSpace ? " " : scalar) }
            }
            if handleChineseChars {
                text.map { scalar, out in
                    if scalar.isCJKIdeograph { out += [" ", scalar, " "] } else { out.append(scalar) }
                }
            }
            if stripAccents {  // BERT's own accent stripping removes only the nonspacing marks
                Normalizer.nfd.normalize(&text)
                text.filter { $0.properties.generalCategory != .nonspacingMark }
            }
            if lowercase { Normalizer.lowercase.normalize(&text) }
        case .lowercase:
            text.map { scalar, out in
                if scalar.isASCII {
                    out.append((0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(scalar.value + 32)! : scalar)
                } else {
                    out += scalar.properties.lowercaseMapping.unicodeScalars
                }
            }
        case .stripAccents:
            text.filter { !$0.isMark }
        case .nfd, .nfkd:
            text.transform(UnicodeForm.decompose(text.scalars, compatibility: self.isCompatibility))
        case .nfc, .nfkc:
            text.transform(UnicodeForm.compose(UnicodeForm.decompose(text.scalars, compatibility: self.isCompatibility)))
        case .sequence(let steps):
            for step in steps { step.normalize(&text) }
        }
    }

    private var isCompatibility: Bool {
        switch self {
        case .nfkd, .nfkc: true
        default: false
        }
    }
}
