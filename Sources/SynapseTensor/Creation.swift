extension Tensor {
    /// An uninitialised tensor (`torch.empty`).
    public static func empty(_ shape: [Int], dtype: DType = .float32) -> Tensor {
        Tensor(uninitializedShape: shape, dtype: dtype)
    }

    /// A tensor filled with zeros (`torch.zeros`).
    public static func zeros(_ shape: [Int], dtype: DType = .float32) -> Tensor {
        let count = elementCount(shape)
        return Tensor(storage: Storage.allocate(zeroedByteCount: count * dtype.itemSize), shape: shape,
                      strides: contiguousStrides(shape), dtype: dtype)
    }

    /// A tensor filled with ones (`torch.ones`).
    public static func ones(_ shape: [Int], dtype: DType = .float32) -> Tensor {
        full(shape, 1, dtype: dtype)
    }

    /// A tensor filled with `value` (`torch.full`).
    public static func full(_ shape: [Int], _ value: Double, dtype: DType = .float32) -> Tensor {
        empty(shape, dtype: dtype).fillWithoutGrad(value)
    }

    /// An uninitialised contiguous tensor of `shape`, reusing `template`'s strides array when it has that shape
    /// and is contiguous (saves an allocation per operation on small tensors).
    static func empty(_ shape: [Int], dtype: DType, stridesFrom template: Tensor) -> Tensor {
        guard template.shape == shape, template.isContiguous else { return empty(shape, dtype: dtype) }
        return Tensor(storage: Storage.allocate(byteCount: elementCount(shape) * dtype.itemSize),
                      shape: template.shape, strides: template.strides, dtype: dtype)
    }

    /// An uninitialised tensor with `other`'s shape and dtype (unless given).
    public static func emptyLike(_ other: Tensor, dtype: DType? = nil) -> Tensor {
        empty(other.shape, dtype: dtype ?? other.dtype)
    }

    /// Zeros with `other`'s shape and dtype (unless given).
    public static func zerosLike(_ other: Tensor, dtype: DType? = nil) -> Tensor {
        zeros(other.shape, dtype: dtype ?? other.dtype)
    }

    /// Ones with `other`'s shape and dtype (unless given).
    public static func onesLike(_ other: Tensor, dtype: DType? = nil) -> Tensor {
        ones(other.shape, dtype: dtype ?? other.dtype)
    }

    /// `value` everywhere, with `other`'s shape and dtype (unless given).
    public static func fullLike(_ other: Tensor, _ value: Double, dtype: DType? = nil) -> Tensor {
        full(other.shape, value, dtype: dtype ?? other.dtype)
    }

    /// Integers `0..<end` as `.int64` (`torch.arange(end)`).
    public static func arange(_ end: Int, dtype: DType = .int64) -> Tensor {
        arange(0, end, step: 1, dtype: dtype)
    }

    /// Integers from `start` up to (not including) `end` by `step` (`torch.arange(start, end, step)`).
    public static func arange(_ start: Int, _ end: Int, step: Int = 1, dtype: DType = .int64) -> Tensor {
        check(step != 0, "step must be nonzero")
        check((step > 0 && end >= start) || (step < 0 && end <= start),
            "upper bound and larger bound inconsistent with step sign")
        let count = (end - start + step - (step > 0 ? 1 : -1)) / step
        let values = (0..<count).map { Int64(start + $0 * step) }
        return Tensor(flat: values, shape: [count]).to(dtype)
    }

    /// Floating-point values from `start` up to (not including) `end` by `step`, as PyTorch computes them
    /// (`start + i * step` in double, count `ceil((end - start) / step)`).
    public static func arange(_ start: Double, _ end: Double, step: Double = 1, dtype: DType = .float32) -> Tensor {
        check(step != 0, "step must be nonzero")
        let count = Int(((end - start) / step).rounded(.up))
        check(count >= 0, "upper bound and larger bound inconsistent with step sign")
        let values = (0..<count).map { start + Double($0) * step }
        return Tensor(flat: values, shape: [count]).to(dtype)
    }

    /// `steps` evenly spaced values from `start` to `end` inclusive (`torch.linspace`), computed like PyTorch's
    /// CPU kernel: the first half counts up from `start`, the second half down from `end`.
    public static func linspace(_ start: Double, _ end: Double, steps: Int, dtype: DType = .float32) -> Tensor {
        check(steps >= 0, "number of steps must be non-negative")
        let result = empty([steps], dtype: dtype)
        guard steps > 0 else { return result }
        if steps == 1 { return result.fillWithoutGrad(start) }
        dtype.visit(LinspaceFill(start: start, end: end, steps: steps, tensor: result))
        return result
    }

    /// The identity matrix, `n × m` (`m` defaults to `n`) (`torch.eye`).
    public static func eye(_ n: Int, _ m: Int? = nil, dtype: DType = .float32) -> Tensor {
        let columns = m ?? n
        let result = zeros([n, columns], dtype: dtype)
        let diagonal = Tensor(storage: result.storage, shape: [Swift.min(n, columns)], strides: [columns + 1], dtype: dtype)
        diagonal.fillWithoutGrad(1)
        return result
    }

    /// Fills every element with `value`, without autograd bookkeeping (creation helpers and `noGrad` code).
    @discardableResult
    func fillWithoutGrad(_ value: Double) -> Tensor {
        // Small float tensors (a backward pass's seed, for one) skip the element-type dispatch and the parallel
        // loop's set-up, which cost more than the fill.
        if numel < Parallel.grainSize, isContiguous, dtype == .float32 || dtype == .float64 {
            if dtype == .float32 {
                basePointer(Float.self).update(repeating: Float(value), count: numel)
            } else {
                basePointer(Double.self).update(repeating: value, count: numel)
            }
        } else {
            dtype.visit(FillVisitor(tensor: self, value: value))
        }
        markModified()
        return self
    }

    /// Fills every element with an integer `value`, exactly (no round trip through `Double`).
    @discardableResult
    func fillWithoutGrad(integer value: Int64) -> Tensor {
        dtype.visit(IntegerFillVisitor(tensor: self, value: value))
        markModified()
        return self
    }
}

