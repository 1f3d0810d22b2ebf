import RealModule

/// The machinery behind the reductions: floating-point inputs reduce in `Double` (or, for float32 sums, in
/// float32 blocks combined in `Double`), integers in `Int64`; results are cast to the result dtype.
enum Reducer {
    /// Reduces each block with `floating` (float inputs, as doubles) or `integer` (integer and bool inputs).
    static func reduce(
        _ input: Tensor, dims: [Int]?, keepdim: Bool, result: DType,
        floating: (UnsafePointer<Double>, Int) -> Double, integer: (UnsafePointer<Int64>, Int) -> Int64
    ) -> Tensor {
        let isFloat = input.dtype.isFloatingPoint || result.isFloatingPoint
        let layout = ReductionLayout(input, dims: dims, keepdim: keepdim, computeType: isFloat ? .float64 : .int64)
        if isFloat {
            let values = Tensor.empty(layout.outputShape, dtype: .float64)
            let out = SendablePointer(values.basePointer(Double.self))
            layout.forEachBlock(Double.self) { block, index in out.pointer[index] = floating(block, layout.blockLength) }
            return values.to(result)
        }
        let values = Tensor.empty(layout.outputShape, dtype: .int64)
        let out = SendablePointer(values.basePointer(Int64.self))
        layout.forEachBlock(Int64.self) { block, index in out.pointer[index] = integer(block, layout.blockLength) }
        return values.to(result)
    }

    /// Float32 sum or mean without widening the input: 8 float32 lanes per block of 1024, blocks added in `Double`.
    /// Tensors of ``FloatReduction/minimumCount`` elements or more go to the vectorised kernels of
    /// ``FloatReduction`` when the reduced dimensions are adjacent; small ones stay here, where a call costs less.
    static func sumFloat32(_ input: Tensor, dims: [Int]?, keepdim: Bool, mean: Bool) -> Tensor {
        if dims == nil, input.isContiguous, input.numel < Parallel.grainSize * 2 {
            // A whole small tensor (a loss): one block, no layout to build.
            let length = input.numel
            let total = withExtendedLifetime(input) { sumFloats(input.basePointer(Float.self), length) }
            let values = Tensor.empty(keepdim ? [Int](repeating: 1, count: input.rank) : [], dtype: .float32)
            values.basePointer(Float.self).pointee = Float(mean ? total / Double(length) : total)
            return values
        }
        if input.numel >= FloatReduction.minimumCount,
           let fast = FloatReduction.reduce(input, dims: dims, keepdim: keepdim, mean ? .mean : .sum) {
            return fast
        }
        let reduced = ReductionLayout.normalize(dims, rank: input.rank)
        if let last = input.shape.indices.last, !reduced.isEmpty, !reduced.contains(last) {
            return sumByAccumulation(input, reduced: reduced, keepdim: keepdim, mean: mean, Float.self)
        }
        let layout = ReductionLayout(input, dims: dims, keepdim: keepdim, computeType: .float32)
        let values = Tensor.empty(layout.outputShape, dtype: .float32)
        let out = SendablePointer(values.basePointer(Float.self))
        let length = layout.blockLength
        layout.forEachBlock(Float.self) { block, index in
            let total = sumFloats(block, length)
            out.pointer[index] = Float(mean ? total / Double(length) : total)
        }
        return values
    }

    /// Float64 sums over leading or middle dimensions use ``sumByAccumulation``; `nil` when the innermost
    /// dimension is reduced (the block path is used then).
    static func sumFloat64(_ input: Tensor, dims: [Int]?, keepdim: Bool, mean: Bool) -> Tensor? {
        let reduced = ReductionLayout.normalize(dims, rank: input.rank)
        guard let last = input.shape.indices.last, !reduced.isEmpty, !reduced.contains(last) else { return nil }
        return sumByAccumulation(input, reduced: reduced, keepdim: keepdim, mean: mean, Double.self)
    }

