/// The element functions of integer tensors (int8 to int64 and uint8, and bool arithmetic, which computes in
/// uint8), known by their types so that their loops stay vectorised on every thread (see ``ElementwiseLoops``).
/// Arithmetic wraps on overflow (two's complement, as PyTorch's CPU kernels do); division by zero stops with
/// Python's `ZeroDivisionError`, as PyTorch raises it.
enum IntegerFunctions {
    struct Negate<T: FixedWidthInteger>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { 0 &- x }
    }
    /// `|x|`, wrapping: `abs(Int64.min)` is `Int64.min`.
    struct Absolute<T: FixedWidthInteger>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { x < 0 ? 0 &- x : x }
    }
    /// -1, 0 or 1 (wrapping to the maximum for unsigned types, as `0 - 1` does in C).
    struct Sign<T: FixedWidthInteger>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { x > 0 ? 1 : (x == 0 ? 0 : 0 &- 1) }
    }
    struct ReLU<T: FixedWidthInteger>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { x > 0 ? x : 0 }
    }
    struct Square<T: FixedWidthInteger>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { x &* x }
    }
    /// The roundings of an integer (it is its own floor, ceiling, rounding and truncation).
    struct Identity<T: FixedWidthInteger>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { x }
    }
    /// `x` raised to `low` and lowered to `high` (the type's bounds for no bound).
    struct Clamp<T: FixedWidthInteger>: ElementFunction {
        let low: T, high: T
        @inline(__always) func callAsFunction(_ x: T) -> T { Swift.min(Swift.max(x, low), high) }
    }
    /// `x ** exponent` for a non-negative exponent (``power(_:_:)``).
    struct ScalarPower<T: FixedWidthInteger>: ElementFunction {
        let exponent: Int
        @inline(__always) func callAsFunction(_ x: T) -> T { power(x, exponent) }
    }

    /// `base ** exponent` for a non-negative exponent, by squaring, wrapping (the same value as repeated wrapping
    /// multiplication: it is multiplication modulo 2ⁿ).
    @inline(__always)
    static func power<T: FixedWidthInteger, E: BinaryInteger>(_ base: T, _ exponent: E) -> T {
        var result: T = 1, factor = base, remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 { result = result &* factor }
            factor = factor &* factor
            remaining >>= 1
        }
        return result
    }

    struct Add<T: FixedWidthInteger>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { x &+ y }
    }
    struct Subtract<T: FixedWidthInteger>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { x &- y }
    }
    struct Multiply<T: FixedWidthInteger>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { x &* y }
    }
    struct Maximum<T: FixedWidthInteger>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { Swift.max(x, y) }
    }
    struct Minimum<T: FixedWidthInteger>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { Swift.min(x, y) }
    }
    /// `x ** y` by squaring, wrapping; negative exponents give 0 except for bases 1 and -1 (PyTorch's rule), and
    /// stop for a base of 0.
    struct Power<T: FixedWidthInteger>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ base: T, _ exponent: T) -> T {
            if exponent < 0 {
                if base == 1 { return 1 }
                if T.isSigned && base == 0 &- 1 { return exponent & 1 == 0 ? 1 : base }
                check(base != 0, "Integers to negative integer powers are not allowed.")
                return 0
            }
            return IntegerFunctions.power(base, exponent)
        }
    }
    /// C's truncated remainder (`torch.fmod`): the sign of the dividend.
    struct TruncatedRemainder<T: FixedWidthInteger>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { Division(x, y).remainder }
    }
    /// Python's floored remainder (`torch.remainder`): the sign of the divisor.
    struct FlooredRemainder<T: FixedWidthInteger>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T {
            let division = Division(x, y)
            return division.floored ? division.remainder &+ y : division.remainder
        }
    }
    /// Python's floor division (`torch.floor_divide`).
    struct FloorDivide<T: FixedWidthInteger>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T {
            let division = Division(x, y)
            return division.floored ? division.quotient &- 1 : division.quotient
        }
    }

    /// Truncated quotient and remainder of `x / y` (wrapping: `Int64.min / -1` is `Int64.min`, remainder 0), and
    /// whether flooring moves them (a non-zero remainder whose sign differs from the divisor's).
    struct Division<T: FixedWidthInteger> {
        let quotient: T, remainder: T, floored: Bool
        @inline(__always) init(_ x: T, _ y: T) {
            check(y != 0, "ZeroDivisionError")
            quotient = x.dividedReportingOverflow(by: y).partialValue
            remainder = x.remainderReportingOverflow(dividingBy: y).partialValue
            floored = remainder != 0 && ((remainder < 0) != (y < 0))
        }
    }
}
