/// Integer index tensors applied to some dimensions of a view (PyTorch's "advanced indexing").
///
/// The index tensors broadcast together to `indexShape`; each combination of indices selects one sub-tensor
/// over the remaining dimensions. As in NumPy, the index dimensions replace the indexed ones in place when those
/// were adjacent, and go first otherwise.
struct AdvancedIndex {
    /// Dimensions of the view that are indexed.
    let dims: [Int]
    /// Broadcast shape of the index tensors.
    let indexShape: [Int]
    /// Element offset (relative to the view's offset) of each index combination, row-major over `indexShape`.
    let offsets: [Int]
    /// The view's dimensions that are not indexed.
    let remainingDims: [Int]
    /// Where the index dimensions go in the result: the first indexed dimension when adjacent, else 0.
    let insertionPoint: Int

    init(dims: [Int], indices: [Tensor], in view: Tensor) {
        self.dims = dims
        let shape = Broadcast.shape(indices.map(\.shape))
        indexShape = shape
        let count = Tensor.elementCount(shape)
        var offsets = [Int](repeating: 0, count: count)
        for (dim, index) in zip(dims, indices) {
            let size = view.shape[dim], stride = view.strides[dim]
            let values = index.expand(shape).toArray(of: Int64.self)
            for position in 0..<count {
                let value = Int(values[position])
                check(value >= -size && value < size,
                    "index \(value) is out of bounds for dimension \(dim) with size \(size)")
                offsets[position] += (value < 0 ? value + size : value) * stride
            }
        }
        self.offsets = offsets
        remainingDims = (0..<view.rank).filter { !dims.contains($0) }
        let adjacent = zip(dims, dims.dropFirst()).allSatisfy { $1 == $0 + 1 }
        insertionPoint = adjacent ? dims[0] : 0
    }

    /// Shape of the remaining (non-indexed) dimensions of `view`.
    private func remainingShape(_ view: Tensor) -> [Int] { remainingDims.map { view.shape[$0] } }

    /// The result's shape.
    func resultShape(_ view: Tensor) -> [Int] {
        var shape = remainingShape(view)
        shape.insert(contentsOf: indexShape, at: insertionPoint)
        return shape
    }

    /// Permutation from the gather layout (index dims first) to the result layout.
    private var toResultOrder: [Int] {
        let k = indexShape.count, r = remainingDims.count
        let remaining = Array(k..<(k + r))
        var order = Array(remaining.prefix(insertionPoint))
        order += Array(0..<k)
        order += Array(remaining.dropFirst(insertionPoint))
        return order
    }

    /// Copies the selected elements out of `view`.
    func gather(from view: Tensor) -> Tensor {
        let gathered = Tensor.empty(indexShape + remainingShape(view), dtype: view.dtype)
        let rowLayout = remainingLayout(view, valueStrides: Tensor.contiguousStrides(remainingShape(view)))
        let rowSize = Tensor.elementCount(remainingShape(view))
        transfer(view: view, other: gathered, otherOffsets: offsets.indices.map { $0 * rowSize },
                 loop: rowLayout, toView: false)
        if insertionPoint == 0 { return gathered }
        return gathered.permute(toResultOrder).contiguous()
    }

    /// Writes `value` (broadcast to the result shape) into the selected elements of `view`; with `accumulate`,
    /// adds instead, so repeated indices sum (`index_put_(…, accumulate=True)`).
    func scatter(_ value: Tensor, into view: Tensor, accumulate: Bool = false) {
        let target = resultShape(view)
        Tensor.checkAssignable(value.shape, to: target)
        var source = value.to(view.dtype).expand(target)
        if insertionPoint != 0 {
            let order = toResultOrder
            var inverse = [Int](repeating: 0, count: order.count)
            for (position, dim) in order.enumerated() { inverse[dim] = position }
            source = source.permute(inverse)
        }
        let k = indexShape.count
        let indexStrides = Array(source.strides.prefix(k))
        let sourceOffsets = StridedOffsets.list(shape: indexShape, strides: indexStrides)
        let loop = remainingLayout(view, valueStrides: Array(source.strides.dropFirst(k)))
        if accumulate {
            view.dtype.visit(AccumulateVisitor(index: self, view: view, source: source, sourceOffsets: sourceOffsets, loop: loop))
        } else {
            transfer(view: view, other: source, otherOffsets: sourceOffsets, loop: loop, toView: true)
        }
    }

    /// A loop over the remaining dimensions with operands (view, other).
    private func remainingLayout(_ view: Tensor, valueStrides: [Int]) -> StridedLoop {
        StridedLoop(shape: remainingShape(view), remainingDims.map { view.strides[$0] }, valueStrides)
    }

    /// Copies, for each index combination, the remaining-dims block between `view` and `other`.
    private func transfer(view: Tensor, other: Tensor, otherOffsets: [Int], loop: StridedLoop, toView: Bool) {
        let itemSize = view.dtype.itemSize
        let viewBase = view.storage.bytes + view.storageOffset * itemSize
        let otherBase = other.storage.bytes + other.storageOffset * itemSize
        let viewStride = loop.rowStride(0) * itemSize, otherStride = loop.rowStride(1) * itemSize
        // Rows contiguous on both sides (a batch of whole samples) move as one block each, not element by element.
        let rowsAreContiguous = viewStride == itemSize && otherStride == itemSize
        withExtendedLifetime((view, other)) {
            for (combination, viewOffset) in offsets.enumerated() {
                let viewStart = viewBase + viewOffset * itemSize
                let otherStart = otherBase + otherOffsets[combination] * itemSize
                loop.forEachRow { rowOffsets, count in
                    var pv = viewStart + rowOffsets[0] * itemSize, po = otherStart + rowOffsets[1] * itemSize
                    if rowsAreContiguous {
                        if toView { pv.copyMemory(from: po, byteCount: count * itemSize) } else { po.copyMemory(from: pv, byteCount: count * itemSize) }
                        return
                    }
                    for _ in 0..<count {
                        if toView { pv.copyMemory(from: po, byteCount: itemSize) } else { po.copyMemory(from: pv, byteCount: itemSize) }
                        pv += viewStride
                        po += otherStride
                    }
                }
            }
        }
    }
}

/// Adds each selected block of `source` into `view` (typed, since adding needs the element type).
private struct AccumulateVisitor: ElementVisitor {
    let index: AdvancedIndex, view: Tensor, source: Tensor, sourceOffsets: [Int], loop: StridedLoop
    func visit<T: TensorElement>(_: T.Type) {
        let target = view.basePointer(T.self), from = source.basePointer(T.self)
        let targetStride = loop.rowStride(0), sourceStride = loop.rowStride(1)
        withExtendedLifetime((view, source)) {
            for (combination, viewOffset) in index.offsets.enumerated() {
                loop.forEachRow { rowOffsets, count in
                    let pt = target + viewOffset + rowOffsets[0], pf = from + sourceOffsets[combination] + rowOffsets[1]
                    for position in 0..<count {
                        let sum = pt[position * targetStride].doubleValue + pf[position * sourceStride].doubleValue
                        pt[position * targetStride] = T(fromDouble: sum)
                    }
                }
            }
        }
    }
}

/// Element offsets of every position of a strided shape, in row-major order.
enum StridedOffsets {
    static func list(shape: [Int], strides: [Int]) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(Tensor.elementCount(shape))
        let loop = StridedLoop(shape: shape, strides)
        let step = loop.rowStride(0)
        loop.forEachRow { offsets, count in
            for index in 0..<count { result.append(offsets[0] + index * step) }
        }
        return result
    }
}
