import SynapseNN

/// A tensor as the transformer fixtures store it: `{"dtype", "shape", "values"}`, non-finite floats as the
/// strings "nan", "inf" and "-inf", booleans as 0/1.
struct TorchTensorFixture: Decodable, Sendable {
    let dtype: String
    let shape: [Int]
    let values: [Double]

    private enum CodingKeys: String, CodingKey { case dtype, shape, values }

    /// One stored number: a JSON number or a non-finite float spelled as a string.
    private struct Number: Decodable, Sendable {
        let value: Double
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                value = number
            } else {
                switch try container.decode(String.self) {
                case "nan": value = .nan
                case "inf": value = .infinity
                case "-inf": value = -.infinity
                case let other:
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a number: \(other)")
                }
            }
        }
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        dtype = try container.decode(String.self, forKey: .dtype)
        shape = try container.decode([Int].self, forKey: .shape)
        values = try container.decode([Number].self, forKey: .values).map(\.value)
    }

    /// The tensor, in its stored dtype.
    var tensor: Tensor {
        switch dtype {
        case "float64": Tensor(flat: values, shape: shape)
        case "bool": Tensor(flat: values.map { Float($0) }, shape: shape) .!= 0
        case "int64": Tensor(flat: values.map { Int64($0) }, shape: shape)
        default: Tensor(flat: values.map { Float($0) }, shape: shape)
        }
    }
}

/// An ordered `[key, tensor]` list (a state dict or named gradients) as the fixtures store it.
struct NamedTensors: Decodable, Sendable {
    let entries: [(name: String, tensor: TorchTensorFixture)]

    init(from decoder: Decoder) throws {
        var container = try decoder.unkeyedContainer()
        var entries: [(String, TorchTensorFixture)] = []
        while !container.isAtEnd {
            var pair = try container.nestedUnkeyedContainer()
            entries.append((try pair.decode(String.self), try pair.decode(TorchTensorFixture.self)))
        }
        self.entries = entries
    }

    /// The names in order.
    var names: [String] { entries.map(\.name) }

    /// The pairs as a state dict, in order.
    var stateDict: StateDict { StateDict(entries.map { ($0.name, $0.tensor.tensor) }) }
}

/// The largest absolute difference between `actual` and `expected` (infinite for a shape mismatch; NaN in the
/// same places counts as equal).
func maxDifference(_ actual: Tensor, _ expected: TorchTensorFixture) -> Double {
    guard actual.shape == expected.shape else { return .infinity }
    let values = actual.to(.float64).contiguous().toArray(of: Double.self)
    return zip(values, expected.values).map { a, b in
        if a.isNaN && b.isNaN || a == b { return 0 }
        return abs(a - b)
    }.max() ?? 0
}
