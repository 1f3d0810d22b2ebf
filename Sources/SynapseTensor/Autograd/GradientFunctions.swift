/// The element functions of the fused backward formulas (``Fused/map(_:_:float:double:)``), each written exactly
/// as PyTorch's kernel orders it; `T` is `Float` or `Double`.
enum GradientFunctions {
    /// `(a - b)²`: the mean squared error's terms.
    struct SquaredDifference<T: BinaryFloatingPoint>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ a: T, _ b: T) -> T { (a - b) * (a - b) }
    }
    /// `alpha * (a - b) * g` with a scalar output gradient `g` (PyTorch's `mse_loss_backward`).
    struct ScaledDifference<T: BinaryFloatingPoint>: BinaryElementFunction {
        let alpha: T, g: T
        @inline(__always) func callAsFunction(_ a: T, _ b: T) -> T { alpha * (a - b) * g }
    }
    /// `y <= 0 ? 0 : g` (PyTorch's `threshold_backward`: a NaN result passes the gradient through).
    struct ThresholdBackward<T: BinaryFloatingPoint>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ g: T, _ y: T) -> T { y <= 0 ? 0 : g }
    }
    /// `g * (2 * x)` (PyTorch's `pow_backward` for the square).
    struct SquareBackward<T: BinaryFloatingPoint>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ g: T, _ x: T) -> T { g * (2 * x) }
    }
    /// `g * (1 - y²)` (PyTorch's `tanh_backward`).
    struct TanhBackward<T: BinaryFloatingPoint>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ g: T, _ y: T) -> T { g * (1 - y * y) }
    }
    /// `g * (1 - y) * y` (PyTorch's `sigmoid_backward`).
    struct SigmoidBackward<T: BinaryFloatingPoint>: BinaryElementFunction {
        @inline(__always) func callAsFunction(_ g: T, _ y: T) -> T { g * (1 - y) * y }
    }
    /// `g * (exponent * p)` with `p = x^(exponent - 1)` (PyTorch's `pow_backward`).
    struct PowerBackward<T: BinaryFloatingPoint>: BinaryElementFunction {
        let exponent: T
        @inline(__always) func callAsFunction(_ g: T, _ p: T) -> T { g * (exponent * p) }
    }
}
