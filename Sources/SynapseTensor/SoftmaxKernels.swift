import RealModule

/// Softmax and log-softmax along one dimension, computed as PyTorch's CPU kernels compute them
/// (`aten/src/ATen/native/cpu/SoftMaxKernel.cpp`).
///
/// The input is seen as `[outer, size, inner]` (contiguous, `size` the length of the softmax dimension). For each
/// line along the dimension: its maximum, `exp(x - max)`, their sum, then `softmax = exp(x - max) · (1 / sum)` along
/// the last dimension (`_vec_softmax_lastdim`) or `exp(x - max) / sum` along another (`_vec_softmax`), and
/// `logSoftmax = x - max - log(sum)` in that order. A line of `-inf` gives NaN, as in PyTorch.
/// Half-precision inputs are computed in float32 and rounded once, as PyTorch's kernels do.
enum SoftmaxKernels {
    /// `softmax(x)` (`log == false`) or `logSoftmax(x)` along `dim` (normalised), without autograd.
    static func forward(_ x: Tensor, dim: Int, log: Bool) -> Tensor {
        let last = x.rank == 0 || dim == x.rank - 1
        check(x.dtype.isFloatingPoint, """
            "\(log ? "log_softmax" : "softmax")\(last ? "_lastdim" : "")_kernel_impl" not implemented for \
            '\(x.dtype.scalarTypeName)'
            """)
        if x.dtype == .float16 || x.dtype == .bfloat16 {
            return forward(x.contiguous(dtype: .float32), dim: dim, log: log).contiguous(dtype: x.dtype)
        }
        let input = x.isContiguous ? x : x.contiguous(dtype: x.dtype)
        let output = Tensor.empty(x.shape, dtype: x.dtype)
        guard x.numel > 0 else { return output }
        let layout = Layout(x.shape, dim: dim)
        withExtendedLifetime(input) {
            if x.dtype == .float32 {
                run(layout, input.basePointer(Float.self), output.basePointer(Float.self), log: log, last: last) {
                    VectorMath.exp(UnsafePointer($0), $0, count: $1)
                }
            } else {
                run(layout, input.basePointer(Double.self), output.basePointer(Double.self), log: log, last: last) {
                    VectorMath.exp(UnsafePointer($0), $0, count: $1)
                }
            }
        }
        return output
    }

    /// The gradient of `softmax` (`y · (g - Σ g·y)`) or `logSoftmax` (`g - exp(y) · Σ g`) along `dim`, from the
    /// operation's output `y` and output gradient `g` (PyTorch's `_softmax_backward_data` and
    /// `_log_softmax_backward_data`), in one pass of raw loops; `nil` unless both are float32 or float64 of the
    /// same dtype and shape.
    static func backward(_ g: Tensor, output y: Tensor, dim: Int, log: Bool) -> Tensor? {
        guard g.dtype == y.dtype, g.shape == y.shape, y.dtype == .float32 || y.dtype == .float64 else { return nil }
        let gradient = g.isContiguous ? g : g.contiguous(dtype: g.dtype)
        let output = y.isContiguous ? y : y.contiguous(dtype: y.dtype)
        let result = Tensor.empty(y.shape, dtype: y.dtype)
        guard y.numel > 0 else { return result }
        let layout = Layout(y.shape, dim: dim)
        withExtendedLifetime((gradient, output)) {
            if y.dtype == .float32 {
                runBackward(layout, gradient.basePointer(Float.self), output.basePointer(Float.self),
                            result.basePointer(Float.self), log: log) { VectorMath.exp($0, $1, count: $2) }
            } else {
                runBackward(layout, gradient.basePointer(Double.self), output.basePointer(Double.self),
                            result.basePointer(Double.self), log: log) { VectorMath.exp($0, $1, count: $2) }
            }
        }
        return result
    }

    /// A tensor's shape seen as `[outer, size, inner]` around the softmax dimension.
    struct Layout {
        /// Product of the dimensions before the softmax dimension.
        let outer: Int
        /// Length of the softmax dimension.
        let size: Int
        /// Product of the dimensions after it.
        let inner: Int

        init(_ shape: [Int], dim: Int) {
            outer = shape.prefix(dim).reduce(1, *)
            size = shape.isEmpty ? 1 : shape[dim]
            inner = shape.isEmpty ? 1 : shape.suffix(from: dim + 1).reduce(1, *)
        }

        /// Number of lines along the dimension (`outer · inner`).
        var lines: Int { outer * inner }
    }

