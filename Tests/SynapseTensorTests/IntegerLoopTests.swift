import Testing
@testable import SynapseTensor

/// Integer element-wise operations run through ``IntegerFunctions`` types. Each gives its definition element by
/// element — wrapping two's-complement arithmetic (computed here in `Int64` and truncated to the dtype's width),
/// Python's floored division and remainder and C's truncated `fmod`, with the dtype's minimum and maximum, -1, 0
/// and 1 among the operands — on tensors split across two threads, contiguous, transposed and broadcast from a row
/// or a scalar, and the same values on one thread as on two.
@Suite struct IntegerLoopTests {
    static let dtypes: [DType] = [.int64, .int32, .int16, .int8, .uint8]

    /// `rows × 1031` integers of `dtype` in [-1000, 1000) (wrapped into the dtype), with its extremes, -1, 0 and 1
    /// spread through; `nonZero` replaces zeros by 7. 520 rows are above twice the parallel grain, so that two
    /// threads split the work (debug builds run these loops unspecialised, so only a few operations are split).
    static func input(_ dtype: DType, seed: UInt64, rows: Int = 64, nonZero: Bool = false) -> Tensor {
        var values = Tensor.randint(-1000, 1000, [rows * 1_031], generator: Generator(seed: seed))
            .toArray(of: Int64.self).map { wrap($0, dtype) }
        let (low, high) = bounds(dtype)
        for (index, special) in [low, high, -1, 0, 1, low + 1, high - 1].enumerated() {
            values[index * 7_919 % values.count] = wrap(special, dtype)
        }
        if nonZero { values = values.map { $0 == 0 ? 7 : $0 } }
        return Tensor(flat: values, shape: [rows, 1_031]).to(dtype)
    }

    static func bounds(_ dtype: DType) -> (Int64, Int64) {
        switch dtype {
        case .int64: (.min, .max)
        case .int32: (Int64(Int32.min), Int64(Int32.max))
        case .int16: (Int64(Int16.min), Int64(Int16.max))
        case .int8: (Int64(Int8.min), Int64(Int8.max))
        default: (0, 255)
        }
    }

    /// `value` truncated to `dtype`'s width (two's complement), as an `Int64`.
    static func wrap(_ value: Int64, _ dtype: DType) -> Int64 {
        switch dtype {
        case .int32: Int64(Int32(truncatingIfNeeded: value))
        case .int16: Int64(Int16(truncatingIfNeeded: value))
        case .int8: Int64(Int8(truncatingIfNeeded: value))
        case .uint8: Int64(UInt8(truncatingIfNeeded: value))
        default: value
        }
    }

    /// `result` (of `dtype`) equals `definition` of each element of `x`, wrapped to `dtype`.
    static func expectUnary(_ result: Tensor, _ x: Tensor, _ name: String, _ definition: (Int64) -> Int64) {
        #expect(result.dtype == x.dtype)
        let got = result.toArray(of: Int64.self), inputs = x.toArray(of: Int64.self)
        let mismatch = inputs.indices.first { got[$0] != wrap(definition(inputs[$0]), x.dtype) }
        #expect(mismatch == nil, "\(name) \(x.dtype): element \(mismatch ?? 0) of \(inputs[mismatch ?? 0])")
    }

    @Test(arguments: dtypes)
    func unaryOperationsGiveTheirDefinition(_ dtype: DType) {
        let x = Self.input(dtype, seed: 21)
        let cases: [(String, (Tensor) -> Tensor, (Int64) -> Int64)] = [
            ("neg", { -$0 }, { 0 &- $0 }),
            ("abs", { $0.abs() }, { $0 < 0 ? 0 &- $0 : $0 }),
            ("sign", { $0.sign() }, { $0 > 0 ? 1 : ($0 == 0 ? 0 : -1) }),
            ("relu", { $0.relu() }, { Swift.max($0, 0) }),
            ("square", { $0.square() }, { $0 &* $0 }),
            ("floor", { $0.floor() }, { $0 }), ("ceil", { $0.ceil() }, { $0 }), ("round", { $0.round() }, { $0 }),
            ("trunc", { $0.trunc() }, { $0 }),
            ("clamp", { $0.clamp(min: 3, max: 100) }, { Swift.min(Swift.max($0, 3), 100) }),
            ("clamp(max:)", { $0.clamp(max: 100) }, { Swift.min($0, 100) }),
            ("pow 0", { $0.pow(0) }, { _ in 1 }), ("pow 2", { $0.pow(2) }, { $0 &* $0 }),
            ("pow 5", { $0.pow(5) }, { $0 &* $0 &* $0 &* $0 &* $0 }),
        ]
        for (name, operation, definition) in cases {
            Self.expectUnary(operation(x), x, name, definition)
            Self.expectUnary(operation(x.t()), x.t(), name + " (transposed)", definition)
        }
    }

    /// Python's floored quotient and remainder and C's truncated remainder in `Int64` (wrapping at `Int64.min / -1`).
    static func divisions(_ a: Int64, _ b: Int64) -> (floorQuotient: Int64, floorRemainder: Int64, fmod: Int64) {
        let q = a.dividedReportingOverflow(by: b).partialValue, r = a.remainderReportingOverflow(dividingBy: b).partialValue
        let moves = r != 0 && ((r < 0) != (b < 0))
        return (moves ? q &- 1 : q, moves ? r &+ b : r, r)
    }

