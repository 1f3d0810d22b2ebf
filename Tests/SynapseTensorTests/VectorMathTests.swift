import Foundation
import Testing
@testable import SynapseTensor

/// The SIMD transcendental kernels against libm evaluated in higher precision, on every instruction set this
/// machine has, over random inputs spread across each function's whole range plus the special values.
@Suite struct VectorMathTests {
    /// Distance in units in the last place between two floats of the same sign class (NaN matches only NaN).
    static func ulps(_ a: Float, _ b: Float) -> UInt32 {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN ? 0 : .max }
        if a == b { return 0 }
        func ordered(_ x: Float) -> Int64 {
            let bits = Int64(x.bitPattern & 0x7fff_ffff)
            return x.sign == .minus ? -bits : bits
        }
        return UInt32(clamping: abs(ordered(a) - ordered(b)))
    }

    static func ulps(_ a: Double, _ b: Double) -> UInt64 {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN ? 0 : .max }
        if a == b { return 0 }
        func ordered(_ x: Double) -> Int64 {
            let bits = Int64(bitPattern: x.bitPattern & 0x7fff_ffff_ffff_ffff)
            return x.sign == .minus ? -bits : bits
        }
        let (difference, overflow) = ordered(a).subtractingReportingOverflow(ordered(b))
        return overflow ? .max : difference.magnitude
    }

    /// The reference each kernel is held to: libm in double precision.
    static func reference(_ kernel: VectorMath.Kernel, _ x: Double) -> Double {
        switch kernel {
        case .exp: Foundation.exp(x)
        case .log: Foundation.log(x)
        case .log1p: Foundation.log1p(x)
        case .expm1: Foundation.expm1(x)
        case .tanh: Foundation.tanh(x)
        case .sigmoid: x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
        case .sin: Foundation.sin(x)
        case .cos: Foundation.cos(x)
        case .erf: Foundation.erf(x)
        case .gelu: 0.5 * x * Foundation.erfc(-x / 2.0.squareRoot())
        case .geluTanh: x / (1 + Foundation.exp(-2 * (2 / Double.pi).squareRoot() * (x + 0.044715 * x * x * x)))
        }
    }

    static let specials: [Float] = [0, -0, 1, -1, .infinity, -.infinity, .nan, .leastNonzeroMagnitude,
                                    -.leastNonzeroMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                                    88.72, -87.3, -103.97, 1e-8, -1e-8, 0.5, 2, 10, -10, 20, -20]

    /// Inputs: the special values, uniform bit patterns (every magnitude equally likely) and dense values in
    /// [-30, 30] where most of the interesting behaviour is.
    static func inputs(count: Int) -> [Float] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var values = specials
        for index in 0..<count {
            let random = next()
            values.append(index % 2 == 0 ? Float(bitPattern: UInt32(truncatingIfNeeded: random))
                                         : Float(Double(random >> 11) / Double(1 << 53) * 60 - 30))
        }
        return values
    }

    /// The largest error allowed per kernel, in float32 ulps (the header's documented bound).
    static let allowedUlps: UInt32 = 2

    @Test(arguments: VectorMath.Kernel.allCases)
    func float32WithinTwoUlpsOnEveryInstructionSet(_ kernel: VectorMath.Kernel) {
        let x = Self.inputs(count: 200_000)
        var outputs: [[Float]] = []
        for level in VectorMath.supportedLevels {
            var y = [Float](repeating: 0, count: x.count)
            #expect(VectorMath.run(kernel, level: level, x, &y, count: x.count))
            var worst: (ulps: UInt32, x: Float, got: Float) = (0, 0, 0)
            for (input, got) in zip(x, y) {
                let expected = Float(Self.reference(kernel, Double(input)))
                // Sine and cosine of huge arguments go to libm's sinf/cosf, which reduce in float precision.
                if (kernel == .sin || kernel == .cos) && abs(input) > 1_048_576 { continue }
                let error = Self.ulps(got, expected)
                if error > worst.ulps { worst = (error, input, got) }
            }
            #expect(worst.ulps <= Self.allowedUlps,
                    "\(kernel) on \(VectorMath.levelName(level)): \(worst.ulps) ulp at x = \(worst.x) (got \(worst.got))")
            outputs.append(y)
        }
        // The FMA paths (levels 1 and 2) give identical bits.
        if outputs.count == 3 {
            #expect(zip(outputs[1], outputs[2]).allSatisfy { $0.isNaN && $1.isNaN || $0.bitPattern == $1.bitPattern })
        }
    }

    @Test(arguments: VectorMath.Kernel.allCases.filter(\.hasDouble))
    func float64WithinAFewUlpsOfLibm(_ kernel: VectorMath.Kernel) {
        let x = Self.inputs(count: 100_000).map { Double($0) } + [1e-300, -745.2, 709.7, 1e300, 5e-324]
        for level in VectorMath.supportedLevels {
            var y = [Double](repeating: 0, count: x.count)
            #expect(VectorMath.run(kernel, level: level, x, &y, count: x.count))
            var worst: (ulps: UInt64, x: Double) = (0, 0)
            for (input, got) in zip(x, y) {
                let error = Self.ulps(got, Self.reference(kernel, input))
                if error > worst.ulps { worst = (error, input) }
            }
            // libm itself is within one ulp of the true value, so the two can differ by one more.
            #expect(worst.ulps <= 3, "\(kernel) f64 on \(VectorMath.levelName(level)): \(worst.ulps) ulp at \(worst.x)")
        }
    }

    @Test func tensorOpsUseTheKernelsAndMatchTheirStridedSelves() {
        let values = Self.inputs(count: 5_000).map { $0.isFinite ? min(max($0, -80), 80) : $0 }
        let x = Tensor(values)
        let strided = Tensor.stack([x, x], dim: 1)[.all, 0]        // the same values, not contiguous
        #expect(!strided.isContiguous)
        for (name, op) in [("exp", { (t: Tensor) in t.exp() }), ("tanh", { $0.tanh() }), ("sigmoid", { $0.sigmoid() }),
                           ("log", { $0.abs().log() })] as [(String, (Tensor) -> Tensor)] {
            let fast = op(x).toArray(of: Float.self), slow = op(strided).toArray(of: Float.self)
            let worst = zip(fast, slow).map { Self.ulps($0, $1) }.max() ?? 0
            // Each path is within 2 ulp of the true value, so they can be 4 apart.
            #expect(worst <= 4, "\(name): contiguous and strided paths differ by \(worst) ulp")
        }
    }

    @Test func splittingAcrossThreadsDoesNotChangeTheBits() {
        let count = VectorMath.grainSize * 4 + 17
        let x = (0..<count).map { Float($0 % 1000) / 50 - 10 }
        var whole = [Float](repeating: 0, count: count)
        #expect(VectorMath.run(.exp, level: VectorMath.supportedLevels.upperBound, x, &whole, count: count))
        var split = [Float](repeating: 0, count: count)
        VectorMath.exp(x, &split, count: count)
        #expect(whole == split)
    }
}
