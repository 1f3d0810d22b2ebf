import CSynapseKernels

/// Scaled dot-product attention without a backward graph, for inference: for each leading index (batch, head),
/// one product `scale · q·kᵀ` into a scratch row block, the mask added, a softmax per row (rows masked throughout
/// give zeros, as PyTorch's `_safe_softmax`), and one product with `v` written into the output. Operands are read
/// through their strides (a head of a `[L, N·H, E]` projection is a matrix with a long row stride), so the
/// transposes and reshapes of multi-head attention cost no copies, and heads run in parallel.
///
/// The two products per head go to the default backend; the built-in kernel reads a head's rows in place rather
/// than packing them, and multiplies BERT-sized heads (128 × 32 · 32 × 128) as fast as OpenBLAS.
///
/// The scale is applied once, in the first product, where PyTorch's math path multiplies `q` and `kᵀ` by `√scale`
/// each: results agree to rounding (as PyTorch's own fused CPU kernel does).
package enum AttentionKernel {
    /// `softmax(scale · q·kᵀ + mask) · v` for `query` `[..., L, E]`, `key` `[..., S, E]`, `value` `[..., S, Ev]` with
    /// the same leading dimensions and `mask` (additive, of the same dtype) broadcastable to `[..., L, S]`; `nil`
    /// when the operands don't fit that (the caller then composes the operation). With `into`, the result is written
    /// there instead of a new contiguous tensor: `[..., L, Ev]` of the query's dtype with unit column stride, read
    /// through its strides (the heads of a `[N, L, H, Ev]` tensor viewed as `[N, H, L, Ev]`, so merging the heads
    /// back costs no copy).
    package static func run(query: Tensor, key: Tensor, value: Tensor, mask: Tensor?, scale: Double,
                            into destination: Tensor? = nil) -> Tensor? {
        if destination == nil, HalfConversion.isHalf(query.dtype), key.dtype == query.dtype, value.dtype == query.dtype,
           mask.map({ $0.dtype == query.dtype }) ?? true {
            // Half precision computes in float32 inside, as PyTorch's CPU kernel does; the output rounds once.
            let wide = { (t: Tensor) in t.contiguous(dtype: .float32) }
            return run(query: wide(query), key: wide(key), value: wide(value), mask: mask.map(wide), scale: scale)?
                .contiguous(dtype: query.dtype)
        }
        guard query.dtype == .float32 || query.dtype == .float64,
              let problem = Problem(query: query, key: key, value: value, mask: mask, scale: scale,
                                    into: destination) else { return nil }
        if query.dtype == .float32 { problem.run(Float.self) } else { problem.run(Double.self) }
        return problem.output
    }

    /// Whether `shape` broadcasts to `target` without `target` growing.
    static func expands(_ shape: [Int], to target: [Int]) -> Bool {
        shape.count <= target.count && zip(shape.reversed(), target.reversed()).allSatisfy { $0 == $1 || $0 == 1 }
    }

    /// `tensor`, or a contiguous copy when its last dimension is not unit-strided (GEMM reads rows).
    static func unitInnerStride(_ tensor: Tensor) -> Tensor {
        tensor.strides[tensor.rank - 1] == 1 || tensor.shape[tensor.rank - 1] == 1 ? tensor : tensor.contiguous()
    }

    /// One attention call: operands, their per-batch offsets and row strides.
    struct Problem {
        let q, k, v, output: Tensor
        let mask: Tensor?
        let scale: Double
        let batch, rows, columns, depth, valueDepth: Int

        /// The call's operands checked (one dtype, matching shapes, a mask that broadcasts, a destination of the
        /// output's shape with unit column stride), rows made unit-strided, the output allocated unless given;
        /// `nil` when they don't fit.
        init?(query: Tensor, key: Tensor, value: Tensor, mask: Tensor?, scale: Double, into destination: Tensor?) {
            let rank = query.rank
            guard rank >= 3, key.rank == rank, value.rank == rank,
                  query.dtype == key.dtype, query.dtype == value.dtype,
                  query.shape.dropLast(2) == key.shape.dropLast(2), query.shape.dropLast(2) == value.shape.dropLast(2),
                  query.shape[rank - 1] == key.shape[rank - 1], key.shape[rank - 2] == value.shape[rank - 2],
                  mask.map({ $0.dtype == query.dtype }) ?? true else { return nil }
            let leading = Array(query.shape.dropLast(2))
            (rows, columns) = (query.shape[rank - 2], key.shape[rank - 2])
            (depth, valueDepth) = (query.shape[rank - 1], value.shape[rank - 1])
            let target = leading + [rows, columns]
            guard mask.map({ AttentionKernel.expands($0.shape, to: target) }) ?? true else { return nil }
            let outputShape = leading + [rows, valueDepth]
            if let destination {
                guard destination.shape == outputShape, destination.dtype == query.dtype,
                      destination.strides[rank - 1] == 1 else { return nil }
            }
            (q, k, v) = (AttentionKernel.unitInnerStride(query), AttentionKernel.unitInnerStride(key),
                         AttentionKernel.unitInnerStride(value))
            self.mask = mask.map { $0.expand(target) }
            output = destination ?? Tensor.empty(outputShape, dtype: query.dtype)
            self.scale = scale
            batch = leading.reduce(1, *)
        }

        /// The element offset of batch item `index` in `tensor` (leading dimensions read through its strides).
        func offset(_ tensor: Tensor, _ index: Int) -> Int {
            var remainder = index, offset = 0
            for dim in stride(from: tensor.rank - 3, through: 0, by: -1) {
                offset += (remainder % tensor.shape[dim]) * tensor.strides[dim]
                remainder /= tensor.shape[dim]
            }
            return offset
        }

        func run<T: CBLASScalar & TensorElement & BinaryFloatingPoint>(_: T.Type) where T: RowSoftmax {
            let rank = q.rank
            let (qBase, kBase, vBase) = (q.basePointer(T.self), k.basePointer(T.self), v.basePointer(T.self))
            let maskBase = mask?.basePointer(T.self)
            let out = output.basePointer(T.self)
            let (qLead, kLead, vLead) = (q.strides[rank - 2], k.strides[rank - 2], v.strides[rank - 2])
            let outLead = output.strides[rank - 2]
            let work = rows * columns * (depth + valueDepth)
            let grain = Swift.max(1, Parallel.grainSize / Swift.max(1, work))
            withExtendedLifetime((q, k, v, mask, output)) {
                Parallel.forRanges(count: batch, grain: grain) { range in
                    let scores = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(1, rows * columns))
                    defer { scores.deallocate() }
                    for index in range {
                        GEMM.run(transposeA: false, transposeB: true, m: rows, n: columns, k: depth, alpha: T(scale),
                                 a: qBase + offset(q, index), lda: Swift.max(qLead, depth),
                                 b: kBase + offset(k, index), ldb: Swift.max(kLead, depth), beta: 0, c: scores,
                                 ldc: Swift.max(1, columns), backend: nil)
                        if let mask, let maskBase {
                            let base = maskBase + offset(mask, index)
                            let (rowStride, columnStride) = (mask.strides[rank - 2], mask.strides[rank - 1])
                            for r in 0..<rows {
                                let line = scores + r * columns, source = base + r * rowStride
                                for c in 0..<columns { line[c] += source[c * columnStride] }
                            }
                        }
                        for r in 0..<rows { T.softmaxRow(scores + r * columns, columns) }
                        GEMM.run(transposeA: false, transposeB: false, m: rows, n: valueDepth, k: columns, alpha: 1,
                                 a: scores, lda: Swift.max(1, columns), b: vBase + offset(v, index),
                                 ldb: Swift.max(vLead, valueDepth), beta: 0, c: out + offset(output, index),
                                 ldc: Swift.max(1, outLead, valueDepth), backend: nil)
                    }
                }
            }
        }
    }
}

