import Foundation
import SynapseTensor

/// The character classes the `tokenizers` pipelines test, from the scalar's general category (with ASCII answered
/// directly: the property tables cost a lookup each, and most text is mostly ASCII).
extension Unicode.Scalar {
    /// `\p{L}`: Lu, Ll, Lt, Lm, Lo.
    var isLetter: Bool {
        if isASCII { return (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) }
        return switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    /// `\p{N}`: Nd, Nl, No.
    var isNumber: Bool {
        if isASCII { return (0x30...0x39).contains(value) }
        return switch properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: true
        default: false
        }
    }

    /// `\p{M}`: Mn, Mc, Me.
    var isMark: Bool {
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    /// Rust's `char::is_whitespace` and Oniguruma's Unicode `\s` (the White_Space property).
    var isSpace: Bool {
        if isASCII { return value == 0x20 || (0x09...0x0D).contains(value) }
        return value < 0x1680 ? value == 0x85 || value == 0xA0 : properties.isWhitespace
    }

    /// Oniguruma's (and Rust regex's) Unicode `\w`, as UTS #18 defines it: Alphabetic, Mark, Decimal_Number,
    /// Connector_Punctuation or Join_Control (so the zero-width joiner is a word character).
    var isWordCharacter: Bool {
        if isASCII { return isLetter || isNumber || value == 0x5F }
        let properties = properties
        return properties.isAlphabetic || isMark || properties.generalCategory == .decimalNumber
            || properties.generalCategory == .connectorPunctuation || properties.isJoinControl
    }

    /// BERT's punctuation: ASCII punctuation (which includes `$`, `+`, `^`, …) or a Unicode P* category.
    var isBertPunctuation: Bool {
        if isASCII { return (0x21...0x2F).contains(value) || (0x3A...0x40).contains(value)
            || (0x5B...0x60).contains(value) || (0x7B...0x7E).contains(value) }
        switch properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }

    /// BERT's control characters: Cc, Cf, Co and Cs except tab, newline and carriage return (the Rust crate's
    /// `is_other` leaves unassigned scalars alone, whatever the library's comment says).
    var isBertControl: Bool {
        if value == 0x09 || value == 0x0A || value == 0x0D { return false }
        if isASCII { return value < 0x20 || value == 0x7F }
        switch properties.generalCategory {
        case .control, .format, .privateUse, .surrogate: return true
        default: return false
        }
    }

    /// BERT's "Chinese character": the CJK Unified Ideographs blocks and their compatibility blocks.
    var isCJKIdeograph: Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
             0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F: true
        default: false
        }
    }
}

extension String {
    /// The string of `scalars` (through UTF-8: building a `String.UnicodeScalarView` takes a slow path).
    init(scalars: some Sequence<Unicode.Scalar>) {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(scalars.underestimatedCount)
        for scalar in scalars { UTF8.encode(scalar) { utf8.append($0) } }
        self = String(decoding: utf8, as: UTF8.self)
    }
}

/// Unicode normalisation forms with the changes `NormalizedText.transform` needs, as the
/// `unicode-normalization-alignments` crate gives them to `tokenizers`: each decomposed scalar after the first is
/// inserted (+1), a composition of n scalars removes n - 1.
enum UnicodeForm {
    /// Decomposes (canonically, or for compatibility) and puts combining marks in canonical order.
    static func decompose(_ scalars: [Unicode.Scalar], compatibility: Bool) -> [(scalar: Unicode.Scalar, change: Int)] {
        var output: [(scalar: Unicode.Scalar, change: Int)] = []
        output.reserveCapacity(scalars.count)
        for scalar in scalars {
            if scalar.value < 0xA0 {
                output.append((scalar, 0))
                continue
            }
            for (index, part) in decomposition(of: scalar, compatibility: compatibility).enumerated() {
                output.append((part, index == 0 ? 0 : 1))
            }
        }
        // Canonical ordering: a stable sort of each run of combining marks by combining class.
        var index = 1
        while index < output.count {
            let ccc = output[index].scalar.properties.canonicalCombiningClass.rawValue
            var position = index
            while ccc != 0, position > 0,
                  output[position - 1].scalar.properties.canonicalCombiningClass.rawValue > ccc {
                output.swapAt(position, position - 1)
                position -= 1
            }
            index += 1
        }
        return output
    }

    /// The scalars' decompositions already asked Foundation for (a call costs about a microsecond), by scalar
    /// value, canonical and compatibility apart.
    private static let decompositions = Locked((canonical: [UInt32: [Unicode.Scalar]](), compatibility: [UInt32: [Unicode.Scalar]]()))

    /// The full decomposition of `scalar`.
    private static func decomposition(of scalar: Unicode.Scalar, compatibility: Bool) -> [Unicode.Scalar] {
        let cached = decompositions.withLock { compatibility ? $0.compatibility[scalar.value] : $0.canonical[scalar.value] }
        if let cached { return cached }
        let single = String(Character(scalar))
        let parts = Array((compatibility
            ? single.decomposedStringWithCompatibilityMapping : single.decomposedStringWithCanonicalMapping).unicodeScalars)
        decompositions.withLock { tables in
            if compatibility { tables.compatibility[scalar.value] = parts } else { tables.canonical[scalar.value] = parts }
        }
        return parts
    }

    /// Canonical composition of decomposed scalars (the second half of NFC and NFKC).
    static func compose(_ input: [(scalar: Unicode.Scalar, change: Int)]) -> [(scalar: Unicode.Scalar, change: Int)] {
        var output: [(scalar: Unicode.Scalar, change: Int)] = []
        output.reserveCapacity(input.count)
        var starter: Int?
        for item in input {
            let ccc = item.scalar.properties.canonicalCombiningClass.rawValue
            if let s = starter {
                let previous = output[output.count - 1].scalar.properties.canonicalCombiningClass.rawValue
                let adjacent = s == output.count - 1
                if adjacent || (previous != 0 && previous < ccc),
                   let composite = primaryComposite(output[s].scalar, item.scalar) {
                    output[s] = (composite, output[s].change + item.change - 1)
                    continue
                }
            }
            if ccc == 0 { starter = output.count }
            output.append(item)
        }
        return output
    }

    /// The primary composite of two scalars, if Unicode defines one (composition exclusions excluded).
    static func primaryComposite(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Unicode.Scalar? {
        if second.value < 0x300 { return nil }  // every composition's second scalar is at U+0300 or above
        // Hangul by the algorithm (Foundation composes L V T, but not a precomposed LV syllable with a T).
        let (l, v, t, s) = (first.value &- 0x1100, second.value &- 0x1161, second.value &- 0x11A7, first.value &- 0xAC00)
        if l < 19 && v < 21 { return Unicode.Scalar(0xAC00 + (l * 21 + v) * 28) }
        if s < 11172 && s % 28 == 0 && t > 0 && t < 28 { return Unicode.Scalar(first.value + t) }
        var pair = String.UnicodeScalarView()
        pair.append(first)
        pair.append(second)
        let composed = String(pair).precomposedStringWithCanonicalMapping.unicodeScalars
        return composed.count == 1 ? composed.first : nil
    }
}
