extension Module {
    /// PyTorch's `Module.__repr__`: the extra-repr lines and `(name): child` lines inside `Name(...)`, on one line
    /// when there is a single extra line and no child.
    func standardDescription() -> String {
        let extra = extraRepr
        let extraLines = extra.isEmpty ? [] : extra.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var childLines: [String] = []
        forEachChild { name, child in
            childLines.append("(\(name)): " + Module.indented(child.description, by: 2))
        }
        let lines = extraLines + childLines
        var text = printedTypeName + "("
        if extraLines.count == 1 && childLines.isEmpty {
            text += extraLines[0]
        } else if !lines.isEmpty {
            text += "\n  " + lines.joined(separator: "\n  ") + "\n"
        }
        return text + ")"
    }

    /// PyTorch's `_addindent`: every line but the first indented by `spaces`. Blank lines stay empty unless
    /// `indentBlankLines` (the containers' variant indents them too).
    static func indented(_ text: String, by spaces: Int, indentBlankLines: Bool = false) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > 1 else { return text }
        let padding = String(repeating: " ", count: spaces)
        let rest = lines.dropFirst().map { line -> String in
            indentBlankLines || line.contains(where: { !$0.isWhitespace }) ? padding + line : ""
        }
        return ([String(lines[0])] + rest).joined(separator: "\n")
    }
}
