import Foundation
@testable import SynapseTensor

/// One case of `Tests/Fixtures/ops/cases.json` (written by `scripts/fixtures/ops.py` with torch).
struct OpCase: Decodable, Sendable {
    let name: String
    let op: String
    let inputs: [FixtureTensor]
    let args: [String: FixtureValue]
    let expected: FixtureExpectation
    let exact: Bool
}

/// A tensor as the fixture files store it: dtype name, shape and row-major values.
struct FixtureTensor: Decodable, Sendable {
    let dtype: String
    let shape: [Int]
    let values: [FixtureValue]

    /// The tensor, built with Synapse.
    var tensor: Tensor {
        let type = DType(rawValue: dtype)!
        switch type {
        case .bool: return Tensor(flat: values.map { $0.bool }, shape: shape)
        case .int64, .int32, .int16, .int8, .uint8: return Tensor(flat: values.map { Int64($0.double) }, shape: shape).to(type)
        default: return Tensor(flat: values.map { $0.double }, shape: shape).to(type)
        }
    }
}

/// A scalar, string, list or null in a fixture.
enum FixtureValue: Decodable, Sendable {
    case number(Double), string(String), bool(Bool), list([FixtureValue]), object([String: FixtureValue]), null

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([FixtureValue].self) { self = .list(value) }
        else { self = .object(try container.decode([String: FixtureValue].self)) }
    }

    var double: Double {
        switch self {
        case .number(let value): value
        case .bool(let value): value ? 1 : 0
        case .string("nan"): .nan
        case .string("inf"): .infinity
        case .string("-inf"): -.infinity
        default: fatalError("not a number: \(self)")
        }
    }
    var bool: Bool { if case .bool(let value) = self { value } else { double != 0 } }
    var int: Int { Int(double) }
    var optionalDouble: Double? { if case .null = self { nil } else { double } }
    var ints: [Int] { if case .list(let items) = self { items.map(\.int) } else { [int] } }
    var optionalInts: [Int]? { if case .null = self { nil } else { ints } }
    var list: [FixtureValue] { if case .list(let items) = self { items } else { [] } }
    var object: [String: FixtureValue] { if case .object(let items) = self { items } else { [:] } }
    var string: String { if case .string(let value) = self { value } else { "\(self)" } }
}

/// The expected result: one tensor or several.
enum FixtureExpectation: Decodable, Sendable {
    case one(FixtureTensor), many([FixtureTensor])
    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let many = try? container.decode([FixtureTensor].self) { self = .many(many) }
        else { self = .one(try container.decode(FixtureTensor.self)) }
    }
    var tensors: [FixtureTensor] {
        switch self {
        case .one(let tensor): [tensor]
        case .many(let tensors): tensors
        }
    }
}

/// Compares a Synapse tensor with a fixture tensor: dtype, shape and values (bit-equal when `exact`,
/// otherwise within a tolerance suited to the dtype). Returns a description of the first difference.
///
/// The relative tolerance applies to each expected value, or to `scale` when given: a matrix product's element
/// can be a small difference of large terms, where any two summation orders (torch's MKL, Synapse's kernels)
/// differ by a few ulps of the terms, not of the result.
func mismatch(_ actual: Tensor, _ expected: FixtureTensor, exact: Bool, scale: Double? = nil) -> String? {
    if actual.dtype.rawValue != expected.dtype { return "dtype \(actual.dtype.rawValue) != \(expected.dtype)" }
    if actual.shape != expected.shape { return "shape \(actual.shape) != \(expected.shape)" }
    let values = actual.toArray(of: Double.self)
    let (rtol, atol): (Double, Double) = switch actual.dtype {
    case .float64: (1e-12, 1e-12)
    case .float32: (2e-6, 1e-6)
    case .float16, .bfloat16: (1e-2, 1e-3)
    default: (0, 0)
    }
    for (index, (a, e)) in zip(values, expected.values.map(\.double)).enumerated() {
        if a.isNaN && e.isNaN { continue }
        if exact || !actual.dtype.isFloatingPoint {
            if a != e || (a == 0 && a.sign != e.sign) { return "element \(index): \(a) != \(e)" }
        } else if !(Swift.abs(a - e) <= atol + rtol * (scale ?? Swift.abs(e))) && a != e {
            return "element \(index): \(a) != \(e) (tolerance \(rtol))"
        }
    }
    return nil
}
