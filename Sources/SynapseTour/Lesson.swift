import Foundation
import Synapse

/// How a lesson is printed: colour and the terminal's width on a terminal, plain text elsewhere.
public struct LessonStyle: Sendable {
    /// Whether to use ANSI colours.
    public var colour: Bool
    /// The width of the heading rules, or nil for plain `==` headings.
    public var width: Int?

    /// Plain text: no escape codes, no width-dependent lines (files, pipes, CI logs).
    public static let plain = LessonStyle(colour: false, width: nil)

    /// A style with the given settings.
    public init(colour: Bool, width: Int?) { (self.colour, self.width) = (colour, width) }

    /// Colour and the terminal's width when standard output is a terminal (and `NO_COLOR` is unset), else plain.
    public static var standardOutput: LessonStyle {
        guard isatty(STDOUT_FILENO) == 1 else { return .plain }
        var size = winsize()
        let columns = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
        let environment = ProcessInfo.processInfo.environment
        return LessonStyle(colour: environment["NO_COLOR"] == nil && environment["TERM"] != "dumb", width: columns)
    }

    func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    /// `== name`, or on a terminal a bold rule across the width.
    func heading(_ name: String) -> String {
        guard let width else { return "== \(name)\n" }
        let rule = "── \(name) " + String(repeating: "─", count: max(3, width - name.count - 4))
        return paint(rule, "1") + "\n"
    }

    /// A labelled block of code, indented four spaces.
    func code(_ label: String, _ text: String, colourCode: String) -> String {
        paint(label, colourCode) + "\n" + text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n") + "\n"
    }

    /// The `Output` label.
    func outputLabel() -> String { paint("Output", "32") + "\n" }
}

extension TourStep {
    /// The Swift code of the step, as it runs (declarations it uses first).
    public var swiftSnippet: String { Tour.swiftSnippets[name] ?? "" }

    /// The PyTorch code the step mirrors (its case in `scripts/fixtures/seeds.py`).
    public var pytorchSnippet: String { Tour.pytorchSnippets[name] ?? "" }

    /// The step as a lesson: its heading, its Swift code, the PyTorch code it mirrors, then what it printed.
    public func lesson(seed: Int, style: LessonStyle) throws -> String {
        style.heading(name) + style.code("Swift", swiftSnippet, colourCode: "36")
            + style.code("PyTorch", pytorchSnippet, colourCode: "33") + style.outputLabel() + (try run(seed: seed))
    }
}

extension Tour {
    /// The step called `name`, if there is one.
    public static func step(named name: String) -> TourStep? { steps.first { $0.name == name } }
}
