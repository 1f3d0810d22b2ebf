import Foundation

/// What the snippets of the user's articles print in torch (`scripts/fixtures/seeds.py` →
/// `Tests/Fixtures/seeds/seeds.json`), and a text stream to print the Swift versions into.
enum SeedFixture {
    private struct File: Decodable {
        let torch: String
        let cases: [String: String]
    }

    private static let file = FixtureFile.decode(File.self, "seeds/seeds.json", generator: "seeds.py")

    /// What torch printed for the case `name`.
    static func expected(_ name: String) -> String? { file.cases[name] }
}

/// The committed golden files in `Tests/Fixtures/`, written by `scripts/fixtures/*.py` with torch.
enum FixtureFile {
    /// Decodes the JSON fixture at `relativePath`, stopping with the command that regenerates it when it can't.
    static func decode<T: Decodable>(_ type: T.Type, _ relativePath: String, generator: String) -> T {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(relativePath)
        guard let data = try? Data(contentsOf: url), let value = try? JSONDecoder().decode(T.self, from: data) else {
            fatalError("can't read \(url.path): run ~/torchenv/bin/python scripts/fixtures/\(generator)")
        }
        return value
    }
}

/// Collects what a snippet prints, as Python's `print` would (items separated by spaces, one line per call).
struct Printout: TextOutputStream {
    private(set) var text = ""

    mutating func write(_ string: String) { text += string }

    /// `print(*items)`.
    mutating func callAsFunction(_ items: Any...) {
        text += items.map { String(describing: $0) }.joined(separator: " ") + "\n"
    }
}

/// Python's `bool` spelling.
func python(_ value: Bool) -> String { value ? "True" : "False" }

/// `('weight', torch.Size([8, 4]))`: one of the `(name, param.shape)` pairs the articles print.
func python(_ name: String, _ size: Any) -> String { "('\(name)', \(size))" }
