import RealModule
import Testing
@testable import SynapseTensor

/// The floating-point operations that run through `RealModule` (libm) element functions (the transcendental ones on
/// layouts and dtypes the vector-math kernels don't take, the powers, remainders and `atan2`) give
/// exactly their scalar definition, element by element (NaN, ±0, ±inf and subnormals included), on tensors large
/// enough to be split across two threads, contiguous, transposed and broadcast from a row or a scalar, and the same
/// bits on one thread as on two.
@Suite struct FloatingMathLoopTests {
    /// Rows of 1031 elements for the definitions (the loops are the same at every size)…
    static let rows = 64
    /// …and above twice the parallel grain (`Parallel.grainSize`), so that two threads split the work. Debug builds
    /// run these loops unspecialised (~0.5 µs an element), so only a few operations per loop shape are split.
    static let splitRows = 520

    /// `result` equals `definition` applied to each element of `x` in `T`, bit for bit (any NaN for NaN).
    static func expect<T: BinaryFloatingPoint & TensorElement>(
        _ result: Tensor, _ x: Tensor, _ name: String, _ definition: (T) -> T
    ) {
        let got = result.toArray(of: T.self), inputs = x.toArray(of: T.self)
        let mismatch = inputs.indices.first { index in
            let expected = definition(inputs[index])
            return !(expected.isNaN && got[index].isNaN) && expected != got[index]
                || (expected == 0 && expected.sign != got[index].sign)
        }
        #expect(mismatch == nil, "\(name) \(T.dtype): element \(mismatch ?? 0) of \(inputs[mismatch ?? 0])")
    }

    func unary<T: Real & BinaryFloatingPoint & TensorElement>(_: T.Type) {
        let x = ElementFunctionLoopTests.input(T.dtype, seed: 11, rows: Self.rows)
        let cases: [(String, (Tensor) -> Tensor, (T) -> T)] = [
            ("exp", { $0.exp() }, { T.exp($0) }), ("exp2", { $0.exp2() }, { T.exp2($0) }),
            ("expm1", { $0.expm1() }, { T.expMinusOne($0) }), ("log", { $0.log() }, { T.log($0) }),
            ("log2", { $0.log2() }, { T.log2($0) }), ("log10", { $0.log10() }, { T.log10($0) }),
            ("log1p", { $0.log1p() }, { T.log(onePlus: $0) }), ("sin", { $0.sin() }, { T.sin($0) }),
            ("cos", { $0.cos() }, { T.cos($0) }), ("tan", { $0.tan() }, { T.tan($0) }),
            ("asin", { $0.asin() }, { T.asin($0) }), ("acos", { $0.acos() }, { T.acos($0) }),
            ("atan", { $0.atan() }, { T.atan($0) }), ("sinh", { $0.sinh() }, { T.sinh($0) }),
            ("cosh", { $0.cosh() }, { T.cosh($0) }), ("tanh", { $0.tanh() }, { T.tanh($0) }),
            ("sigmoid", { $0.sigmoid() }, { 1 / (1 + T.exp(-$0)) }), ("erf", { $0.erf() }, { T.erf($0) }),
            ("erfc", { $0.erfc() }, { T.erfc($0) }),
            ("gelu", { $0.gelu() }, { $0 * 0.5 * (1 + T.erf($0 * T(0.5).squareRoot())) }),
            ("gelu tanh", { $0.gelu(tanhApproximation: true) }, { x in
                0.5 * x * (1 + T.tanh(T((2 / Double.pi).squareRoot()) * (x + T(0.044715) * x * x * x)))
            }),
            ("pow 1", { $0.pow(1) }, { $0 }), ("pow 0.5", { $0.pow(0.5) }, { $0.squareRoot() }),
            ("pow -0.5", { $0.pow(-0.5) }, { 1 / $0.squareRoot() }), ("pow -1", { $0.pow(-1) }, { 1 / $0 }),
            ("pow -2", { $0.pow(-2) }, { 1 / ($0 * $0) }), ("pow 2.5", { $0.pow(2.5) }, { T.pow($0, 2.5) }),
        ]
        // Contiguous float32 and float64 tensors of some of these go to the vector-math kernels (their own
        // accuracy, tested in VectorMathTests); the transposed view takes the element functions in every case.
        let vectorised: Set<String> = T.self == Float.self
            ? ["exp", "expm1", "log", "log1p", "tanh", "sigmoid", "sin", "cos", "erf", "gelu", "gelu tanh"]
            : ["exp", "log", "tanh", "sigmoid"]
        for (name, operation, definition) in cases {
            Self.expect(operation(x.t()), x.t(), name + " (transposed)", definition)
            if !vectorised.contains(name) { Self.expect(operation(x), x, name, definition) }
        }
    }

