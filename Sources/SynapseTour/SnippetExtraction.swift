import Foundation

/// Where the tour's snippets come from: the code between `// snippet: NAME` and `// end snippet` in the tour's
/// Swift sources (what actually runs; `// snippet-context: NAME …` blocks add the declarations a step uses,
/// shown before its body), and, for the PyTorch side, the body of the `@case("NAME")` function in
/// `scripts/fixtures/seeds.py` (what the fixtures were made with) or a `// pytorch: NAME` comment block.
/// `TourSnippets.swift` is generated from them (`swift run synapse-tour --write-snippets`), and a test fails when
/// it is out of date, so the printed code can't drift from the code that runs.
enum SnippetExtraction {
    /// The tour's sources, found from this file's path at build time.
    static let sourceDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    /// The PyTorch twin of the tour.
    static let pythonTwin = sourceDirectory.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/fixtures/seeds.py")
    /// The generated file.
    static let generatedFile = sourceDirectory.appendingPathComponent("TourSnippets.swift")

    /// Swift and PyTorch snippets by step name, from the Swift sources (file name and text, in order) and the
    /// Python twin's text.
    static func snippets(swiftSources: [(name: String, text: String)], python: String)
        -> (swift: [String: String], pytorch: [String: String]) {
        var context: [String: [String]] = [:], bodies: [String: [String]] = [:], pytorch: [String: String] = [:]
        for (_, text) in swiftSources {
            for block in markedBlocks(in: text, start: "// snippet-context:") {
                for name in block.names { context[name, default: []].append(block.text) }
            }
            for block in markedBlocks(in: text, start: "// snippet:") {
                for name in block.names { bodies[name, default: []].append(block.text) }
            }
            for block in markedBlocks(in: text, start: "// pytorch:", end: "// end pytorch") {
                let uncommented = block.text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                    line.hasPrefix("// ") ? String(line.dropFirst(3)) : line.hasPrefix("//") ? String(line.dropFirst(2)) : String(line)
                }
                for name in block.names { pytorch[name] = uncommented.joined(separator: "\n") }
            }
        }
        for (name, text) in pythonCases(in: python) where pytorch[name] == nil { pytorch[name] = text }
        var swift: [String: String] = [:]
        for (name, parts) in bodies { swift[name] = ((context[name] ?? []) + parts).joined(separator: "\n\n") }
        return (swift, pytorch)
    }

    /// The blocks between a line starting (after indentation) with `start` followed by names, and the next `end`
    /// line; each block's lines dedented.
    static func markedBlocks(in text: String, start: String, end: String = "// end snippet")
        -> [(names: [String], text: String)] {
        var blocks: [(names: [String], text: String)] = []
        var current: (names: [String], lines: [Substring])?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if let open = current {
                if trimmed == end {
                    blocks.append((open.names, dedented(open.lines)))
                    current = nil
                } else {
                    current?.lines.append(line)
                }
            } else if trimmed.hasPrefix(start + " ") {
                current = (trimmed.dropFirst(start.count).split(separator: " ").map(String.init), [])
            }
        }
        return blocks
    }

    /// Each `@case("NAME")` function's body in the Python twin, dedented, trailing blank lines dropped.
    static func pythonCases(in text: String) -> [String: String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var cases: [String: String] = [:]
        for (index, line) in lines.enumerated() where line.hasPrefix("@case(\"") {
            let name = line.dropFirst(7).prefix { $0 != "\"" }
            var body: [Substring] = []
            for bodyLine in lines[(index + 2)...] {   // after the `def _():` line
                if let first = bodyLine.first, first != " " { break }
                body.append(bodyLine)
            }
            while body.last?.allSatisfy({ $0 == " " }) == true { body.removeLast() }
            cases[String(name)] = dedented(body)
        }
        return cases
    }

    private static func dedented(_ lines: [Substring]) -> String {
        let indent = lines.filter { !$0.allSatisfy { $0 == " " } }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        return lines.map { $0.allSatisfy { $0 == " " } ? "" : String($0.dropFirst(indent)) }.joined(separator: "\n")
    }

    /// The text of `TourSnippets.swift` for these snippets.
    static func generatedSource(swift: [String: String], pytorch: [String: String]) -> String {
        func dictionary(_ values: [String: String]) -> String {
            values.keys.sorted().map { "        \(literal($0)): \(literal(values[$0]!))," }.joined(separator: "\n")
        }
        return """
        // Generated by `swift run synapse-tour --write-snippets` from the `// snippet:` markers of Sources/SynapseTour
        // and the cases of scripts/fixtures/seeds.py. Don't edit: TourSnippetTests fails when this file is out of date.

        extension Tour {
            /// Each step's Swift code, as it runs.
            static let swiftSnippets: [String: String] = [
        \(dictionary(swift))
            ]

            /// The PyTorch code each step mirrors.
            static let pytorchSnippets: [String: String] = [
        \(dictionary(pytorch))
            ]
        }

        """
    }

    /// What `TourSnippets.swift` should hold, read from the sources now.
    static func currentGeneratedSource() throws -> String {
        let files = try FileManager.default.contentsOfDirectory(atPath: sourceDirectory.path)
            .filter { $0.hasSuffix(".swift") && $0 != generatedFile.lastPathComponent && $0 != "SnippetExtraction.swift" }
            .sorted()
        let sources = try files.map { ($0, try String(contentsOf: sourceDirectory.appendingPathComponent($0), encoding: .utf8)) }
        let snippets = snippets(swiftSources: sources, python: try String(contentsOf: pythonTwin, encoding: .utf8))
        return generatedSource(swift: snippets.swift, pytorch: snippets.pytorch)
    }

    /// A Swift string literal holding `text`.
    private static func literal(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

extension Tour {
    /// Rewrites `TourSnippets.swift` from the sources (a development command: it needs the package's sources);
    /// returns the file's path.
    public static func writeSnippets() throws -> String {
        try SnippetExtraction.currentGeneratedSource()
            .write(to: SnippetExtraction.generatedFile, atomically: true, encoding: .utf8)
        return SnippetExtraction.generatedFile.path
    }
}
