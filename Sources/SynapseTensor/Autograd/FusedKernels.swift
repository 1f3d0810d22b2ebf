/// One-pass element-wise kernels for backward formulas (and a few fused operations such as the MSE loss) over
/// the common case: contiguous floating-point operands of one shape and dtype.
///
/// A formula written with ordinary operations (`g * (y .> 0).to(g.dtype)`) allocates a tensor per step and pays
/// the general broadcasting machinery each time, which dominates small models. These kernels return `nil` when
/// their case doesn't apply, and the caller falls back to the composed formula. They don't record anything, so
/// they also return `nil` while grad mode is on (a `createGraph` backward must build a differentiable graph).
enum Fused {
    /// `f(a[i], b[i])` into a new tensor shaped like `b`, or `nil` outside the fused case. `a` may be one value
    /// expanded to `b`'s shape (every stride 0): the output gradient of `sum()`, which reaches the last ReLU of a
    /// network that way. `float` and `double` are the function for each dtype, as types (see
    /// ``ElementFunction``: a closure would be called per element once the loop is split across threads).
    @inline(__always)
    static func map<F: BinaryElementFunction, D: BinaryElementFunction>(
        _ a: Tensor, _ b: Tensor, float: F, double: D
    ) -> Tensor?
    where F.First == Float, F.Second == Float, F.Output == Float,
          D.First == Double, D.Second == Double, D.Output == Double {
        guard !GradMode.isEnabled, a.dtype == b.dtype, a.shape == b.shape, b.isContiguous,
              a.isContiguous || a.strides.allSatisfy({ $0 == 0 })
        else { return nil }
        switch a.dtype {
        case .float32: return run(a, b, float)
        case .float64: return run(a, b, double)
        default: return nil
        }
    }

    private static func run<F: BinaryElementFunction>(_ a: Tensor, _ b: Tensor, _ f: F) -> Tensor
    where F.First: TensorElement, F.Second == F.First, F.Output == F.First {
        let out = Tensor.empty(b.shape, dtype: b.dtype, stridesFrom: b)
        let o = SendablePointer(out.basePointer(F.Output.self))
        let x = SendablePointer(a.basePointer(F.First.self)), y = SendablePointer(b.basePointer(F.Second.self))
        let expanded = !a.isContiguous
        nonisolated(unsafe) let f = f  // plain values (the function's constants), read by every thread
        withExtendedLifetime((a, b)) {
            Parallel.forRanges(count: b.numel) { range in
                if expanded {
                    let value = x.pointer.pointee
                    for index in range { o.pointer[index] = f(value, y.pointer[index]) }
                } else {
                    for index in range { o.pointer[index] = f(x.pointer[index], y.pointer[index]) }
                }
            }
        }
        return out
    }

    /// The single value of a one-element floating-point tensor, as a double.
    static func scalarValue(_ tensor: Tensor) -> Double? {
        guard tensor.numel == 1 else { return nil }
        switch tensor.dtype {
        case .float32: return Double(tensor.basePointer(Float.self).pointee)
        case .float64: return tensor.basePointer(Double.self).pointee
        default: return nil
        }
    }

    /// A new tensor of `shape` filled with `g / divisor` computed in `g`'s dtype (the backward of a whole-tensor
    /// mean: PyTorch's `grad.expand(sizes) / numel`), for a one-element floating-point `g`; `nil` otherwise.
    static func filledQuotient(shape: [Int], _ g: Tensor, dividedBy divisor: Double) -> Tensor? {
        guard !GradMode.isEnabled, g.numel == 1 else { return nil }
        // The quotient is rounded to float32 first, so the fill's conversion back from Double is exact.
        switch g.dtype {
        case .float32:
            return Tensor.full(shape, Double(g.basePointer(Float.self).pointee / Float(divisor)), dtype: .float32)
        case .float64: return Tensor.full(shape, g.basePointer(Double.self).pointee / divisor, dtype: .float64)
        default: return nil
        }
    }
}