    /// Sums over leading or middle dimensions by adding whole rows into a `Double` accumulator (the innermost,
    /// kept dimension stays contiguous, so the adds vectorise), instead of transposing the input into blocks.
    /// This is the shape of a bias gradient: `grad.sum(0)`.
    static func sumByAccumulation<T: BinaryFloatingPoint & TensorElement>(
        _ input: Tensor, reduced: [Int], keepdim: Bool, mean: Bool, _: T.Type
    ) -> Tensor {
        if let leading = sumOfLeadingRows(input, reduced: reduced, keepdim: keepdim, mean: mean, T.self) { return leading }
        let keptShape = input.shape.indices.map { reduced.contains($0) ? 1 : input.shape[$0] }
        let count = Tensor.elementCount(keptShape)
        var totals = [Double](repeating: 0, count: count)
        let base = input.basePointer(T.self)
        var accumulatorStrides = Tensor.contiguousStrides(keptShape)
        for dim in reduced { accumulatorStrides[dim] = 0 }
        let loop = StridedLoop(shape: input.shape, accumulatorStrides, input.strides)
        let sa = loop.rowStride(0), sx = loop.rowStride(1)
        totals.withUnsafeMutableBufferPointer { buffer in
            let accumulator = buffer.baseAddress!
            withExtendedLifetime(input) {
                loop.forEachRow { offsets, length in
                    let pa = accumulator + offsets[0], px = base + offsets[1]
                    if sa == 1 && sx == 1 {
                        for index in 0..<length { pa[index] += Double(px[index]) }
                    } else {
                        for index in 0..<length { pa[index * sa] += Double(px[index * sx]) }
                    }
                }
            }
        }
        let reducedCount = Double(reduced.reduce(1) { $0 * input.shape[$1] })
        let result = Tensor.empty(ReductionLayout.outputShape(input.shape, reduced: reduced, keepdim: keepdim),
                                  dtype: T.dtype)
        let out = result.basePointer(T.self)
        for index in 0..<count { out[index] = T(mean ? totals[index] / reducedCount : totals[index]) }
        return result
    }

    /// ``sumByAccumulation(_:reduced:keepdim:mean:_:)`` over the leading dimensions of a contiguous tensor (a bias
    /// gradient, `[N, M]` to `[M]`). `nil` for other reductions.
    private static func sumOfLeadingRows<T: BinaryFloatingPoint & TensorElement>(
        _ input: Tensor, reduced: [Int], keepdim: Bool, mean: Bool, _: T.Type
    ) -> Tensor? {
        guard reduced.last == reduced.count - 1, input.isContiguous else { return nil }
        let kept = Array(input.shape.dropFirst(reduced.count))
        guard Tensor.elementCount(kept) > 0 else { return nil }
        return sumOfRows(input, shape: keepdim ? [Int](repeating: 1, count: reduced.count) + kept : kept,
                         mean: mean, T.self)
    }

    /// The rows of a contiguous `input` (each as many elements as `shape` holds) added in order into the same
    /// `Double` accumulators, as a new tensor of `shape`: whole rows at a time, without building a loop.
    static func sumOfRows<T: BinaryFloatingPoint & TensorElement>(
        _ input: Tensor, shape: [Int], mean: Bool, _: T.Type
    ) -> Tensor {
        let count = Tensor.elementCount(shape), rows = input.numel / Swift.max(count, 1)
        let result = Tensor.empty(shape, dtype: T.dtype)
        let base = input.basePointer(T.self), out = result.basePointer(T.self)
        withExtendedLifetime(input) {
            withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { totals in
                for index in 0..<count { totals[index] = 0 }
                for row in 0..<rows {
                    let values = base + row * count
                    for index in 0..<count { totals[index] += Double(values[index]) }
                }
                for index in 0..<count { out[index] = T(mean ? totals[index] / Double(rows) : totals[index]) }
            }
        }
        return result
    }

    /// Sum of `n` floats: eight independent float32 accumulators over blocks of 1024 (vectorisable), blocks in `Double`.
    static func sumFloats(_ values: UnsafePointer<Float>, _ n: Int) -> Double {
        var total = 0.0
        var start = 0
        while start < n {
            let end = Swift.min(start + 1024, n)
            var lanes = SIMD8<Float>()
            var index = start
            while index + 8 <= end {
                lanes += UnsafeRawPointer(values + index).loadUnaligned(as: SIMD8<Float>.self)
                index += 8
            }
            var block = Double(lanes.sum())
            while index < end {
                block += Double(values[index])
                index += 1
            }
            total += block
            start = end
        }
        return total
    }

