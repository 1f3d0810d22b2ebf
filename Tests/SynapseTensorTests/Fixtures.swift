import Foundation

/// Locates and decodes the committed golden files in `Tests/Fixtures/` (written by `scripts/fixtures/*.py` with torch).
enum Fixtures {
    /// `Tests/Fixtures/` in this checkout.
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// URL of a fixture file, e.g. `url("rng/manifest.json")`.
    static func url(_ relativePath: String) -> URL { directory.appendingPathComponent(relativePath) }

    /// Raw bytes of a fixture file.
    static func data(_ relativePath: String) throws -> Data { try Data(contentsOf: url(relativePath)) }

    /// Decodes a JSON fixture.
    static func json<T: Decodable>(_ type: T.Type, _ relativePath: String) throws -> T {
        try JSONDecoder().decode(T.self, from: data(relativePath))
    }

    /// Reads a little-endian binary fixture as an array of `T` (`Float`, `Double`, `UInt32`, …).
    static func array<T>(_ type: T.Type, _ relativePath: String) throws -> [T] {
        let bytes = try data(relativePath)
        precondition(bytes.count % MemoryLayout<T>.stride == 0, "\(relativePath): size is not a multiple of \(T.self)")
        return bytes.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
    }
}
