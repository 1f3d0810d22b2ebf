/// A minimal arbitrary-precision unsigned integer: just enough to expand a double into exact decimal digits.
struct BigUnsigned {
    /// 32-bit limbs, least significant first; no trailing zero limbs (zero is `[]`).
    private(set) var limbs: [UInt32]

    /// The integer `value`.
    init(_ value: UInt64) {
        limbs = [UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32)]
        trim()
    }

    /// Whether the value is zero.
    var isZero: Bool { limbs.isEmpty }

    /// Multiplies in place by a 32-bit factor.
    mutating func multiply(by factor: UInt32) {
        var carry: UInt64 = 0
        for index in limbs.indices {
            let product = UInt64(limbs[index]) * UInt64(factor) + carry
            limbs[index] = UInt32(truncatingIfNeeded: product)
            carry = product >> 32
        }
        if carry != 0 { limbs.append(UInt32(carry)) }
        trim()
    }

    /// Multiplies in place by `base^count`, `base` being 2 or 5 (the largest power that fits a limb at a time).
    mutating func multiply(byPowerOf base: UInt32, count: Int) {
        precondition(base == 2 || base == 5)
        let stepExponent = base == 2 ? 31 : 13
        var remaining = count
        while remaining > 0 {
            let step = Swift.min(remaining, stepExponent)
            var factor: UInt32 = 1
            for _ in 0..<step { factor *= base }
            multiply(by: factor)
            remaining -= step
        }
    }

    /// Divides in place by a non-zero 32-bit divisor and returns the remainder.
    mutating func divide(by divisor: UInt32) -> UInt32 {
        precondition(divisor != 0)
        var remainder: UInt64 = 0
        for index in limbs.indices.reversed() {
            let dividend = (remainder << 32) | UInt64(limbs[index])
            limbs[index] = UInt32(dividend / UInt64(divisor))
            remainder = dividend % UInt64(divisor)
        }
        trim()
        return UInt32(remainder)
    }

    /// The decimal digits, most significant first, without leading zeros (`[]` for zero).
    func decimalDigits() -> [UInt8] {
        var value = self
        var chunks: [UInt32] = []
        while !value.isZero { chunks.append(value.divide(by: 1_000_000_000)) }
        var digits: [UInt8] = []
        digits.reserveCapacity(chunks.count * 9)
        for (position, chunk) in chunks.reversed().enumerated() {
            var chunkDigits = [UInt8](repeating: 0, count: 9)
            var rest = chunk
            for index in stride(from: 8, through: 0, by: -1) {
                chunkDigits[index] = UInt8(rest % 10)
                rest /= 10
            }
            if position == 0 {
                digits.append(contentsOf: chunkDigits.drop(while: { $0 == 0 }))
            } else {
                digits.append(contentsOf: chunkDigits)
            }
        }
        return digits
    }

    private mutating func trim() {
        while limbs.last == 0 { limbs.removeLast() }
    }
}
