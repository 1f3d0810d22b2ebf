/// The order in which PyTorch's serial random kernels visit a tensor's elements.
///
/// `TensorIterator` sorts dimensions by stride (smallest innermost; equal strides put the larger size outside)
/// before a serial kernel runs, so a transposed or permuted tensor is filled in storage order, not in logical
/// order. A tensor whose elements then form one gap-free run (contiguous, or a dense permutation such as a
/// transpose) is filled as a flat buffer; anything else is filled in a scratch buffer and scattered.
struct MemoryOrder {
    /// Shape and strides with size-1 dimensions dropped, reordered outermost (largest stride) first.
    let shape: [Int]
    let strides: [Int]

    init(_ tensor: Tensor) {
        check(!zip(tensor.shape, tensor.strides).contains { $0 > 1 && $1 == 0 },
            "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.")
        let dims = tensor.shape.indices.filter { tensor.shape[$0] != 1 }
        // TensorIterator's insertion sort, innermost first, starting from the reversed (row-major) order.
        // `shouldSwap` is 1 when `a` belongs outside `b`, -1 when inside, 0 when it can't tell (keep looking).
        func shouldSwap(_ a: Int, _ b: Int) -> Int {
            let strideA = tensor.strides[a], strideB = tensor.strides[b]
            if strideA < strideB { return -1 }
            if strideA > strideB { return 1 }
            return tensor.shape[a] > tensor.shape[b] ? 1 : 0
        }
        var order = Array(dims.reversed())
        if order.count > 1 {
            for i in 1..<order.count {
                var moving = i
                for j in stride(from: i - 1, through: 0, by: -1) {
                    let comparison = shouldSwap(order[j], order[moving])
                    if comparison > 0 {
                        order.swapAt(j, moving)
                        moving = j
                    } else if comparison < 0 {
                        break
                    }
                }
            }
        }
        shape = order.reversed().map { tensor.shape[$0] }
        strides = order.reversed().map { tensor.strides[$0] }
    }

    /// True when the elements, visited in this order, are consecutive in memory starting at the view's first element.
    var isDense: Bool {
        var expected = 1
        for (size, stride) in zip(shape, strides).reversed() {
            if stride != expected { return false }
            expected *= size
        }
        return true
    }

    /// Calls `body(offset, count, stride)` for each run of elements, in visiting order (offsets in elements).
    func forEachRun(_ body: (Int, Int, Int) -> Void) {
        let loop = StridedLoop(shape: shape, strides: [strides])
        let step = loop.rowStride(0)
        loop.forEachRow { offsets, count in body(offsets[0], count, step) }
    }
}

extension Tensor {
    /// Fills the tensor with `numel` values of type `T` produced in PyTorch's visiting order.
    ///
    /// `produce(buffer, count)` must write `count` values in order. It writes straight into the tensor when the
    /// visited elements are contiguous in memory, and into scratch memory that is then scattered otherwise.
    func fillInMemoryOrder<T>(_: T.Type, _ produce: (UnsafeMutablePointer<T>, Int) -> Void) {
        precondition(MemoryLayout<T>.stride == dtype.itemSize, "element type does not match the tensor's dtype")
        let count = numel
        guard count > 0 else { return }
        let order = MemoryOrder(self)
        let base = basePointer(T.self)
        withExtendedLifetime(storage) {
            if order.isDense {
                produce(base, count)
                return
            }
            let scratch = UnsafeMutablePointer<T>.allocate(capacity: count)
            defer { scratch.deallocate() }
            produce(scratch, count)
            var next = scratch
            order.forEachRun { offset, runLength, step in
                var destination = base + offset
                for _ in 0..<runLength {
                    destination.pointee = next.pointee
                    destination += step
                    next += 1
                }
            }
        }
        markModified()
    }
}
