/// The numerical limits of a floating-point dtype (`torch.finfo`), as doubles.
///
/// ```swift
/// let info = DType.float32.finfo
/// let masked = scores.maskedFill(mask, info.min)   // the most negative float32, not -inf
/// ```
public struct FloatInfo: Sendable, Hashable, CustomStringConvertible {
    /// The dtype these limits describe.
    public let dtype: DType
    /// Number of bits an element occupies.
    public let bits: Int
    /// The difference between 1 and the next representable value (`2^-mantissaBits`).
    public let eps: Double
    /// The largest finite value.
    public let max: Double
    /// The most negative finite value (`-max`).
    public let min: Double
    /// The smallest positive normal value (PyTorch's `tiny`, the same as ``smallestNormal``).
    public let tiny: Double
    /// The smallest positive normal value.
    public let smallestNormal: Double
    /// The approximate decimal resolution, `10^-digits` with `digits` the decimal digits the type holds exactly.
    public let resolution: Double

    /// The limits of `dtype`, which must be floating point.
    init(_ dtype: DType) {
        let (bits, mantissa, max, tiny, digits): (Int, Int, Double, Double, Int)
        switch dtype {
        case .float32: (bits, mantissa, max, tiny, digits) = (32, 23, Double(Float.greatestFiniteMagnitude),
                                                               Double(Float.leastNormalMagnitude), 6)
        case .float64: (bits, mantissa, max, tiny, digits) = (64, 52, .greatestFiniteMagnitude,
                                                               .leastNormalMagnitude, 15)
        // 0x7BFF and 0x0400.
        case .float16: (bits, mantissa, max, tiny, digits) = (16, 10, 65504, 0x1p-14, 3)
        // 0x7F7F (float32's exponent range, 7 mantissa bits) and 0x0080.
        case .bfloat16: (bits, mantissa, max, tiny, digits) = (16, 7, 0x1.FEp127, 0x1p-126, 2)
        default:
            fatalError("torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'")
        }
        self.dtype = dtype
        self.bits = bits
        eps = Double(sign: .plus, exponent: -mantissa, significand: 1)
        self.max = max
        min = -max
        self.tiny = tiny
        smallestNormal = tiny
        resolution = Self.powerOfTen(-digits)
    }

    /// `10^exponent` as the correctly rounded double (what the literal `1e-6` gives).
    private static func powerOfTen(_ exponent: Int) -> Double {
        Double("1e\(exponent)")!
    }

    /// PyTorch's printout without its `%g` rounding, for example
    /// `finfo(resolution=1e-06, min=-3.4028234663852886e+38, …, dtype=float32)`.
    public var description: String {
        "finfo(resolution=\(resolution), min=\(min), max=\(max), eps=\(eps), smallest_normal=\(smallestNormal), "
            + "tiny=\(tiny), dtype=\(dtype.rawValue))"
    }
}

extension DType {
    /// The numerical limits of this floating-point dtype (`torch.finfo(dtype)`): `DType.float32.finfo.min`.
    /// Integer and bool dtypes stop with PyTorch's message.
    public var finfo: FloatInfo {
        check(isFloatingPoint,
              "torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'")
        return FloatInfo(self)
    }
}
