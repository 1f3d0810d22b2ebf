import CSynapseKernels

/// ReLU and its backward over contiguous float32 and float64 buffers, through the C kernels of `relu.c` and split
/// across cores: one vectorised pass each, at an instruction-set level the tests can lower. (They were written when
/// the generic element-wise loops still called a closure per element on two threads, which made ReLU's two passes a
/// sixth of the non-product time of the two-thread ResNet block; other layouts take those loops.)
enum ReLUKernels {
    /// `output = relu(input)` over `count` contiguous elements of float32 or float64 tensors of one dtype; `false`
    /// (nothing written) for other dtypes. `level` is a `SYNAPSE_VM_ISA_*` level, -1 for the one in use.
    static func forward(_ input: Tensor, into output: Tensor, count: Int, level: Int32 = -1) -> Bool {
        guard input.dtype == output.dtype else { return false }
        switch input.dtype {
        case .float32:
            let (x, o) = (SendablePointer(input.basePointer(Float.self)), SendablePointer(output.basePointer(Float.self)))
            split(count) { synapse_relu_f32(x.pointer + $0.lowerBound, o.pointer + $0.lowerBound, $0.count, level) }
        case .float64:
            let (x, o) = (SendablePointer(input.basePointer(Double.self)), SendablePointer(output.basePointer(Double.self)))
            split(count) { synapse_relu_f64(x.pointer + $0.lowerBound, o.pointer + $0.lowerBound, $0.count, level) }
        default: return false
        }
        return true
    }

    /// ReLU's input gradient `y <= 0 ? 0 : g` (PyTorch's `threshold_backward`) from its output `y` and the output
    /// gradient `g`, for a contiguous float32 or float64 `y` and a `g` of its shape and dtype that is contiguous or
    /// one value expanded (the gradient of `sum()`); `nil` otherwise, and while grad mode is on (the kernel records
    /// nothing).
    static func backward(_ g: Tensor, result y: Tensor, level: Int32 = -1) -> Tensor? {
        guard !GradMode.isEnabled, g.dtype == y.dtype, g.shape == y.shape, y.isContiguous,
              y.dtype == .float32 || y.dtype == .float64 else { return nil }
        let expanded = g.strides.allSatisfy { $0 == 0 }
        guard expanded || g.isContiguous else { return nil }
        let stride = expanded ? 0 : 1
        let out = Tensor.empty(y.shape, dtype: y.dtype, stridesFrom: y)
        withExtendedLifetime((g, y)) {
            if y.dtype == .float32 {
                backward(g, y, out, Float.self, stride: stride) { synapse_relu_backward_f32($0, $1, $2, $3, $4, level) }
            } else {
                backward(g, y, out, Double.self, stride: stride) { synapse_relu_backward_f64($0, $1, $2, $3, $4, level) }
            }
        }
        return out
    }

    /// `kernel(g, gStride, y, out, count)` over `out`'s elements split across cores.
    private static func backward<T>(
        _ g: Tensor, _ y: Tensor, _ out: Tensor, _: T.Type, stride: Int,
        _ kernel: (UnsafePointer<T>, Int, UnsafePointer<T>, UnsafeMutablePointer<T>, Int) -> Int32
    ) {
        let (g, y, o) = (SendablePointer(g.basePointer(T.self)), SendablePointer(y.basePointer(T.self)),
                         SendablePointer(out.basePointer(T.self)))
        split(out.numel) { range in
            let start = range.lowerBound
            return kernel(g.pointer + stride * start, stride, y.pointer + start, o.pointer + start, range.count)
        }
    }

    /// Runs `kernel` over `0..<count` split across cores (element-wise: the split does not change any result).
    private static func split(_ count: Int, _ kernel: (Range<Int>) -> Int32) {
        Parallel.forRanges(count: count) { range in
            // Callers pass a level this machine runs (-1, or one the tests checked against `synapse_vmath_isa()`).
            let status = kernel(range)
            check(status == 0, "relu: instruction-set level not available on this machine")
        }
    }
}
