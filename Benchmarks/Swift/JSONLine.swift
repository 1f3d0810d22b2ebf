/// Formats the JSON lines the harness reads (flat objects of strings, numbers and nulls; no Foundation).
enum JSONLine {
    /// A value of a JSON line.
    enum Value {
        case string(String)
        case number(Double)
        case integer(Int)
        case null

        var encoded: String {
            switch self {
            case .string(let text): "\"" + escape(text) + "\""
            case .number(let value): value.isFinite ? "\(value)" : "null"
            case .integer(let value): "\(value)"
            case .null: "null"
            }
        }
    }

    /// `{"key": value, …}` in the given order.
    static func object(_ fields: [(String, Value)]) -> String {
        "{" + fields.map { "\"\(escape($0.0))\": \($0.1.encoded)" }.joined(separator: ", ") + "}"
    }

    private static func escape(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped
    }
}
