import Testing
@testable import SynapseTensor

/// The cheap element-wise operations run through ``ElementFunction`` types so that their loops stay vectorised
/// on every thread. Each must still give exactly its definition, element by element (NaN, ±0, ±inf, subnormals
/// included), on tensors large enough to be split across threads, contiguous, broadcast from a scalar or a row,
/// and strided, in float32 and float64, with one thread or two.
@Suite struct ElementFunctionLoopTests {
    /// Rows × columns above the parallel grain, with special values spread through random normals.
    static func input(_ dtype: DType, seed: UInt64, rows: Int = 96) -> Tensor {
        let columns = 1_031
        var values = Tensor.randn([rows * columns], dtype: .float64, generator: Generator(seed: seed))
            .toArray(of: Double.self)
        let specials: [Double] = [.nan, -.nan, .infinity, -.infinity, 0, -0.0, 2.5, -2.5, 0.5, -0.5, 1e-310, 3]
        for (index, special) in specials.enumerated() { values[index * 7_919 % values.count] = special }
        return Tensor(flat: values, shape: [rows, columns]).to(dtype)
    }

    static let dtypes: [DType] = [.float32, .float64]

    /// `result` equals `definition` applied to `x`'s elements, bit for bit (any NaN for NaN).
    static func expectElementwise(_ result: Tensor, _ x: Tensor, _ name: String,
                                  _ definition: (Double) -> Double) {
        let got = result.to(.float64).toArray(of: Double.self), inputs = x.to(.float64).toArray(of: Double.self)
        let narrow = result.dtype == .float32
        let mismatch = inputs.indices.first { index in
            let expected = narrow ? Double(Float(definition(inputs[index]))) : definition(inputs[index])
            return !(expected.isNaN && got[index].isNaN) && expected.bitPattern != got[index].bitPattern
        }
        #expect(mismatch == nil, "\(name) \(result.dtype): element \(mismatch ?? 0) of \(inputs[mismatch ?? 0])")
    }

    @Test(arguments: dtypes)
    func unaryOperationsGiveTheirDefinition(_ dtype: DType) {
        let x = Self.input(dtype, seed: 1)
        // float32 inputs are exact in double; each definition rounds once, as the float32 operation does.
        let cases: [(String, (Tensor) -> Tensor, (Double) -> Double)] = [
            ("neg", { -$0 }, { -$0 }),
            ("abs", { $0.abs() }, { Swift.abs($0) }),
            ("sign", { $0.sign() }, { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }),
            ("relu", { $0.relu() }, { $0 < 0 ? 0 : $0 }),
            ("square", { $0.square() }, { $0 * $0 }),
            ("floor", { $0.floor() }, { $0.rounded(.down) }),
            ("ceil", { $0.ceil() }, { $0.rounded(.up) }),
            ("round", { $0.round() }, { $0.rounded(.toNearestOrEven) }),
            ("trunc", { $0.trunc() }, { $0.rounded(.towardZero) }),
            ("clamp", { $0.clamp(min: -0.5, max: 2.5) }, { $0.isNaN ? $0 : Swift.min(Swift.max($0, -0.5), 2.5) }),
            ("clamp(min:)", { $0.clamp(min: 0.25) }, { $0.isNaN ? $0 : Swift.max($0, 0.25) }),
        ]
        for (name, operation, definition) in cases {
            Self.expectElementwise(operation(x), x, name, definition)
            expectSameBitsOnOneAndTwoThreads(name) { [operation(x), operation(x.t()).t()] }
        }
    }