    /// Sum of `n` doubles with four accumulators.
    static func sum(_ values: UnsafePointer<Double>, _ n: Int) -> Double {
        var lanes = SIMD4<Double>()
        var index = 0
        while index + 4 <= n {
            lanes += UnsafeRawPointer(values + index).loadUnaligned(as: SIMD4<Double>.self)
            index += 4
        }
        var total = lanes.sum()
        while index < n {
            total += values[index]
            index += 1
        }
        return total
    }

    /// The p-norm of a block.
    static func norm(_ values: UnsafePointer<Double>, _ n: Int, p: Double) -> Double {
        if p == .infinity {
            var largest = 0.0
            for index in 0..<n { largest = Swift.max(largest, Swift.abs(values[index])) }
            return largest
        }
        if p == -.infinity {
            var smallest = Double.infinity
            for index in 0..<n { smallest = Swift.min(smallest, Swift.abs(values[index])) }
            return smallest
        }
        if p == 0 {
            var count = 0.0
            for index in 0..<n where values[index] != 0 { count += 1 }
            return count
        }
        var total = 0.0
        if p == 2 {
            for index in 0..<n { total += values[index] * values[index] }
            return total.squareRoot()
        }
        if p == 1 {
            for index in 0..<n { total += Swift.abs(values[index]) }
            return total
        }
        for index in 0..<n { total += Double.pow(Swift.abs(values[index]), p) }
        return Double.pow(total, 1 / p)
    }

    /// Values and first indices of the largest (or smallest) element of each block; NaN wins, as in PyTorch.
    static func extreme(_ input: Tensor, dims: [Int]?, keepdim: Bool, largest: Bool) -> (values: Tensor, indices: Tensor) {
        if let dims, let dim = dims.first, input.rank > 0 {
            let size = input.shape[input.normalizeDim(dim)]
            check(size > 0,
                "\(largest ? "max" : "min")(): Expected reduction dim \(dim) to have non-zero size.")
        }
        let isFloat = input.dtype.isFloatingPoint
        let layout = ReductionLayout(input, dims: dims, keepdim: keepdim, computeType: isFloat ? .float64 : .int64)
        let indices = Tensor.empty(layout.outputShape, dtype: .int64)
        let indexOut = SendablePointer(indices.basePointer(Int64.self))
        let length = layout.blockLength
        if isFloat {
            let values = Tensor.empty(layout.outputShape, dtype: .float64)
            let out = SendablePointer(values.basePointer(Double.self))
            layout.forEachBlock(Double.self) { block, index in
                var best = block[0], position = 0
                for candidate in 1..<Swift.max(length, 1) where !best.isNaN {
                    let value = block[candidate]
                    if value.isNaN || (largest ? value > best : value < best) {
                        best = value
                        position = candidate
                    }
                }
                out.pointer[index] = best
                indexOut.pointer[index] = Int64(position)
            }
            return (values.to(input.dtype), indices)
        }
        let values = Tensor.empty(layout.outputShape, dtype: .int64)
        let out = SendablePointer(values.basePointer(Int64.self))
        layout.forEachBlock(Int64.self) { block, index in
            var best = block[0], position = 0
            for candidate in 1..<Swift.max(length, 1) where largest ? block[candidate] > best : block[candidate] < best {
                best = block[candidate]
                position = candidate
            }
            out.pointer[index] = best
            indexOut.pointer[index] = Int64(position)
        }
        return (values.to(input.dtype), indices)
    }

    /// `any`/`all` of the non-zero tests of each block.
    static func boolean(_ input: Tensor, dims: [Int]?, keepdim: Bool, any: Bool) -> Tensor {
        let mask = input.dtype == .bool ? input : input .!= Tensor.zeros([], dtype: input.dtype)
        let layout = ReductionLayout(mask, dims: dims, keepdim: keepdim, computeType: .bool)
        let values = Tensor.empty(layout.outputShape, dtype: .bool)
        let out = SendablePointer(values.basePointer(Bool.self))
        let length = layout.blockLength
        layout.forEachBlock(Bool.self) { block, index in
            var answer = !any
            for position in 0..<length where block[position] == any {
                answer = any
                break
            }
            out.pointer[index] = answer
        }
        return values
    }
}
