import Testing
@testable import SynapseTensor

/// The bulk float32 <-> bfloat16 / float16 kernels against Swift's scalar conversions (`BFloat16(_: Float)`, which
/// is c10's rounding, and the standard library's `Float16(_: Float)`), bit for bit, on every instruction set this
/// machine has: every 16-bit pattern, rounding ties and their neighbours, denormals, NaN payloads, random floats.
@Suite struct HalfConversionTests {
    /// float32 bit patterns that exercise both formats' rounding: each 16-bit value's float with low bits around
    /// the bfloat16 tie (0x8000) and the float16 tie (0x1000 below a float16 value), plus random patterns.
    static let floatInputs: [Float] = {
        var bits: [UInt32] = []
        for high in 0..<UInt32(65536) {
            for low: UInt32 in [0, 1, 0x7FFF, 0x8000, 0x8001, 0xFFFF] { bits.append(high << 16 | low) }
            let f16 = Float(Float16(bitPattern: UInt16(high))).bitPattern
            for delta: UInt32 in [0x0FFF, 0x1000, 0x1001, 0x1FFF] { bits.append(f16 &+ delta) }
        }
        var generator = SplitMix(seed: 23)
        for _ in 0..<200_000 { bits.append(UInt32(truncatingIfNeeded: generator.next())) }
        return bits.map { Float(bitPattern: $0) }
    }()

    static var levels: ClosedRange<Int> { 0...HalfConversion.level }

    /// Narrows every input with the kernel of `level` and compares each result with the scalar conversion.
    static func expectNarrowingMatches(_ conversion: HalfConversion.Kernel, level: Int, reference: (Float) -> UInt16) {
        let x = floatInputs
        var y = [UInt16](repeating: 0, count: x.count)
        #expect(HalfConversion.run(conversion, level: level, x, &y, count: x.count))
        let mismatches = x.indices.filter { y[$0] != reference(x[$0]) }
        #expect(mismatches.isEmpty, "level \(level): first \(mismatches.prefix(3).map { x[$0].bitPattern })")
    }

    @Test(arguments: levels) func bfloat16FromFloat(level: Int) {
        Self.expectNarrowingMatches(.bfloat16FromFloat, level: level) { BFloat16($0).bitPattern }
    }

    @Test(arguments: levels) func float16FromFloat(level: Int) {
        Self.expectNarrowingMatches(.float16FromFloat, level: level) { Float16($0).bitPattern }
    }

    @Test(arguments: levels) func widening(level: Int) {
        let x = (0..<UInt32(65536)).map { UInt16($0) }
        var bf = [Float](repeating: 0, count: x.count), f16 = bf
        #expect(HalfConversion.run(.floatFromBFloat16, level: level, x, &bf, count: x.count))
        #expect(HalfConversion.run(.floatFromFloat16, level: level, x, &f16, count: x.count))
        for index in x.indices {
            #expect(bf[index].bitPattern == BFloat16(bitPattern: x[index]).floatValue.bitPattern)
            let expected = Float(Float16(bitPattern: x[index]))
            // Signalling float16 NaNs may come out quietened by the hardware instruction; NaN stays NaN.
            if expected.isNaN {
                #expect(f16[index].isNaN && f16[index].sign == expected.sign)
            } else {
                #expect(f16[index].bitPattern == expected.bitPattern)
            }
        }
    }

    /// Odd lengths take the kernels' tails; the default path (whatever level is in use) agrees too.
    @Test func tailsAndDefaultPath() {
        for count in [0, 1, 7, 15, 16, 17, 33, 1000] {
            let x = (0..<count).map { Float($0) * 0.37 - 3.1 }
            let t = Tensor(flat: x, shape: [count])
            #expect(t.to(.bfloat16).toArray(of: BFloat16.self) == x.map { BFloat16($0) })
            #expect(t.to(.float16).toArray(of: Float16.self).map(\.bitPattern) == x.map { Float16($0).bitPattern })
            #expect(t.to(.bfloat16).to(.float32).toArray(of: Float.self) == x.map { BFloat16($0).floatValue })
            #expect(t.to(.float16).to(.float32).toArray(of: Float.self) == x.map { Float(Float16($0)) })
        }
    }
}

extension HalfConversionTests {
    /// Strided views (rows contiguous, leading dimensions permuted; and a column slice) convert row by row.
    @Test func stridedViews() {
        let x = Tensor(flat: (0..<(4 * 6 * 8)).map { Float($0) * 0.731 - 50 }, shape: [4, 6, 8])
        let half = x.to(.float16)
        let views: [(Tensor, Tensor)] = [(x.permute([1, 0, 2]), half.permute([1, 0, 2])),
                                         (x[0..., 0..., 1..<5], half[0..., 0..., 1..<5])]
        for (view, halfView) in views {
            let expected = view.toArray(of: Float.self)
            #expect(view.to(.bfloat16).toArray(of: BFloat16.self) == expected.map { BFloat16($0) })
            #expect(halfView.to(.float32).toArray(of: Float.self) == expected.map { Float(Float16($0)) })
        }
    }
}

/// A small deterministic generator for test inputs.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
