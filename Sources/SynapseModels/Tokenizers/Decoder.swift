import Foundation

/// A `tokenizer.json` decoder: turns tokens back into text.
enum Decoder: Sendable {
    /// WordPiece's: continuation pieces lose their prefix, other tokens get a space before them, and with
    /// `cleanup` the spaces BERT's tokenisation put before punctuation and English contractions are removed.
    case wordPiece(prefix: String, cleanup: Bool)
    /// Byte-level: each scalar back to its byte, the bytes read as UTF-8 (invalid sequences become U+FFFD).
    case byteLevel

    /// Reads a `decoder` object.
    init(json: JSONFields) throws(TokenizerError) {
        switch try json.type() {
        case "WordPiece":
            self = .wordPiece(prefix: try json.optionalString("prefix") ?? "##", cleanup: try json.bool("cleanup", default: true))
        case "ByteLevel": self = .byteLevel
        case let other: throw .unsupportedComponent(kind: "decoder", type: other)
        }
    }

    /// The text of `tokens`.
    func decode(_ tokens: [String]) -> String {
        switch self {
        case .wordPiece(let prefix, let cleanup):
            var text = ""
            for (index, token) in tokens.enumerated() {
                var piece = token
                if index != 0 {
                    if token.utf8.starts(with: prefix.utf8) {
                        piece = String(decoding: token.utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
                    } else {
                        piece = " " + token
                    }
                }
                text += cleanup ? Decoder.cleanUp(piece) : piece
            }
            return text
        case .byteLevel:
            var bytes: [UInt8] = []
            for token in tokens {
                let mapped = token.unicodeScalars.compactMap { ByteLevel.scalarToByte[$0] }
                if mapped.count == token.unicodeScalars.count { bytes += mapped } else { bytes += token.utf8 }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// `tokenizers`' `cleanup`, applied to each token: the replacements in the library's order.
    private static func cleanUp(_ text: String) -> String {
        let replacements = [(" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"),
                            (" 'm", "'m"), (" do not", " don't"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re")]
        guard text.contains(" ") else { return text }
        return replacements.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1, options: .literal) }
    }
}
