import RealModule

/// The element functions of the floating-point operations that go through `RealModule` (libm), for the dtypes and
/// layouts the vector-math C kernels don't take, and of the remainders and divisions: known by their types, so
/// that the pool's row loops call them directly rather than through a closure per element (see
/// ``ElementwiseLoops``). Each is exactly the formula its closure had.
extension FloatingFunctions {
    struct Exp<T: Real & BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { T.exp(x) }
    }
    struct Exp2<T: Real & BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { T.exp2(x) }
    }
    struct ExpMinusOne<T: Real & BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { T.expMinusOne(x) }
    }
    struct Log<T: Real & BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { T.log(x) }
    }
    struct Log2<T: Real & BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { T.log2(x) }
    }
    struct Log10<T: Real & BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { T.log10(x) }
    }
    struct LogOnePlus<T: Real & BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { T.log(onePlus: x) }
    }
    struct Sine<T: Real & BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { T.sin(x) }
    }
    struct Cosine<T: Real & BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { T.cos(x) }
    }
    struct Tangent<T: Real & BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { T.tan(x) }
    }
    struct ArcSine<T: Real & BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { T.asin(x) }
    }
    struct ArcCosine<T: Real & BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { T.acos(x) }
    }
    struct ArcTangent<T: Real & BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { T.atan(x) }
    }
    struct HyperbolicSine<T: Real & BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { T.sinh(x) }
    }
    struct HyperbolicCosine<T: Real & BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { T.cosh(x) }
    }
    struct HyperbolicTangent<T: Real & BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { T.tanh(x) }
    }
    /// `1 / (1 + exp(-x))`.
    struct Sigmoid<T: Real & BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { 1 / (1 + T.exp(-x)) }
    }
    struct ErrorFunction<T: Real & BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { T.erf(x) }
    }
    struct ComplementaryErrorFunction<T: Real & BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { T.erfc(x) }
    }
    /// Exact GELU: `x · 0.5 · (1 + erf(x · √0.5))`.
    struct GELU<T: Real & BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { x * 0.5 * (1 + T.erf(x * T(0.5).squareRoot())) }
    }
    /// GELU's tanh approximation: `0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³)))`.
    struct GELUTanh<T: Real & BinaryFloatingPoint>: ElementFunction {
        let beta = T((2 / Double.pi).squareRoot()), kappa = T(0.044715)
        @inline(__always) func callAsFunction(_ x: T) -> T { 0.5 * x * (1 + T.tanh(beta * (x + kappa * x * x * x))) }
    }
    /// `x ** 1`.
    struct Identity<T: BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { x }
    }
    /// `x ** -2` as `1 / (x · x)`.
    struct ReciprocalSquare<T: BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { 1 / (x * x) }
    }
    /// `x ** exponent` through `pow`.
    struct ScalarPower<T: Real & BinaryFloatingPoint>: ElementFunction {
        let exponent: T
        @inline(__always) func callAsFunction(_ x: T) -> T { T.pow(x, exponent) }
    }

    /// `x ** y` through `pow`.
    struct Power<T: Real & BinaryFloatingPoint>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { T.pow(x, y) }
    }
    /// C's `fmod` (`torch.fmod`): the sign of the dividend.
    struct TruncatedRemainder<T: BinaryFloatingPoint>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { x.truncatingRemainder(dividingBy: y) }
    }
    /// Python's `%` (`torch.remainder`): the sign of the divisor.
    struct FlooredRemainder<T: BinaryFloatingPoint>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T {
            let r = x.truncatingRemainder(dividingBy: y)
            return r != 0 && ((r < 0) != (y < 0)) ? r + y : r
        }
    }
    /// Python's `//` (`torch.floor_divide`), as CPython's `float_floor_div` computes it.
    struct FloorDivide<T: BinaryFloatingPoint>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ a: T, _ b: T) -> T {
            if b == 0 { return a / b }
            let mod = a.truncatingRemainder(dividingBy: b)
            var div = (a - mod) / b
            if mod != 0 && ((b < 0) != (mod < 0)) { div -= 1 }
            if div == 0 { return T(signOf: a / b, magnitudeOf: 0) }
            let floored = div.rounded(.down)
            return div - floored > 0.5 ? floored + 1 : floored
        }
    }
    /// `atan2(y: x, x: y)` (`torch.atan2(input, other)`).
    struct ArcTangent2<T: Real & BinaryFloatingPoint>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { T.atan2(y: x, x: y) }
    }
}
