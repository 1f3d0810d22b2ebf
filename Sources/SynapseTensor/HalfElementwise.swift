import CSynapseKernels

/// Element-wise operations and sums on contiguous bfloat16/float16 tensors without float32 copies of whole
/// tensors: each thread widens blocks of ``blockLength`` elements into float32 buffers on its stack, computes
/// there with the float32 kernels, and rounds each result once into the half type. That is PyTorch's CPU
/// semantics for reduced floating types (every op computes in float32, its result rounds to the half type), so
/// the results are those of the general path (convert, compute in float32, convert back), with a third of the
/// memory traffic.
enum HalfElementwise {
    /// Elements per stack block: 4 KiB of float32 per operand, a small multiple of every vector width.
    static let blockLength = 1024

    /// `op(a, b)` for same-shape contiguous half tensors of one dtype, or `b` a 0-dim operand that doesn't change
    /// the result type; written into `out` when given (an in-place op's `self`, same dtype, shape and layout).
    /// `nil` when the operands don't fit this path or `op` has no float32 loop here.
    static func binary(_ op: ArithmeticOp, _ a: Tensor, _ b: Tensor, into out: Tensor?) -> Tensor? {
        let dtype = a.dtype
        guard HalfConversion.isHalf(dtype), a.isContiguous, a.numel > 0 else { return nil }
        let scalar: Float?
        if b.dtype == dtype, b.shape == a.shape, b.isContiguous {
            scalar = nil
        } else if out == nil, b.dtype == dtype, b.rank == 1, a.rank >= 2, b.shape[0] == a.shape[a.rank - 1],
                  b.strides[0] == 1 || b.shape[0] == 1 {
            return rowBroadcast(op, a, b)
        } else if b.rank == 0, TypePromotion.resultType(a, b) == dtype {
            scalar = TypePromotion.operand(b, as: .float32).item(as: Float.self)
        } else {
            return nil
        }
        switch op {
        case .add, .sub, .mul, .div, .maximum, .minimum: break
        default: return nil
        }
        if let out { guard out.dtype == dtype, out.shape == a.shape, out.strides == a.strides else { return nil } }
        let result = out ?? Tensor.empty(a.shape, dtype: dtype, stridesFrom: a)
        let x = UnsafeMutableRawPointerBox(a.baseRawPointer), y = UnsafeMutableRawPointerBox(b.baseRawPointer)
        let o = UnsafeMutableRawPointerBox(result.baseRawPointer)
        withExtendedLifetime((a, b)) {
            forBlocks(count: a.numel) { start, count, left, right in
                HalfConversion.widen(x.pointer + 2 * start, dtype, into: left, count: count)
                if let scalar {
                    switch op {
                    case .add: for i in 0..<count { left[i] = left[i] + scalar }
                    case .sub: for i in 0..<count { left[i] = left[i] - scalar }
                    case .mul: for i in 0..<count { left[i] = left[i] * scalar }
                    case .div: for i in 0..<count { left[i] = left[i] / scalar }
                    default: for i in 0..<count { left[i] = extreme(op, left[i], scalar) }
                    }
                } else {
                    HalfConversion.widen(y.pointer + 2 * start, dtype, into: right, count: count)
                    switch op {
                    case .add: for i in 0..<count { left[i] = left[i] + right[i] }
                    case .sub: for i in 0..<count { left[i] = left[i] - right[i] }
                    case .mul: for i in 0..<count { left[i] = left[i] * right[i] }
                    case .div: for i in 0..<count { left[i] = left[i] / right[i] }
                    default: for i in 0..<count { left[i] = extreme(op, left[i], right[i]) }
                    }
                }
                HalfConversion.narrow(left, into: o.pointer + 2 * start, dtype, count: count)
            }
        }
        if out != nil { result.markModified() }
        return result
    }

