/// Subscripts with PyTorch's indexing semantics. Integers, slices, `.all`, `.ellipsis` and `.newAxis` make views
/// that share memory; boolean masks and integer index tensors ("advanced indexing") gather a copy when read and
/// scatter when written.
///
/// ```swift
/// w[0, 0] = 42               // one element
/// w[1..<3] = other           // rows 1 and 2, broadcasting `other`
/// w[...] += 1                // every element, in place
/// w[w .< 0] = 0              // masked write
/// let rows = w[Tensor([2, 0])]   // rows 2 and 0, a copy
/// ```
extension Tensor {
    /// Reads (a view, or a copy for advanced indices) or writes the indexed part.
    public subscript(_ indices: any TensorIndexConvertible...) -> Tensor {
        get { index(indices.map(\.tensorIndex)) }
        set { indexPut(indices.map(\.tensorIndex), newValue) }
    }

    /// The whole tensor, as a view: `t[...]` (PyTorch's `t[:]`), so that `t[...] += 1` writes in place.
    public subscript(_: UnboundedRange) -> Tensor {
        get { index([.all]) }
        set { indexPut([.all], newValue) }
    }

    /// Reads the indexed part: a view for basic indices, a gathered copy when masks or index tensors are present.
    public func index(_ indices: [TensorIndex]) -> Tensor {
        let resolved = resolveIndices(indices)
        let inputShape = shape
        guard let advanced = resolved.advanced else {
            return Autograd.recordView(resolved.view, of: self, name: Tensor.viewNodeName(indices)) { g in
                Autograd.scatterIntoZeros(g, shape: inputShape) { $0.index(indices) }
            }
        }
        let out = advanced.gather(from: resolved.view)
        guard Autograd.needsGrad(self) else { return out }
        return Autograd.attach(out, name: "IndexBackward0", inputs: self) { g, _, _ in
            let result = Tensor.zeros(inputShape, dtype: g.dtype)
            noGrad { result.indexPutKernel(indices, g, accumulate: true) }
            return InputGradients(result)
        }
    }

    /// Writes `value` (broadcast, converted to this tensor's dtype) into the indexed part; with `accumulate`,
    /// adds it, summing over repeated indices.
    public func indexPut(_ indices: [TensorIndex], _ value: Tensor, accumulate: Bool = false) {
        let name = indices.contains { if case .tensor = $0.kind { true } else { false } } ? "IndexPutBackward0" : "CopySlices"
        Autograd.inPlace(self, others: [value], savesSelf: false, write: {
            indexPutKernel(indices, value, accumulate: accumulate)
        }) { old in
            let values = noGrad { () -> Tensor in
                let copy = old.clone()
                copy.indexPutKernel(indices, value, accumulate: accumulate)
                return copy
            }
            return Autograd.attach(values, name: name, inputs: old, value) { g, _, needs in
                let gradOld = accumulate ? g : noGrad { () -> Tensor in
                    let copy = g.clone()
                    copy.indexPutKernel(indices, Tensor.zeros([], dtype: g.dtype), accumulate: false)
                    return copy
                }
                return InputGradients(gradOld, needs[1] ? g.index(indices) : nil)
            }
        }
    }

    /// The write behind ``indexPut(_:_:accumulate:)``, without autograd.
    func indexPutKernel(_ indices: [TensorIndex], _ value: Tensor, accumulate: Bool) {
        let resolved = resolveIndices(indices)
        if let advanced = resolved.advanced {
            advanced.scatter(value, into: resolved.view, accumulate: accumulate)
        } else {
            Tensor.checkAssignable(value.shape, to: resolved.view.shape)
            if accumulate {
                _ = BinaryKernels.arithmetic(.add, resolved.view, value, into: resolved.view)
            } else {
                CopyKernel.copy(from: value, into: resolved.view)
            }
        }
        markModified()
    }

    /// PyTorch's node name for a basic-indexing view: that of the last indexing step applied.
    static func viewNodeName(_ indices: [TensorIndex]) -> String {
        for index in indices.reversed() {
            switch index.kind {
            case .index: return "SelectBackward0"
            case .slice, .all: return "SliceBackward0"
            case .newAxis: return "UnsqueezeBackward0"
            default: continue
            }
        }
        return "AliasBackward0"
    }

    static func checkAssignable(_ valueShape: [Int], to target: [Int]) {
        var value = valueShape
        while value.count > target.count, value.first == 1 { value.removeFirst() }
        let fits = value.count <= target.count && zip(value.reversed(), target.reversed()).allSatisfy { $0 == $1 || $0 == 1 }
        check(fits,
            "shape mismatch: value tensor of shape \(shapeString(valueShape)) cannot be broadcast to indexing result of shape \(shapeString(target))")
    }

