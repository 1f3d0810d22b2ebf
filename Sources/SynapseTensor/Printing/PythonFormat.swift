/// Python's float formatting, reproduced exactly, so printed numbers match what PyTorch prints.
///
/// `fixed` and `scientific` round the exact binary value of the double, halfway cases to even, as CPython's
/// correctly rounded `format()` does (C's `printf` may differ on some platforms; these never do).
/// ```swift
/// PythonFormat.fixed(0.03125, precision: 4)        // "0.0312"   ('{:.4f}'.format(0.03125))
/// PythonFormat.scientific(1e-5, precision: 4)      // "1.0000e-05"
/// PythonFormat.repr(1e-5)                          // "1e-05"    (repr(1e-05))
/// ```
public enum PythonFormat {
    /// `'{:.Nf}'.format(value)`: fixed-point with `precision` digits after the point (no point when 0).
    /// Negative values, `-0.0` included, keep their minus sign; non-finite values are `nan`, `inf`, `-inf`.
    public static func fixed(_ value: Double, precision: Int) -> String {
        precondition(precision >= 0, "precision must be non-negative")
        if let special = nonFinite(value) { return special }
        let exact = ExactDecimal(magnitudeOf: value)
        // Digits of round(|value| × 10^precision): those of `exact` down to the 10^-precision place.
        let keep = exact.digits.count + exact.exponent + precision
        let scaled = exact.digits.isEmpty || keep < 0 ? [] : roundedHalfToEven(exact.digits, keep: keep)
        var text = String(decoding: scaled.map { $0 + 48 }, as: UTF8.self)
        if text.count < precision + 1 {
            text = String(repeating: "0", count: precision + 1 - text.count) + text
        }
        let sign = value.sign == .minus ? "-" : ""
        guard precision > 0 else { return sign + text }
        let split = text.index(text.endIndex, offsetBy: -precision)
        return sign + text[..<split] + "." + text[split...]
    }

    /// `'{:.Ne}'.format(value)`: one digit, the point and `precision` digits, then `e`, a sign and at least two
    /// exponent digits (`1.0000e-05`, `1.7977e+308`). Zero is `0.0000e+00`.
    public static func scientific(_ value: Double, precision: Int) -> String {
        precondition(precision >= 0, "precision must be non-negative")
        if let special = nonFinite(value) { return special }
        let exact = ExactDecimal(magnitudeOf: value)
        var mantissa: [UInt8]
        var decimalExponent = 0
        if exact.digits.isEmpty {
            mantissa = [UInt8](repeating: 0, count: precision + 1)
        } else {
            mantissa = roundedHalfToEven(exact.digits, keep: precision + 1)
            decimalExponent = exact.leadingExponent
            if mantissa.count > precision + 1 {
                mantissa.removeLast()
                decimalExponent += 1
            }
        }
        let sign = value.sign == .minus ? "-" : ""
        return sign + render(mantissa: mantissa, exponent: decimalExponent)
    }

    /// `repr(value)` for a Python float: the shortest digits that read back as the same double, in fixed
    /// notation with at least one fractional digit (`0.1`, `3.0`, `1e-05` aside) when `1e-4 <= |value| < 1e16`,
    /// otherwise in scientific notation without trailing zeros (`1e-05`, `1.5e+16`).
    public static func repr(_ value: Double) -> String {
        if let special = nonFinite(value) { return special }
        let (digits, decimalPoint) = shortestDigits(value.magnitude)
        let sign = value.sign == .minus ? "-" : ""
        // CPython's float_repr_style 'short': exponent notation when decpt <= -4 or decpt > 16.
        if decimalPoint > -4 && decimalPoint <= 16 {
            let text = String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
            if decimalPoint <= 0 {
                return sign + "0." + String(repeating: "0", count: -decimalPoint) + text
            }
            if decimalPoint >= digits.count {
                return sign + text + String(repeating: "0", count: decimalPoint - digits.count) + ".0"
            }
            let split = text.index(text.startIndex, offsetBy: decimalPoint)
            return sign + text[..<split] + "." + text[split...]
        }
        return sign + render(mantissa: digits, exponent: decimalPoint - 1)
    }

    /// `d.ddd` + `e±XX` from mantissa digits.
    private static func render(mantissa: [UInt8], exponent: Int) -> String {
        var text = String(UnicodeScalar(mantissa[0] + 48))
        if mantissa.count > 1 {
            text += "." + String(decoding: mantissa.dropFirst().map { $0 + 48 }, as: UTF8.self)
        }
        let magnitude = exponent.magnitude
        return text + (exponent < 0 ? "e-" : "e+") + (magnitude < 10 ? "0" : "") + String(magnitude)
    }

    /// Python spells non-finite floats `nan` (whatever the sign bit), `inf` and `-inf`.
    private static func nonFinite(_ value: Double) -> String? {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return nil
    }

    /// The shortest round-tripping digits of a non-negative finite double and the position of the decimal point
    /// (value = 0.d1d2d3… × 10^decimalPoint), read from Swift's `description`, which also prints the shortest
    /// digits closest to the exact value, as CPython's `repr` does.
    private static func shortestDigits(_ magnitude: Double) -> (digits: [UInt8], decimalPoint: Int) {
        if magnitude == 0 { return ([0], 1) }
        let text = magnitude.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let exponent = parts.count == 2 ? Int(parts[1])! : 0
        var digits: [UInt8] = []
        var integerDigits = 0
        var seenPoint = false
        for character in parts[0].utf8 {
            if character == UInt8(ascii: ".") {
                seenPoint = true
            } else {
                digits.append(character - 48)
                if !seenPoint { integerDigits += 1 }
            }
        }
        var decimalPoint = integerDigits + exponent
        while digits.first == 0 {
            digits.removeFirst()
            decimalPoint -= 1
        }
        while digits.last == 0 { digits.removeLast() }
        return (digits, decimalPoint)
    }
}
