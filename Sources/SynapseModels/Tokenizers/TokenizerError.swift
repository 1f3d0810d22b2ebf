/// Why a tokenizer could not be read, or could not encode or decode what it was given.
public enum TokenizerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be read.
    case io(path: String, reason: String)
    /// The data is not well-formed JSON (truncated, for example).
    case invalidJSON(String)
    /// A field has the wrong type or an impossible value: `path` names it (`model.vocab`), as in "expected X, found Y".
    case invalidField(path: String, expected: String, found: String)
    /// A component type (normaliser, pre-tokeniser, model, post-processor, decoder) this port does not implement.
    case unsupportedComponent(kind: String, type: String)
    /// The tokenizer is self-contradictory: a merge names an unknown token, two tokens share an id, and so on.
    case inconsistent(String)
    /// Encoding or decoding was asked for something the settings can't give (a truncation that can't fit).
    case invalidRequest(String)

    /// The message, worded like the `tokenizers` library's where it has one.
    public var description: String {
        switch self {
        case .io(let path, let reason): "can't read tokenizer file \(path): \(reason)"
        case .invalidJSON(let reason): "invalid tokenizer.json: \(reason)"
        case .invalidField(let path, let expected, let found): "tokenizer.json field '\(path)': expected \(expected), found \(found)"
        case .unsupportedComponent(let kind, let type): "unsupported \(kind) type '\(type)' in tokenizer.json"
        case .inconsistent(let reason): "inconsistent tokenizer.json: \(reason)"
        case .invalidRequest(let reason): reason
        }
    }
}