    @Test func unaryOperationsGiveTheirDefinitionInFloat32() { unary(Float.self) }
    @Test func unaryOperationsGiveTheirDefinitionInFloat64() { unary(Double.self) }

    func binary<T: Real & BinaryFloatingPoint & TensorElement>(_: T.Type) {
        let x = ElementFunctionLoopTests.input(T.dtype, seed: 12, rows: Self.rows)
        let y = ElementFunctionLoopTests.input(T.dtype, seed: 13, rows: Self.rows)
        let row = y[0], scalar = Tensor(flat: [-2.5], shape: []).to(T.dtype)
        let a = x.toArray(of: T.self), b = y.toArray(of: T.self), r = row.toArray(of: T.self)
        let columns = x.shape[1]
        let cases: [(String, (Tensor, Tensor) -> Tensor, (T, T) -> T)] = [
            ("pow", { $0.pow($1) }, { T.pow($0, $1) }),
            ("fmod", { $0.fmod($1) }, { $0.truncatingRemainder(dividingBy: $1) }),
            ("remainder", { $0.remainder($1) }, { p, q in
                let r = p.truncatingRemainder(dividingBy: q)
                return r != 0 && ((r < 0) != (q < 0)) ? r + q : r
            }),
            ("atan2", { $0.atan2($1) }, { T.atan2(y: $0, x: $1) }),
        ]
        for (operand, other) in [("tensor", y), ("row", row), ("scalar", scalar)] {
            for (name, operation, definition) in cases {
                let got = operation(x, other).toArray(of: T.self)
                let mismatch = got.indices.first { index in
                    let q = operand == "tensor" ? b[index] : (operand == "row" ? r[index % columns] : -2.5)
                    let expected = definition(a[index], q)
                    return !(expected.isNaN && got[index].isNaN) && expected != got[index]
                        || (expected == 0 && expected.sign != got[index].sign)
                }
                #expect(mismatch == nil, "\(name) with a \(operand) \(T.dtype): element \(mismatch ?? 0)")
                #expect(bitPatterns(operation(x.t(), Self.transposed(other)))
                        == bitPatterns(operation(x.t().contiguous(), Self.transposed(other))),
                        "\(name) with a \(operand) \(T.dtype), transposed")
            }
        }
    }

    @Test func binaryOperationsGiveTheirDefinitionInFloat32() { binary(Float.self) }
    @Test func binaryOperationsGiveTheirDefinitionInFloat64() { binary(Double.self) }

    @Test func floorDivisionFollowsPyTorch() {
        // torch.floor_divide on float64 (Python's `//`, but a zero divisor gives ±inf).
        let cases: [(Double, Double, Double)] = [(7, 2, 3), (-7, 2, -4), (7, -2, -4), (-7, -2, 3), (1, 0, .infinity),
                                                 (-1, 0, -.infinity), (0.5, -1, -1), (-0.0, 3, -0.0), (0, -3, -0.0)]
        let a = Tensor(flat: cases.map(\.0), shape: [cases.count]), b = Tensor(flat: cases.map(\.1), shape: [cases.count])
        let got = a.floorDivide(b).toArray(of: Double.self)
        for (index, (p, q, expected)) in cases.enumerated() {
            #expect(got[index].bitPattern == expected.bitPattern, "\(p) // \(q)")
        }
        let x = ElementFunctionLoopTests.input(.float64, seed: 14, rows: Self.rows)
        let y = ElementFunctionLoopTests.input(.float64, seed: 15, rows: Self.rows)
        #expect(bitPatterns(x.floorDivide(y)) == bitPatterns(x.t().floorDivide(y.t()).t()))
    }

    @Test(arguments: [DType.float32, .float64])
    func splitAcrossTwoThreadsGivesTheSameBits(_ dtype: DType) {
        let x = ElementFunctionLoopTests.input(dtype, seed: 16, rows: Self.splitRows)
        let y = ElementFunctionLoopTests.input(dtype, seed: 17, rows: Self.splitRows)
        expectSameBitsOnOneAndTwoThreads("tan, pow, fmod, floorDivide, atan2 by a row") {
            [x.t().tan(), x.pow(2.5), x.pow(y), x.fmod(y), x.floorDivide(-2.5), x.atan2(y[0])]
        }
    }

    /// The second operand for `x.t()`: a matrix transposed, a row's first element (a scalar), a scalar itself.
    static func transposed(_ other: Tensor) -> Tensor { other.rank == 2 ? other.t() : (other.rank == 1 ? other[0] : other) }
}
