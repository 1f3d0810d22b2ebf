/// Python's spellings of the values that appear in PyTorch's printouts and messages.
enum PythonRepr {
    /// `repr(string)`: single quotes unless the string contains one and no double quote.
    static func string(_ value: String) -> String {
        let quote: Character = value.contains("'") && !value.contains("\"") ? "\"" : "'"
        var result = String(quote)
        for character in value {
            switch character {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case quote: result += "\\" + String(quote)
            default: result.append(character)
            }
        }
        result.append(quote)
        return result
    }

    /// `repr(list_of_strings)`: `['a', 'b']`.
    static func stringList(_ values: [String]) -> String {
        "[" + values.map(string).joined(separator: ", ") + "]"
    }

    /// `repr(torch.Size(shape))`: `torch.Size([5, 5])`.
    static func size(_ shape: [Int]) -> String {
        "torch.Size([" + shape.map(String.init).joined(separator: ", ") + "])"
    }

    /// `True` / `False`.
    static func bool(_ value: Bool) -> String { value ? "True" : "False" }

    /// The legacy tensor type name PyTorch prints for a CPU tensor of `dtype` (`torch.typename`): `torch.FloatTensor`.
    static func tensorTypeName(_ dtype: DType) -> String {
        let name: String
        switch dtype {
        case .float32: name = "Float"
        case .float64: name = "Double"
        case .float16: name = "Half"
        case .bfloat16: name = "BFloat16"
        case .int64: name = "Long"
        case .int32: name = "Int"
        case .int16: name = "Short"
        case .int8: name = "Char"
        case .uint8: name = "Byte"
        case .bool: name = "Bool"
        }
        return "torch.\(name)Tensor"
    }
}
