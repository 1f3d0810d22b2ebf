import SynapseNN
import SynapseTensor

/// Decoding helpers for `Tests/Fixtures/recurrent/` (written by `scripts/fixtures/recurrent.py`).
enum RecurrentFixture {
    /// A tensor as the script writes it: shape and flat row-major values.
    struct Values: Decodable, Sendable {
        let shape: [Int]
        let values: [Double]

        /// The tensor in `dtype`, optionally a leaf that requires grad.
        func tensor(_ dtype: DType, requiresGrad: Bool = false) -> Tensor {
            let t = Tensor(flat: values, shape: shape).to(dtype)
            t.requiresGrad = requiresGrad
            return t
        }
    }

    /// The tolerance of a comparison: 1e-5 for float32, 1e-10 for float64 (relative beyond 1).
    static func tolerance(_ dtype: DType) -> Double { dtype == .float64 ? 1e-10 : 1e-5 }

    /// Whether `actual` has `expected`'s values within the tolerance of `dtype`.
    static func close(_ actual: Tensor?, _ expected: [Double]?, _ dtype: DType) -> Bool {
        guard let expected else { return actual == nil }
        guard let actual, actual.numel == expected.count else { return false }
        let tolerance = tolerance(dtype)
        return zip(actual.toArray(of: Double.self), expected).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    }

    /// Whether `actual` holds exactly `expected` (initial weights, values copied around).
    static func exact(_ actual: Tensor?, _ expected: [Double]?) -> Bool {
        guard let actual, let expected else { return actual == nil && expected == nil }
        return actual.toArray(of: Double.self) == expected
    }

    /// `DType` from the script's name.
    static func dtype(_ name: String) -> DType { name == "float64" ? .float64 : .float32 }
}