/// Element types whose contiguous rows ``AttentionKernel`` normalises with a softmax in place.
package protocol RowSoftmax {
    /// Softmax of `count` elements at `row` in place; a row that is -inf throughout becomes zeros.
    static func softmaxRow(_ row: UnsafeMutablePointer<Self>, _ count: Int)
}

extension Float: RowSoftmax {
    /// The vectorised C row softmax.
    package static func softmaxRow(_ row: UnsafeMutablePointer<Float>, _ count: Int) {
        synapse_softmax_row_f32(row, count)
    }
}

extension Double: RowSoftmax {
    /// Maximum, `exp(x - max)` by ``VectorMath``, sum and scaling, in Swift.
    package static func softmaxRow(_ row: UnsafeMutablePointer<Double>, _ count: Int) {
        guard count > 0 else { return }
        var maximum = row[0]
        for c in 1..<count where row[c] > maximum || row[c].isNaN { maximum = row[c] }
        if maximum == -.infinity {
            row.update(repeating: 0, count: count)
            return
        }
        for c in 0..<count { row[c] -= maximum }
        VectorMath.exp(UnsafePointer(row), row, count: count)
        var sum = 0.0
        for c in 0..<count { sum += row[c] }
        let inverse = 1 / sum
        for c in 0..<count { row[c] *= inverse }
    }
}