    /// `op(a, b)` with `b` a row (`[n]`, a bias) broadcast over the rows of contiguous `a` (`[..., n]`): `b`
    /// widened once, rows split across cores, each row in stack blocks.
    private static func rowBroadcast(_ op: ArithmeticOp, _ a: Tensor, _ b: Tensor) -> Tensor? {
        guard op == .add || op == .sub || op == .mul || op == .div else { return nil }
        let dtype = a.dtype, width = b.shape[0], rows = a.numel / Swift.max(width, 1)
        let row = b.contiguous(dtype: .float32)
        let result = Tensor.empty(a.shape, dtype: dtype, stridesFrom: a)
        let x = UnsafeMutableRawPointerBox(a.baseRawPointer), o = UnsafeMutableRawPointerBox(result.baseRawPointer)
        let r = SendablePointer(row.basePointer(Float.self))
        withExtendedLifetime((a, row)) {
            Parallel.forRanges(count: rows, grain: Swift.max(1, Parallel.grainSize / Swift.max(width, 1))) { range in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: blockLength) { buffer in
                    let values = buffer.baseAddress!
                    for index in range {
                        var column = 0
                        while column < width {
                            let count = Swift.min(blockLength, width - column), start = index * width + column
                            let y = r.pointer + column
                            HalfConversion.widen(x.pointer + 2 * start, dtype, into: values, count: count)
                            switch op {
                            case .add: for i in 0..<count { values[i] = values[i] + y[i] }
                            case .sub: for i in 0..<count { values[i] = values[i] - y[i] }
                            case .mul: for i in 0..<count { values[i] = values[i] * y[i] }
                            default: for i in 0..<count { values[i] = values[i] / y[i] }
                            }
                            HalfConversion.narrow(values, into: o.pointer + 2 * start, dtype, count: count)
                            column += count
                        }
                    }
                }
            }
        }
        return result
    }

    /// PyTorch's `maximum`/`minimum`: NaN if either operand is NaN.
    @inline(__always)
    private static func extreme(_ op: ArithmeticOp, _ a: Float, _ b: Float) -> Float {
        if a.isNaN || b.isNaN { return .nan }
        return op == .maximum ? Swift.max(a, b) : Swift.min(a, b)
    }

    /// `op(x)` of a contiguous half tensor into `output` (same dtype and layout), with `float32` computing one
    /// float32 block in place. False when the tensors don't fit this path.
    static func unary(
        _ x: Tensor, into output: Tensor, _ float32: (UnsafeMutablePointer<Float>, Int) -> Void
    ) -> Bool {
        let dtype = x.dtype
        guard HalfConversion.isHalf(dtype), output.dtype == dtype, x.isContiguous, output.strides == x.strides,
              output.shape == x.shape else { return false }
        let input = UnsafeMutableRawPointerBox(x.baseRawPointer), o = UnsafeMutableRawPointerBox(output.baseRawPointer)
        withoutActuallyEscaping(float32) { float32 in
            nonisolated(unsafe) let float32 = float32
            withExtendedLifetime(x) {
                forBlocks(count: x.numel) { start, count, values, _ in
                    HalfConversion.widen(input.pointer + 2 * start, dtype, into: values, count: count)
                    float32(values, count)
                    HalfConversion.narrow(values, into: o.pointer + 2 * start, dtype, count: count)
                }
            }
        }
        return true
    }

    /// The float32 sum of a contiguous half tensor's elements, with exactly the additions
    /// ``Reducer/sumFloat32(_:dims:keepdim:mean:)`` makes on its float32 copy (same chunks, same blocks of 1024).
    static func sum(_ x: Tensor) -> Double {
        let dtype = x.dtype, length = x.numel
        let base = UnsafeMutableRawPointerBox(x.baseRawPointer)
        let chunks = length < Parallel.grainSize * 2 ? 1 : Parallel.chunkCount(work: length)
        var partials = [Double](repeating: 0, count: chunks)
        withExtendedLifetime(x) {
            partials.withUnsafeMutableBufferPointer { partial in
                let partialBox = SendablePointer(partial.baseAddress!)
                Parallel.forRanges(count: chunks, grain: 1) { range in
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: blockLength) { buffer in
                        let values = buffer.baseAddress!
                        for chunk in range {
                            let start = length * chunk / chunks, end = length * (chunk + 1) / chunks
                            var total = 0.0, position = start
                            while position < end {
                                let count = Swift.min(blockLength, end - position)
                                HalfConversion.widen(base.pointer + 2 * position, dtype, into: values, count: count)
                                total += Reducer.sumFloats(values, count)
                                position += count
                            }
                            partialBox.pointer[chunk] = total
                        }
                    }
                }
            }
        }
        return partials.reduce(0.0) { $0 + $1 }
    }

    /// Runs `body(start, count, left, right)` over `0..<count` in blocks of at most ``blockLength``, ranges of
    /// blocks split across cores; `left` and `right` are two float32 buffers of ``blockLength`` on the thread's
    /// stack.
    @inline(__always)
    private static func forBlocks(
        count: Int,
        _ body: (Int, Int, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void
    ) {
        Parallel.forRanges(count: count) { range in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * blockLength) { buffer in
                let left = buffer.baseAddress!, right = left + blockLength
                var start = range.lowerBound
                while start < range.upperBound {
                    let length = Swift.min(blockLength, range.upperBound - start)
                    body(start, length, left, right)
                    start += length
                }
            }
        }
    }
}

extension Reducer {
    /// Sum or mean of a bfloat16/float16 tensor, accumulated in float32 as PyTorch does (float32 lanes, blocks
    /// combined in `Double`, exactly as for a float32 tensor), rounded once to the half type.
    static func sumHalf(_ input: Tensor, dims: [Int]?, keepdim: Bool, mean: Bool) -> Tensor {
        if dims == nil, input.isContiguous, input.numel > 0 {
            let total = input.dtype == .bfloat16 && input.numel >= FloatReduction.minimumCount
                ? FloatReduction.sumBFloat16(input) : HalfElementwise.sum(input)
            let values = Tensor.empty(keepdim ? [Int](repeating: 1, count: input.rank) : [], dtype: .float32)
            values.basePointer(Float.self).pointee = Float(mean ? total / Double(input.numel) : total)
            return values.to(input.dtype)
        }
        return sumFloat32(input.contiguous(dtype: .float32), dims: dims, keepdim: keepdim, mean: mean).to(input.dtype)
    }
}
