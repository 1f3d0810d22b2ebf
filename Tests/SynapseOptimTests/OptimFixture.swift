import Foundation

/// Decodes a committed golden file of `Tests/Fixtures/optim/`, written by `scripts/fixtures/optim.py` with torch.
enum OptimFixture {
    static func decode<T: Decodable>(_ type: T.Type, _ name: String) -> T {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/optim").appendingPathComponent(name)
        guard let data = try? Data(contentsOf: url), let value = try? JSONDecoder().decode(T.self, from: data) else {
            fatalError("can't read \(url.path): run ~/torchenv/bin/python scripts/fixtures/optim.py")
        }
        return value
    }
}