    @Test(arguments: dtypes)
    func binaryOperationsAndComparisonsGiveTheirDefinition(_ dtype: DType) {
        let x = Self.input(dtype, seed: 22), y = Self.input(dtype, seed: 23, nonZero: true)
        let row = y[1], scalar = Tensor(flat: [Self.wrap(-3, dtype)], shape: []).to(dtype)
        let a = x.toArray(of: Int64.self), b = y.toArray(of: Int64.self), r = row.toArray(of: Int64.self)
        let columns = x.shape[1], scalarValue = scalar.item(as: Int64.self)
        let arithmetic: [(String, (Tensor, Tensor) -> Tensor, (Int64, Int64) -> Int64)] = [
            ("+", { $0 + $1 }, { $0 &+ $1 }), ("-", { $0 - $1 }, { $0 &- $1 }), ("*", { $0 * $1 }, { $0 &* $1 }),
            ("maximum", { $0.maximum($1) }, { Swift.max($0, $1) }), ("minimum", { $0.minimum($1) }, { Swift.min($0, $1) }),
            ("floorDivide", { $0.floorDivide($1) }, { Self.divisions($0, $1).floorQuotient }),
            ("remainder", { $0.remainder($1) }, { Self.divisions($0, $1).floorRemainder }),
            ("fmod", { $0.fmod($1) }, { Self.divisions($0, $1).fmod }),
        ]
        let comparisons: [(String, (Tensor, Tensor) -> Tensor, (Int64, Int64) -> Bool)] = [
            ("==", { $0 .== $1 }, { $0 == $1 }), ("!=", { $0 .!= $1 }, { $0 != $1 }), ("<", { $0 .< $1 }, { $0 < $1 }),
            ("<=", { $0 .<= $1 }, { $0 <= $1 }), (">", { $0 .> $1 }, { $0 > $1 }), (">=", { $0 .>= $1 }, { $0 >= $1 }),
        ]
        for (operand, other) in [("tensor", y), ("row", row), ("scalar", scalar)] {
            func second(_ index: Int) -> Int64 {
                operand == "tensor" ? b[index] : (operand == "row" ? r[index % columns] : scalarValue)
            }
            for (name, operation, definition) in arithmetic {
                let result = operation(x, other)
                #expect(result.dtype == dtype)
                let got = result.toArray(of: Int64.self)
                let mismatch = got.indices.first { got[$0] != Self.wrap(definition(a[$0], second($0)), dtype) }
                #expect(mismatch == nil, "\(name) with a \(operand) \(dtype): element \(mismatch ?? 0)")
                #expect(operation(x.t(), Self.transposed(other)).equal(operation(x.t().contiguous(), Self.transposed(other))),
                        "\(name) with a \(operand) \(dtype), transposed")
            }
            for (name, operation, definition) in comparisons {
                let got = operation(x, other).toArray(of: Bool.self)
                let mismatch = got.indices.first { definition(a[$0], second($0)) != got[$0] }
                #expect(mismatch == nil, "\(name) with a \(operand) \(dtype): element \(mismatch ?? 0)")
            }
        }
    }

    @Test(arguments: dtypes)
    func powerOfTensorsGivesItsDefinition(_ dtype: DType) {
        let x = Self.input(dtype, seed: 24)
        let exponents = Tensor.randint(0, 9, x.shape, generator: Generator(seed: 25)).to(dtype)
        let a = x.toArray(of: Int64.self), e = exponents.toArray(of: Int64.self)
        let got = x.pow(exponents).toArray(of: Int64.self)
        let mismatch = got.indices.first { index in
            var expected: Int64 = 1
            for _ in 0..<e[index] { expected = expected &* a[index] }
            return got[index] != Self.wrap(expected, dtype)
        }
        #expect(mismatch == nil, "pow \(dtype): element \(mismatch ?? 0)")
    }

    @Test(arguments: [DType.int64, .int32, .uint8])
    func splitAcrossTwoThreadsGivesTheSameValues(_ dtype: DType) {
        let x = Self.input(dtype, seed: 26, rows: 520), y = Self.input(dtype, seed: 27, rows: 520, nonZero: true)
        let small = y.remainder(Tensor.full([], 5, dtype: dtype))
        expectSameResultsOnOneAndTwoThreads {
            [-x, x.t().clamp(min: 3, max: 100), x + y, x * y[0], x.floorDivide(y), x.pow(small), x .< y, x .== 7]
        }
    }

    @Test func negativeIntegerExponentsFollowPyTorch() {
        // torch.tensor([1, -1, -1, 5, -5]) ** torch.tensor([-3, -2, -3, -1, -2]) == [1, 1, -1, 0, 0]
        let base = Tensor(flat: [Int64(1), -1, -1, 5, -5], shape: [5])
        let exponent = Tensor(flat: [Int64(-3), -2, -3, -1, -2], shape: [5])
        #expect(base.pow(exponent).toArray(of: Int64.self) == [1, 1, -1, 0, 0])
    }

    /// The second operand for `x.t()`: a matrix transposed, a row's first element (a scalar), a scalar itself.
    static func transposed(_ other: Tensor) -> Tensor { other.rank == 2 ? other.t() : (other.rank == 1 ? other[0] : other) }
}
