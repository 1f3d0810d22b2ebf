import Foundation
import Testing
@testable import SynapseTensor

/// One case of `Tests/Fixtures/printing/cases.json` (written by `scripts/fixtures/printing.py` with torch):
/// a tensor given exactly by dtype, shape and row-major values, and torch's `repr` of it.
struct PrintingCase: Decodable, Sendable, CustomTestStringConvertible {
    /// Exact element values: float64 for floating dtypes, integers for integer dtypes, booleans for bool.
    enum Values: Sendable {
        case floating([Double]), integer([Int64]), boolean([Bool])
    }

    let name: String
    let dtype: DType
    let shape: [Int]
    let values: Values
    let requiresGrad: Bool
    let expected: String

    var testDescription: String { name }

    private enum CodingKeys: String, CodingKey {
        case name, dtype, shape, values, requiresGrad = "requires_grad", expected
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        let dtypeName = try container.decode(String.self, forKey: .dtype)
        guard let dtype = DType(rawValue: dtypeName) else {
            throw DecodingError.dataCorruptedError(forKey: .dtype, in: container, debugDescription: "unknown dtype \(dtypeName)")
        }
        self.dtype = dtype
        shape = try container.decode([Int].self, forKey: .shape)
        requiresGrad = try container.decode(Bool.self, forKey: .requiresGrad)
        expected = try container.decode(String.self, forKey: .expected)
        if dtype.isFloatingPoint {
            values = .floating(try container.decode([FloatingValue].self, forKey: .values).map(\.value))
        } else if dtype == .bool {
            values = .boolean(try container.decode([Bool].self, forKey: .values))
        } else {
            values = .integer(try container.decode([Int64].self, forKey: .values))
        }
    }

    /// The tensor, rebuilt with Synapse: float64 (or int64, bool) values converted to the case's dtype.
    var tensor: Tensor {
        let tensor: Tensor
        switch values {
        case .floating(let doubles): tensor = Tensor(flat: doubles, shape: shape).to(dtype)
        case .integer(let integers): tensor = Tensor(flat: integers, shape: shape).to(dtype)
        case .boolean(let booleans): tensor = Tensor(flat: booleans, shape: shape)
        }
        tensor.requiresGrad = requiresGrad
        return tensor
    }

    /// All cases of the fixture file.
    static let all: [PrintingCase] = {
        do {
            return try Fixtures.json([PrintingCase].self, "printing/cases.json")
        } catch {
            fatalError("cannot read printing/cases.json: \(error)")
        }
    }()
}

/// A float in the fixture: a JSON number, or the string "nan", "inf" or "-inf".
private struct FloatingValue: Decodable {
    let value: Double

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            value = number
            return
        }
        switch try container.decode(String.self) {
        case "nan": value = .nan
        case "inf": value = .infinity
        case "-inf": value = -.infinity
        case let other:
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a float: \(other)")
        }
    }
}