    @Test(arguments: dtypes)
    func roundedUnaryOperationsGiveTheirDefinitionInTheirOwnType(_ dtype: DType) {
        // sqrt, rsqrt, reciprocal and cube round at each step in the tensor's own type.
        let x = Self.input(dtype, seed: 2).abs()
        func expect<T: BinaryFloatingPoint & TensorElement>(_: T.Type) {
            let values = x.toArray(of: T.self)
            let cases: [(String, Tensor, (T) -> T)] = [
                ("sqrt", x.sqrt(), { $0.squareRoot() }), ("rsqrt", x.rsqrt(), { 1 / $0.squareRoot() }),
                ("reciprocal", x.reciprocal(), { 1 / $0 }), ("pow 3", x.pow(3), { $0 * $0 * $0 }),
            ]
            for (name, result, definition) in cases {
                let got = result.toArray(of: T.self)
                let mismatch = values.indices.first {
                    let expected = definition(values[$0])
                    return !(expected.isNaN && got[$0].isNaN) && expected != got[$0]
                }
                #expect(mismatch == nil, "\(name) \(dtype): element \(mismatch ?? 0)")
            }
        }
        if dtype == .float32 { expect(Float.self) } else { expect(Double.self) }
        expectSameBitsOnOneAndTwoThreads("sqrt, rsqrt, reciprocal, pow 3") {
            [x.sqrt(), x.rsqrt(), x.reciprocal(), x.pow(3), x.t().sqrt()]
        }
    }

    @Test(arguments: dtypes)
    func binaryOperationsAndComparisonsGiveTheirDefinition(_ dtype: DType) {
        let x = Self.input(dtype, seed: 3), y = Self.input(dtype, seed: 4)
        let row = y[0], scalar = Tensor(flat: [0.5], shape: []).to(dtype)
        let a = x.toArray(of: Double.self), b = y.toArray(of: Double.self), r = row.toArray(of: Double.self)
        let columns = x.shape[1]
        func both(_ index: Int, _ operand: String) -> (Double, Double) {
            switch operand {
            case "tensor": (a[index], b[index])
            case "row": (a[index], r[index % columns])
            default: (a[index], 0.5)
            }
        }
        let maximum: (Double, Double) -> Double = { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }
        let minimum: (Double, Double) -> Double = { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1) }
        let arithmetic: [(String, (Tensor, Tensor) -> Tensor, (Double, Double) -> Double)] = [
            ("+", { $0 + $1 }, { $0 + $1 }), ("-", { $0 - $1 }, { $0 - $1 }), ("*", { $0 * $1 }, { $0 * $1 }),
            ("/", { $0 / $1 }, { $0 / $1 }), ("maximum", { $0.maximum($1) }, maximum),
            ("minimum", { $0.minimum($1) }, minimum),
        ]
        let comparisons: [(String, (Tensor, Tensor) -> Tensor, (Double, Double) -> Bool)] = [
            ("==", { $0 .== $1 }, { $0 == $1 }), ("!=", { $0 .!= $1 }, { $0 != $1 }), ("<", { $0 .< $1 }, { $0 < $1 }),
            ("<=", { $0 .<= $1 }, { $0 <= $1 }), (">", { $0 .> $1 }, { $0 > $1 }), (">=", { $0 .>= $1 }, { $0 >= $1 }),
        ]
        for (operand, other) in [("tensor", y), ("row", row), ("scalar", scalar)] {
            for (name, operation, definition) in arithmetic {
                let got = operation(x, other).to(.float64).toArray(of: Double.self)
                let mismatch = got.indices.first { index in
                    let (p, q) = both(index, operand)
                    let exact = definition(p, q), expected = dtype == .float32 ? Double(Float(exact)) : exact
                    return !(expected.isNaN && got[index].isNaN) && expected.bitPattern != got[index].bitPattern
                }
                #expect(mismatch == nil, "\(name) with a \(operand) \(dtype): element \(mismatch ?? 0)")
                expectSameBitsOnOneAndTwoThreads("\(name) with a \(operand)") {
                    [operation(x, other), operation(x.t(), other.rank == 2 ? other.t() : scalar)]
                }
            }
            for (name, operation, definition) in comparisons {
                let got = operation(x, other).toArray(of: Bool.self)
                let mismatch = got.indices.first { index in
                    let (p, q) = both(index, operand)
                    return definition(p, q) != got[index]
                }
                #expect(mismatch == nil, "\(name) with a \(operand) \(dtype): element \(mismatch ?? 0)")
            }
        }
    }
}