private struct FillVisitor: ElementVisitor {
    let tensor: Tensor, value: Double
    func visit<T: TensorElement>(_: T.Type) { fill(tensor, with: T(fromDouble: value)) }
}

private struct IntegerFillVisitor: ElementVisitor {
    let tensor: Tensor, value: Int64
    func visit<T: TensorElement>(_: T.Type) { fill(tensor, with: T(fromInt64: value)) }
}

/// Writes `element` into every position of `tensor`.
func fill<T: TensorElement>(_ tensor: Tensor, with element: T) {
    let base = SendablePointer(tensor.basePointer(T.self))
    if tensor.isContiguous {
        // One block of memory: no loop layout to work out (most fills, and all of small tensors).
        Parallel.forRanges(count: tensor.numel) { range in
            (base.pointer + range.lowerBound).update(repeating: element, count: range.count)
        }
        return
    }
    let loop = StridedLoop(shape: tensor.shape, tensor.strides)
    let step = loop.rowStride(0)
    loop.forEachRowParallel { offsets, count in
        let start = base.pointer + offsets[0]
        if step == 1 {
            start.update(repeating: element, count: count)
        } else {
            for index in 0..<count { start[index * step] = element }
        }
    }
}

private struct LinspaceFill: ElementVisitor {
    let start: Double, end: Double, steps: Int, tensor: Tensor
    func visit<T: TensorElement>(_: T.Type) {
        if T.self == Float.self || T.self == Float16.self || T.self == BFloat16.self {
            fillFloat32(T.self)
            return
        }
        let pointer = tensor.basePointer(T.self)
        let step = (end - start) / Double(steps - 1)
        let half = steps / 2
        for index in 0..<steps {
            let value = index < half ? start + step * Double(index) : end - step * Double(steps - index - 1)
            pointer[index] = T(fromDouble: value)
        }
    }

    /// PyTorch computes float32 (and half) linspace in float32.
    private func fillFloat32<T: TensorElement>(_: T.Type) {
        let pointer = tensor.basePointer(T.self)
        let first = Float(start), last = Float(end)
        let step = (last - first) / Float(steps - 1)
        let half = steps / 2
        for index in 0..<steps {
            let value = index < half ? first + step * Float(index) : last - step * Float(steps - index - 1)
            pointer[index] = T(fromDouble: Double(value))
        }
    }
}