    /// The forward pass over `layout`; `exp` exponentiates a contiguous buffer in place.
    private static func run<T: Real & BinaryFloatingPoint>(
        _ layout: Layout, _ x: UnsafeMutablePointer<T>, _ y: UnsafeMutablePointer<T>, log: Bool, last: Bool,
        exp: (UnsafeMutablePointer<T>, Int) -> Void
    ) {
        let (size, inner) = (layout.size, layout.inner)
        let block = size * inner
        let grain = Swift.max(1, Parallel.grainSize / Swift.max(block, 1))
        if inner == 1 && size > 0 {
            if T.self == Float.self {
                NormalizationRows.softmax(UnsafeRawPointer(x).assumingMemoryBound(to: Float.self),
                                          UnsafeMutableRawPointer(y).assumingMemoryBound(to: Float.self),
                                          rows: layout.outer, width: size, log: log)
            } else {
                runContiguousLines(layout, x, y, log: log, grain: grain, exp: exp)
            }
            return
        }
        let maxima = UnsafeMutablePointer<T>.allocate(capacity: layout.lines)
        let sums = UnsafeMutablePointer<T>.allocate(capacity: layout.lines)
        defer { maxima.deallocate(); sums.deallocate() }
        // Maxima (NaN propagates, as `vec::maximum`), and `x - max` into the output.
        Parallel.forRanges(count: layout.outer, grain: grain) { range in
            for o in range {
                let xs = x + o * block, ys = y + o * block, m = maxima + o * inner
                for j in 0..<inner { m[j] = xs[j] }
                for k in 1..<size {
                    let row = xs + k * inner
                    for j in 0..<inner where row[j] > m[j] || row[j].isNaN { m[j] = row[j] }
                }
                for k in 0..<size {
                    let row = xs + k * inner, out = ys + k * inner
                    for j in 0..<inner { out[j] = row[j] - m[j] }
                }
            }
        }
        exp(y, layout.outer * block)
        Parallel.forRanges(count: layout.outer, grain: grain) { range in
            for o in range {
                let xs = x + o * block, ys = y + o * block, m = maxima + o * inner, s = sums + o * inner
                for j in 0..<inner { s[j] = 0 }
                for k in 0..<size {
                    let out = ys + k * inner
                    for j in 0..<inner { s[j] += out[j] }
                }
                if log {
                    for j in 0..<inner { s[j] = T.log(s[j]) }
                    for k in 0..<size {
                        let row = xs + k * inner, out = ys + k * inner
                        for j in 0..<inner { out[j] = row[j] - m[j] - s[j] }
                    }
                } else if last {
                    let scale = 1 / s[0]
                    for k in 0..<size { ys[k] *= scale }
                } else {
                    for k in 0..<size {
                        let out = ys + k * inner
                        for j in 0..<inner { out[j] /= s[j] }
                    }
                }
            }
        }
    }

    /// The forward pass along a contiguous last dimension, one line at a time (maximum, `x - max`, `exp`, sum and
    /// scaling while the line is in cache), in loops the compiler vectorises. A NaN anywhere in a line makes its
    /// sum NaN, so the line comes out NaN as when the maximum propagates it.
    private static func runContiguousLines<T: Real & BinaryFloatingPoint>(
        _ layout: Layout, _ x: UnsafeMutablePointer<T>, _ y: UnsafeMutablePointer<T>, log: Bool, grain: Int,
        exp: (UnsafeMutablePointer<T>, Int) -> Void
    ) {
        let size = layout.size
        Parallel.forRanges(count: layout.outer, grain: grain) { range in
            for o in range {
                let xs = x + o * size, ys = y + o * size
                var maximum = xs[0]
                for k in 1..<size { maximum = xs[k] > maximum ? xs[k] : maximum }
                if xs[0].isNaN { maximum = xs[0] }
                for k in 0..<size { ys[k] = xs[k] - maximum }
                exp(ys, size)
                var sum: T = 0
                for k in 0..<size { sum += ys[k] }
                if log {
                    let logSum = T.log(sum)
                    for k in 0..<size { ys[k] = xs[k] - maximum - logSum }
                } else {
                    let scale = 1 / sum
                    for k in 0..<size { ys[k] *= scale }
                }
            }
        }
    }

    /// The backward pass over `layout`; `exp` exponentiates a contiguous buffer into another.
    private static func runBackward<T: Real & BinaryFloatingPoint>(
        _ layout: Layout, _ g: UnsafeMutablePointer<T>, _ y: UnsafeMutablePointer<T>, _ result: UnsafeMutablePointer<T>,
        log: Bool, exp: (UnsafePointer<T>, UnsafeMutablePointer<T>, Int) -> Void
    ) {
        let (size, inner) = (layout.size, layout.inner)
        let block = size * inner
        let sums = UnsafeMutablePointer<T>.allocate(capacity: layout.lines)
        defer { sums.deallocate() }
        // `exp(y)` first, into the result, for the log-softmax formula.
        if log { exp(y, result, layout.outer * block) }
        Parallel.forRanges(count: layout.outer, grain: Swift.max(1, Parallel.grainSize / block)) { range in
            for o in range {
                let gs = g + o * block, ys = y + o * block, rs = result + o * block, s = sums + o * inner
                for j in 0..<inner { s[j] = 0 }
                for k in 0..<size {
                    let gr = gs + k * inner, yr = ys + k * inner
                    if log {
                        for j in 0..<inner { s[j] += gr[j] }
                    } else {
                        for j in 0..<inner { s[j] += gr[j] * yr[j] }
                    }
                }
                for k in 0..<size {
                    let gr = gs + k * inner, yr = ys + k * inner, rr = rs + k * inner
                    if log {
                        for j in 0..<inner { rr[j] = gr[j] - rr[j] * s[j] }
                    } else {
                        for j in 0..<inner { rr[j] = (gr[j] - s[j]) * yr[j] }
                    }
                }
            }
        }
    }
}