    /// Applies the basic indices as a view and collects the advanced ones, which refer to dimensions of that view.
    private func resolveIndices(_ indices: [TensorIndex]) -> (view: Tensor, advanced: AdvancedIndex?) {
        let consumed = indices.reduce(0) { total, index in
            switch index.kind {
            case .newAxis, .ellipsis: total
            case .tensor(let t) where t.dtype == .bool: total + Swift.max(t.rank, 1)
            default: total + 1
            }
        }
        check(consumed <= rank, "too many indices for tensor of dimension \(rank)")
        check(indices.filter { if case .ellipsis = $0.kind { true } else { false } }.count <= 1,
            "an index can only have a single ellipsis ('...')")
        var expanded: [TensorIndex] = []
        for index in indices {
            if case .ellipsis = index.kind {
                expanded += Array(repeating: .all, count: rank - consumed)
            } else {
                expanded.append(index)
            }
        }
        var newShape: [Int] = [], newStrides: [Int] = [], offset = storageOffset
        var advancedDims: [Int] = [], advancedIndices: [Tensor] = []
        var dim = 0
        for index in expanded {
            switch index.kind {
            case .index(let position):
                let size = shape[dim]
                check(position >= -size && position < size,
                    "index \(position) is out of bounds for dimension \(dim) with size \(size)")
                offset += (position < 0 ? position + size : position) * strides[dim]
                dim += 1
            case .slice(let start, let end, let step):
                check(step > 0, "step must be greater than zero")
                let (begin, length) = Tensor.clampSlice(size: shape[dim], start: start, end: end, step: step)
                newShape.append(length)
                newStrides.append(strides[dim] * step)
                offset += length > 0 ? begin * strides[dim] : 0
                dim += 1
            case .all:
                newShape.append(shape[dim])
                newStrides.append(strides[dim])
                dim += 1
            case .newAxis:
                newShape.append(1)
                newStrides.append(0)
            case .ellipsis:
                fatalError("unreachable: ellipsis was expanded")
            case .tensor(let indexTensor):
                if indexTensor.dtype == .bool {
                    let covered = Array(shape[dim..<(dim + Swift.max(indexTensor.rank, 1))])
                    check(indexTensor.rank == 0 || indexTensor.shape == covered,
                        "The shape of the mask \(Tensor.shapeString(indexTensor.shape)) at index \(dim) does not match the shape of the indexed tensor \(Tensor.shapeString(covered)) at index \(dim)")
                    for (k, positions) in indexTensor.nonzeroColumns().enumerated() {
                        advancedDims.append(newShape.count)
                        advancedIndices.append(positions)
                        newShape.append(shape[dim + k])
                        newStrides.append(strides[dim + k])
                    }
                    dim += Swift.max(indexTensor.rank, 1)
                } else {
                    check(!indexTensor.dtype.isFloatingPoint,
                        "tensors used as indices must be long, int, byte or bool tensors")
                    advancedDims.append(newShape.count)
                    advancedIndices.append(indexTensor)
                    newShape.append(shape[dim])
                    newStrides.append(strides[dim])
                    dim += 1
                }
            }
        }
        while dim < rank {
            newShape.append(shape[dim])
            newStrides.append(strides[dim])
            dim += 1
        }
        let view = makeView(shape: newShape, strides: newStrides, offset: offset)
        let advanced = advancedDims.isEmpty ? nil : AdvancedIndex(dims: advancedDims, indices: advancedIndices, in: view)
        return (view, advanced)
    }

    /// Python's slice clamping: returns the first position and the number of elements.
    static func clampSlice(size: Int, start: Int?, end: Int?, step: Int) -> (start: Int, length: Int) {
        func clamp(_ value: Int) -> Int { Swift.min(Swift.max(value < 0 ? value + size : value, 0), size) }
        let begin = start.map(clamp) ?? 0
        let stop = end.map(clamp) ?? size
        return (begin, stop > begin ? (stop - begin + step - 1) / step : 0)
    }

    /// Positions of the non-zero elements, one row per element (`torch.nonzero`), as `.int64` of shape `[n, rank]`.
    public func nonzero() -> Tensor {
        let columns = nonzeroColumns()
        if rank == 0 { return Tensor.zeros([numel == 1 && item() != 0 ? 1 : 0, 0], dtype: .int64) }
        return Tensor.stack(columns, dim: 1)
    }

    /// For each dimension, the coordinates of the non-zero elements (row-major order), as 1-D `.int64` tensors.
    func nonzeroColumns() -> [Tensor] {
        let flags = toArray(of: Bool.self)
        let dims = Swift.max(rank, 1)
        let sizes = rank == 0 ? [1] : shape
        var columns = [[Int64]](repeating: [], count: dims)
        for (position, flag) in flags.enumerated() where flag {
            var remainder = position
            for d in Swift.stride(from: dims - 1, through: 0, by: -1) {
                columns[d].append(Int64(remainder % sizes[d]))
                remainder /= sizes[d]
            }
        }
        return columns.map { Tensor(flat: $0, shape: [$0.count]) }
    }
}
