/// Dotted paths to the leaves of a checkpoint value, as `synapse` names them.
enum CheckpointPaths {
    /// Every leaf (tensor or scalar value) with its path: dict keys and list indices joined with dots. Empty
    /// containers are leaves too, so that they show up.
    static func leaves(_ value: CheckpointValue, prefix: String = "") -> [(String, CheckpointValue)] {
        func join(_ part: String) -> String { prefix.isEmpty ? part : "\(prefix).\(part)" }
        switch value {
        case .list(let items) where !items.isEmpty, .tuple(let items) where !items.isEmpty:
            return items.enumerated().flatMap { leaves($1, prefix: join(String($0))) }
        case .dict(let entries) where !entries.isEmpty, .orderedDict(let entries) where !entries.isEmpty:
            return entries.flatMap { key, item -> [(String, CheckpointValue)] in
                switch key {
                case .string(let name): leaves(item, prefix: join(name))
                case .int(let index): leaves(item, prefix: join(String(index)))
                }
            }
        default:
            return [(prefix, value)]
        }
    }

    /// Python's repr of a non-tensor leaf.
    static func pythonRepr(_ value: CheckpointValue) -> String {
        switch value {
        case .none: "None"
        case .bool(let flag): flag ? "True" : "False"
        case .int(let number): String(number)
        case .double(let number): PythonFormat.repr(number)
        case .string(let text): "'\(text)'"
        case .bytes(let data): "b'" + data.map { String(format: "\\x%02x", $0) }.joined() + "'"
        case .dtype(let dtype): "\(dtype)"
        case .list: "[]"
        case .tuple: "()"
        case .dict, .orderedDict: "{}"
        case .tensor(let tensor): "\(tensor)"
        }
    }
}
