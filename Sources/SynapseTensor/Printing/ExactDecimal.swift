/// The exact decimal value of a finite double's magnitude, as a digit string and a power of ten.
///
/// Every finite double is `m × 2^e`, which is also `m × 5^(-e) / 10^(-e)`: a decimal with finitely many digits.
/// Expanding it exactly (with a small arbitrary-precision integer) lets the formatters round the true binary
/// value, halfway cases to even, exactly as CPython's `format(x, ".4f")` and `format(x, ".4e")` do.
struct ExactDecimal: Equatable {
    /// Decimal digits (0...9), most significant first, without leading zeros; empty for zero.
    let digits: [UInt8]
    /// The value is `digits × 10^exponent`.
    let exponent: Int

    /// The exact decimal expansion of `|value|`. `value` must be finite.
    init(magnitudeOf value: Double) {
        precondition(value.isFinite, "ExactDecimal needs a finite value")
        let bits = value.bitPattern
        let biasedExponent = Int((bits >> 52) & 0x7FF)
        let fraction = bits & ((1 << 52) - 1)
        var significand = biasedExponent == 0 ? fraction : fraction | (1 << 52)
        var binaryExponent = biasedExponent == 0 ? -1074 : biasedExponent - 1075
        guard significand != 0 else {
            digits = []
            exponent = 0
            return
        }
        let trailingZeros = significand.trailingZeroBitCount
        significand >>= UInt64(trailingZeros)
        binaryExponent += trailingZeros

        var integer = BigUnsigned(significand)
        if binaryExponent >= 0 {
            integer.multiply(byPowerOf: 2, count: binaryExponent)
            exponent = 0
        } else {
            integer.multiply(byPowerOf: 5, count: -binaryExponent)
            exponent = binaryExponent
        }
        digits = integer.decimalDigits()
    }

    /// Position of the leading digit: the value lies in `[10^k, 10^(k+1))` for `k = leadingExponent`.
    /// Meaningless for zero.
    var leadingExponent: Int { digits.count - 1 + exponent }
}

/// The first `keep` digits of `digits`, rounded half to even on the digits dropped after them.
///
/// `keep` may exceed the number of digits (zeros are appended). The result may be one digit longer than `keep`
/// when rounding carries out of the leading digit (`[9, 9, 5]` kept to 2 gives `[1, 0, 0]`); with `keep == 0`
/// it is `[]` or `[1]`.
func roundedHalfToEven(_ digits: [UInt8], keep: Int) -> [UInt8] {
    precondition(keep >= 0)
    if keep >= digits.count {
        return digits + [UInt8](repeating: 0, count: keep - digits.count)
    }
    var kept = Array(digits[..<keep])
    let first = digits[keep]
    let roundUp: Bool
    if first != 5 {
        roundUp = first > 5
    } else if digits[(keep + 1)...].contains(where: { $0 != 0 }) {
        roundUp = true
    } else {
        roundUp = (kept.last ?? 0) % 2 == 1
    }
    guard roundUp else { return kept }
    var index = kept.count - 1
    while index >= 0 {
        if kept[index] == 9 {
            kept[index] = 0
            index -= 1
        } else {
            kept[index] += 1
            return kept
        }
    }
    return [1] + kept
}
