import Foundation

/// The committed golden files in `Tests/Fixtures/`, written by `scripts/fixtures/*.py` with torch.
enum TrainingFixture {
    /// The folder of the fixtures.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Decodes the JSON fixture at `relativePath`, stopping with the command that regenerates it when it can't.
    static func decode<T: Decodable>(_ type: T.Type, _ relativePath: String, generator: String) -> T {
        let url = directory.appendingPathComponent(relativePath)
        guard let data = try? Data(contentsOf: url), let value = try? JSONDecoder().decode(T.self, from: data) else {
            fatalError("can't read \(url.path): run ~/torchenv/bin/python scripts/fixtures/\(generator)")
        }
        return value
    }
}

/// Bytes as lowercase hexadecimal, and back.
enum Hex {
    static func encode(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
    static func decode(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<($0 + 2)], as: UTF8.self), radix: 16)! }
    }
}
