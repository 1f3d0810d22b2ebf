/// A one-operand element function known by its type (see ``ElementwiseLoops``: loops over large tensors stay
/// vectorised on every thread only for these).
protocol ElementFunction {
    associatedtype Input
    associatedtype Output
    /// The function's value at `x`.
    func callAsFunction(_ x: Input) -> Output
}

/// A three-operand element function known by its type (see ``ElementFunction``), for `where`.
protocol TernaryElementFunction {
    associatedtype First
    associatedtype Second
    associatedtype Third
    associatedtype Output
    /// The function's value at `(x, y, z)`.
    func callAsFunction(_ x: First, _ y: Second, _ z: Third) -> Output
}

/// A two-operand element function known by its type (see ``ElementFunction``).
protocol BinaryElementFunction {
    associatedtype First
    associatedtype Second
    associatedtype Output
    /// The function's value at `(x, y)`.
    func callAsFunction(_ x: First, _ y: Second) -> Output
}

/// The element functions of the cheap floating-point operations. Each keeps the exact semantics the closures it
/// replaced had (NaN, -0.0), which the element-wise tests check.
enum FloatingFunctions {
    struct Negate<T: BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { -x }
    }
    struct Absolute<T: BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { Swift.abs(x) }
    }
    /// PyTorch: `(0 < x) - (x < 0)`, so NaN has sign 0.
    struct Sign<T: BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { x > 0 ? 1 : (x < 0 ? -1 : 0) }
    }
    /// Keeps -0.0 and NaN, as PyTorch's `max(x, 0)` (maxps returns x on ties and NaN).
    struct ReLU<T: BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { x < 0 ? 0 : x }
    }
    struct Square<T: BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { x * x }
    }
    struct Cube<T: BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { x * x * x }
    }
    /// The roundings, one type each: a rule known at compile time becomes one rounding instruction (a rule stored
    /// in the function was a call per element, ~12 ns).
    struct Floor<T: BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { x.rounded(.down) }
    }
    struct Ceil<T: BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { x.rounded(.up) }
    }
    /// Half to even, as PyTorch's `round`.
    struct Round<T: BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { x.rounded(.toNearestOrEven) }
    }
    struct Trunc<T: BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { x.rounded(.towardZero) }
    }
    struct SquareRoot<T: BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { x.squareRoot() }
    }
    struct ReciprocalSquareRoot<T: BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { 1 / x.squareRoot() }
    }
    struct Reciprocal<T: BinaryFloatingPoint>: ElementFunction {
        @inline(__always) func callAsFunction(_ x: T) -> T { 1 / x }
    }
    /// `x` raised to `low` and lowered to `high` (±infinity for no bound); NaN stays NaN.
    struct Clamp<T: BinaryFloatingPoint>: ElementFunction {
        let low: T, high: T
        @inline(__always) func callAsFunction(_ x: T) -> T {
            let raised = x < low ? low : x
            return raised > high ? high : raised
        }
    }

    struct Add<T: BinaryFloatingPoint>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { x + y }
    }
    struct Subtract<T: BinaryFloatingPoint>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { x - y }
    }
    struct Multiply<T: BinaryFloatingPoint>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { x * y }
    }
    struct Divide<T: BinaryFloatingPoint>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { x / y }
    }
    /// NaN if either is NaN (PyTorch's `maximum`).
    struct Maximum<T: BinaryFloatingPoint>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { x.isNaN || y.isNaN ? T.nan : Swift.max(x, y) }
    }
    /// NaN if either is NaN (PyTorch's `minimum`).
    struct Minimum<T: BinaryFloatingPoint>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { x.isNaN || y.isNaN ? T.nan : Swift.min(x, y) }
    }
}
