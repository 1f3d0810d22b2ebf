import Testing
@testable import SynapseTensor

/// `logical_and`/`or`/`xor`, `where` and `masked_fill` run through ``LogicalFunctions`` types. Each gives its
/// definition element by element on tensors split across two threads — masks contiguous, transposed, broadcast
/// from a row or a scalar, values broadcast from a scalar (as `masked_fill` passes them) — and the same bits on one
/// thread as on two.
@Suite struct LogicalAndWhereLoopTests {
    /// Rows of 1031 elements for the definitions; 520 rows (above twice the parallel grain) are split across two
    /// threads for a few operations (debug builds run these loops unspecialised).
    static let rows = 64, splitRows = 520, columns = 1_031

    static func mask(seed: UInt64, rows: Int = rows) -> Tensor {
        Tensor.rand([rows, columns], generator: Generator(seed: seed)) .> 0.5
    }

    @Test func logicalOperationsGiveTheirDefinition() {
        let x = Self.mask(seed: 31), y = Self.mask(seed: 32)
        let a = x.toArray(of: Bool.self), b = y.toArray(of: Bool.self), r = Array(b[Self.columns..<(2 * Self.columns)])
        let cases: [(String, (Tensor, Tensor) -> Tensor, (Bool, Bool) -> Bool)] = [
            ("and", { $0 .& $1 }, { $0 && $1 }), ("or", { $0 .| $1 }, { $0 || $1 }), ("xor", { $0 .^ $1 }, { $0 != $1 }),
        ]
        for (operand, other) in [("tensor", y), ("row", y[1]), ("scalar", Tensor(scalar: true))] {
            for (name, operation, definition) in cases {
                let got = operation(x, other).toArray(of: Bool.self)
                let mismatch = got.indices.first { index in
                    let q = operand == "tensor" ? b[index] : (operand == "row" ? r[index % Self.columns] : true)
                    return got[index] != definition(a[index], q)
                }
                #expect(mismatch == nil, "\(name) with a \(operand): element \(mismatch ?? 0)")
                #expect(operation(x.t(), Self.transposed(other)).equal(operation(x.t().contiguous(), Self.transposed(other))))
            }
        }
        // Non-bool operands are tested for non-zero (NaN is non-zero).
        let values = ElementFunctionLoopTests.input(.float32, seed: 33, rows: Self.rows)
        let nonZero = values.toArray(of: Float.self).map { $0 != 0 }
        #expect((values .& x).toArray(of: Bool.self) == zip(nonZero, a).map { $0 && $1 })
    }

    @Test(arguments: [DType.float32, .float64, .int64, .int32, .uint8, .bool])
    func whereAndMaskedFillGiveTheirDefinition(_ dtype: DType) {
        let mask = Self.mask(seed: 34), rowMask = Self.mask(seed: 35)[0]
        // Floats with NaN, ±0, ±inf and subnormals; integers (and bools, their non-zero test) from [-1000, 1000).
        func values(seed: UInt64) -> Tensor {
            dtype.isFloatingPoint ? ElementFunctionLoopTests.input(dtype, seed: seed, rows: Self.rows)
                : Tensor.randint(-1000, 1000, [Self.rows, Self.columns], generator: Generator(seed: seed)).to(dtype)
        }
        let x = values(seed: 36), y = values(seed: 37)
        let m = mask.toArray(of: Bool.self), rm = rowMask.toArray(of: Bool.self)
        let a = bitPatterns(x), b = bitPatterns(y)
        let fill = Tensor.full([], 3, dtype: dtype), fillBits = bitPatterns(fill)[0]
        let columns = Self.columns
        let cases: [(String, () -> Tensor, (Int) -> UInt64)] = [
            ("where", { Tensor.where(mask, x, y) }, { m[$0] ? a[$0] : b[$0] }),
            ("where, row mask", { Tensor.where(rowMask, x, y) }, { rm[$0 % columns] ? a[$0] : b[$0] }),
            ("where, scalar x", { Tensor.where(mask, fill, y) }, { m[$0] ? fillBits : b[$0] }),
            ("where, scalar y", { Tensor.where(mask, x, fill) }, { m[$0] ? a[$0] : fillBits }),
            ("where, transposed", { Tensor.where(mask.t(), x.t(), y.t()).t() }, { m[$0] ? a[$0] : b[$0] }),
            ("maskedFill", { y.maskedFill(mask, 3) }, { m[$0] ? fillBits : b[$0] }),
            ("maskedFill_", { y.clone().maskedFill_(mask, 3) }, { m[$0] ? fillBits : b[$0] }),
        ]
        for (name, operation, definition) in cases {
            let got = bitPatterns(operation())
            let mismatch = got.indices.first { got[$0] != definition($0) }
            #expect(mismatch == nil, "\(name) \(dtype): element \(mismatch ?? 0)")
        }
    }

    @Test func splitAcrossTwoThreadsGivesTheSameBits() {
        let mask = Self.mask(seed: 38, rows: Self.splitRows), other = Self.mask(seed: 39, rows: Self.splitRows)
        let x = ElementFunctionLoopTests.input(.float32, seed: 40, rows: Self.splitRows)
        expectSameBitsOnOneAndTwoThreads("and, xor by a row, where, maskedFill") {
            [mask .& other, mask .^ other[0], Tensor.where(mask, x, -x), x.maskedFill(mask, 3),
             Tensor.where(mask.t(), x.t(), 0.5)]
        }
    }

    /// The second operand for `x.t()`: a matrix transposed, a row's first element (a scalar), a scalar itself.
    static func transposed(_ other: Tensor) -> Tensor { other.rank == 2 ? other.t() : (other.rank == 1 ? other[0] : other) }
}
