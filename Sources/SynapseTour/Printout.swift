/// Collects what a tour step prints, as Python's `print` would (items separated by spaces, one line per call).
public struct Printout: TextOutputStream, Sendable {
    /// Everything printed so far.
    public private(set) var text = ""

    /// An empty printout.
    public init() {}

    /// Appends `string` as it is.
    public mutating func write(_ string: String) { text += string }

    /// `print(*items)`; an absent optional prints as `None`, a present one as its value.
    public mutating func callAsFunction(_ items: Any...) {
        text += items.map(Self.python).joined(separator: " ") + "\n"
    }

    private static func python(_ item: Any) -> String {
        let mirror = Mirror(reflecting: item)
        guard mirror.displayStyle == .optional else { return String(describing: item) }
        return mirror.children.first.map { python($0.value) } ?? "None"
    }
}

/// Python's `bool` spelling.
func python(_ value: Bool) -> String { value ? "True" : "False" }

/// `('weight', torch.Size([8, 4]))`: one of the `(name, param.shape)` pairs the articles print.
func python(_ name: String, _ size: Any) -> String { "('\(name)', \(size))" }

/// A list of strings as Python prints it: `['0.weight', '0.bias']`.
struct PythonList: CustomStringConvertible {
    let items: [String]
    init(_ items: [String]) { self.items = items }
    var description: String { "[" + items.map { "'\($0)'" }.joined(separator: ", ") + "]" }
}
