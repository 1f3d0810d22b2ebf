/// Views: tensors that share this tensor's memory with a different shape, stride or offset.
extension Tensor {
    /// A view with the same storage and a new layout (the building block of every view op).
    func makeView(shape: consuming [Int], strides: consuming [Int], offset: Int? = nil) -> Tensor {
        Tensor(storage: storage, shape: shape, strides: strides, storageOffset: offset ?? storageOffset, dtype: dtype)
    }

    /// Resolves a single `-1` in a requested shape and checks the element count, with PyTorch's messages.
    func inferShape(_ requested: [Int]) -> [Int] {
        var shape = requested
        let inferred = requested.indices.filter { requested[$0] == -1 }
        check(inferred.count <= 1, "only one dimension can be inferred")
        let known = requested.filter { $0 != -1 }.reduce(1, *)
        check(requested.allSatisfy { $0 >= -1 }, "invalid shape dimension \(requested.first { $0 < -1 }!)")
        if let index = inferred.first {
            check(known != 0 && numel % known == 0,
                "shape '\(Tensor.shapeString(requested))' is invalid for input of size \(numel)")
            shape[index] = numel / known
        }
        check(Tensor.elementCount(shape) == numel,
            "shape '\(Tensor.shapeString(requested))' is invalid for input of size \(numel)")
        return shape
    }

    /// `[2, 3]` as PyTorch prints a size in messages.
    static func shapeString(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    /// A view with a new shape (`t.view(2, -1)`). The memory layout must allow it; otherwise use `reshape(_:)`.
    public func view(_ shape: [Int]) -> Tensor {
        let target = inferShape(shape)
        guard let newStrides = Tensor.viewStrides(oldShape: self.shape, oldStrides: strides, newShape: target) else {
            fatalError("view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
        }
        let inputShape = self.shape
        return Autograd.recordView(makeView(shape: target, strides: newStrides), of: self, name: "ViewBackward0") {
            $0.reshape(inputShape)
        }
    }

    /// A view with a new shape; variadic form (`t.view(2, -1)`).
    public func view(_ shape: Int...) -> Tensor { view(shape) }

    /// The same data with a new shape: a view when the layout allows it, otherwise a contiguous copy.
    public func reshape(_ shape: [Int]) -> Tensor {
        let target = inferShape(shape)
        if Tensor.viewStrides(oldShape: self.shape, oldStrides: strides, newShape: target) != nil {
            return view(target)
        }
        return contiguous().view(target)
    }

    /// Variadic form of ``reshape(_:)``.
    public func reshape(_ shape: Int...) -> Tensor { reshape(shape) }

    /// Strides for viewing (`oldShape`, `oldStrides`) as `newShape` without copying, or `nil` when impossible
    /// (PyTorch's `computeStride`).
    static func viewStrides(oldShape: [Int], oldStrides: [Int], newShape: [Int]) -> [Int]? {
        if oldShape.isEmpty { return [Int](repeating: 1, count: newShape.count) }
        let count = elementCount(oldShape)
        if count == 0 {
            return oldShape == newShape ? oldStrides : contiguousStrides(newShape)
        }
        var newStrides = [Int](repeating: 0, count: newShape.count)
        var viewDim = newShape.count - 1
        var chunkBaseStride = oldStrides.last!
        var tensorElements = 1
        var viewElements = 1
        for tensorDim in Swift.stride(from: oldShape.count - 1, through: 0, by: -1) {
            tensorElements *= oldShape[tensorDim]
            if tensorDim == 0 || (oldShape[tensorDim - 1] != 1
                                  && oldStrides[tensorDim - 1] != tensorElements * chunkBaseStride) {
                while viewDim >= 0 && (viewElements < tensorElements || newShape[viewDim] == 1) {
                    newStrides[viewDim] = viewElements * chunkBaseStride
                    viewElements *= newShape[viewDim]
                    viewDim -= 1
                }
                if viewElements != tensorElements { return nil }
                if tensorDim > 0 {
                    chunkBaseStride = oldStrides[tensorDim - 1]
                    tensorElements = 1
                    viewElements = 1
                }
            }
        }
        return viewDim == -1 ? newStrides : nil
    }

    /// Reorders the dimensions (`t.permute(2, 0, 1)`).
    public func permute(_ dims: [Int]) -> Tensor {
        check(dims.count == rank,
            "permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = \(rank) is not equal to len(dims) = \(dims.count)")
        let normalized = dims.map { normalizeDim($0) }
        check(Set(normalized).count == rank, "permute(): duplicate dims are not allowed.")
        var inverse = [Int](repeating: 0, count: rank)
        for (position, dim) in normalized.enumerated() { inverse[dim] = position }
        let view = makeView(shape: normalized.map { shape[$0] }, strides: normalized.map { strides[$0] })
        return Autograd.recordView(view, of: self, name: "PermuteBackward0") { $0.permute(inverse) }
    }

    /// Variadic form of ``permute(_:)``.
    public func permute(_ dims: Int...) -> Tensor { permute(dims) }

    /// Swaps two dimensions.
    public func transpose(_ dim0: Int, _ dim1: Int) -> Tensor {
        if rank == 0 { return Autograd.recordView(makeView(shape: [], strides: []), of: self, name: "TransposeBackward0") { $0 } }
        let a = normalizeDim(dim0), b = normalizeDim(dim1)
        var newShape = shape, newStrides = strides
        newShape.swapAt(a, b)
        newStrides.swapAt(a, b)
        return Autograd.recordView(makeView(shape: newShape, strides: newStrides), of: self, name: "TransposeBackward0") {
            $0.transpose(a, b)
        }
    }

    /// The transpose of a matrix; tensors with fewer than 2 dimensions are returned as they are (`t.t()`).
    public func t() -> Tensor {
        check(rank <= 2, "t() expects a tensor with <= 2 dimensions, but self is \(rank)D")
        let view = rank < 2 ? makeView(shape: shape, strides: strides)
            : makeView(shape: SharedLayouts.pair(shape[1], shape[0]), strides: SharedLayouts.pair(strides[1], strides[0]))
        return Autograd.recordView(view, of: self, name: "TBackward0") { $0.t() }
    }

    /// `t.T`-style alias of ``t()`` for matrices.
    public var T: Tensor { rank < 2 ? t() : permute(Array((0..<rank).reversed())) }

    /// Removes every dimension of size 1.
    public func squeeze() -> Tensor {
        let keep = shape.indices.filter { shape[$0] != 1 }
        let inputShape = shape
        return Autograd.recordView(makeView(shape: keep.map { shape[$0] }, strides: keep.map { strides[$0] }),
                                   of: self, name: "SqueezeBackward0") { $0.reshape(inputShape) }
    }

    /// Removes dimension `dim` if its size is 1 (otherwise returns an unchanged view, like PyTorch).
    public func squeeze(_ dim: Int) -> Tensor {
        if rank == 0 { return Autograd.recordView(makeView(shape: [], strides: []), of: self, name: "SqueezeBackward1") { $0 } }
        let d = normalizeDim(dim)
        var newShape = shape, newStrides = strides
        if shape[d] == 1 {
            newShape.remove(at: d)
            newStrides.remove(at: d)
        }
        let inputShape = shape
        return Autograd.recordView(makeView(shape: newShape, strides: newStrides), of: self, name: "SqueezeBackward1") {
            $0.reshape(inputShape)
        }
    }

    /// Inserts a dimension of size 1 at `dim` (which may equal `rank`, or be negative).
    public func unsqueeze(_ dim: Int) -> Tensor {
        let d = Tensor.normalizeDim(dim, rank: rank + 1)
        var newShape = shape, newStrides = strides
        let newStride = d < rank ? shape[d] * strides[d] : 1
        newShape.insert(1, at: d)
        newStrides.insert(newStride, at: d)
        return Autograd.recordView(makeView(shape: newShape, strides: newStrides), of: self, name: "UnsqueezeBackward0") {
            $0.squeeze(d)
        }
    }

    /// A view repeating size-1 dimensions (and new leading ones) without copying; `-1` keeps a size.
    public func expand(_ sizes: [Int]) -> Tensor {
        check(sizes.count >= rank,
            "expand(torch.FloatTensor{\(Tensor.shapeString(shape))}, size=\(Tensor.shapeString(sizes))): the number of sizes provided (\(sizes.count)) must be greater or equal to the number of dimensions in the tensor (\(rank))")
        let lead = sizes.count - rank
        var newShape = sizes, newStrides = [Int](repeating: 0, count: sizes.count)
        for index in 0..<sizes.count {
            if index < lead {
                check(sizes[index] >= 0,
                    "The expanded size of the tensor (\(sizes[index])) isn't allowed in a leading, non-existing dimension \(index)")
                continue
            }
            let own = shape[index - lead]
            let wanted = sizes[index] == -1 ? own : sizes[index]
            if own == wanted {
                newStrides[index] = strides[index - lead]
            } else {
                check(own == 1,
                    "The expanded size of the tensor (\(wanted)) must match the existing size (\(own)) at non-singleton dimension \(index).  Target sizes: \(Tensor.shapeString(sizes)).  Tensor sizes: \(Tensor.shapeString(shape))")
            }
            newShape[index] = wanted
        }
        // The gradient is summed back to this shape by `Autograd.attach`.
        return Autograd.recordView(makeView(shape: newShape, strides: newStrides), of: self, name: "ExpandBackward0") { $0 }
    }

    /// Variadic form of ``expand(_:)``.
    public func expand(_ sizes: Int...) -> Tensor { expand(sizes) }

    /// Expands to `other`'s shape.
    public func expandAs(_ other: Tensor) -> Tensor { expand(other.shape) }

    /// Merges dimensions `startDim...endDim` into one (a view when possible).
    public func flatten(startDim: Int = 0, endDim: Int = -1) -> Tensor {
        if rank == 0 { return reshape([1]) }
        let start = normalizeDim(startDim), end = normalizeDim(endDim)
        check(start <= end, "flatten() has invalid args: start_dim cannot come after end_dim")
        if start == end { return self }
        let merged = shape[start...end].reduce(1, *)
        return reshape(Array(shape[..<start]) + [merged] + Array(shape[(end + 1)...]))
    }

    /// The slice `start..<start+length` of dimension `dim`, as a view.
    public func narrow(_ dim: Int, start: Int, length: Int) -> Tensor {
        let d = normalizeDim(dim)
        let begin = start < 0 ? start + shape[d] : start
        check(begin >= 0 && begin <= shape[d], "start out of range (expected to be in range of [\(-shape[d]), \(shape[d])], but got \(start))")
        check(length >= 0 && begin + length <= shape[d],
            "start (\(begin)) + length (\(length)) exceeds dimension size (\(shape[d])).")
        let inputShape = shape
        return Autograd.recordView(slice(d, begin, begin + length, 1), of: self, name: "SliceBackward0") { g in
            Autograd.scatterIntoZeros(g, shape: inputShape) { $0.slice(d, begin, begin + length, 1) }
        }
    }

    /// The elements `start, start+step, …` below `end` of dimension `dim` (already normalised and clamped).
    func slice(_ dim: Int, _ start: Int, _ end: Int, _ step: Int) -> Tensor {
        var newShape = shape, newStrides = strides
        newShape[dim] = end > start ? (end - start + step - 1) / step : 0
        newStrides[dim] = strides[dim] * step
        let offset = storageOffset + (newShape[dim] > 0 || start < shape[dim] ? start * strides[dim] : 0)
        return makeView(shape: newShape, strides: newStrides, offset: offset)
    }

    /// The sub-tensor at `index` of dimension `dim`, with that dimension removed (`t.select(0, 1)` = `t[1]`).
    public func select(_ dim: Int, _ index: Int) -> Tensor {
        check(rank > 0, "select() cannot be applied to a 0-dim tensor.")
        let d = normalizeDim(dim)
        let size = shape[d]
        check(index >= -size && index < size,
            "index \(index) is out of bounds for dimension \(d) with size \(size)")
        let i = index < 0 ? index + size : index
        var newShape = shape, newStrides = strides
        newShape.remove(at: d)
        newStrides.remove(at: d)
        let view = makeView(shape: newShape, strides: newStrides, offset: storageOffset + i * strides[d])
        let inputShape = shape
        return Autograd.recordView(view, of: self, name: "SelectBackward0") { g in
            Autograd.scatterIntoZeros(g, shape: inputShape) { $0.select(d, i) }
        }
    }

    /// Splits into `chunks` pieces along `dim` (the last may be smaller), as views.
    public func chunk(_ chunks: Int, dim: Int = 0) -> [Tensor] {
        check(chunks > 0, "chunk expects `chunks` to be greater than 0, got: \(chunks)")
        let d = normalizeDim(dim)
        let size = (shape[d] + chunks - 1) / chunks
        return split(Swift.max(size, 1), dim: d)
    }

    /// Splits into pieces of `size` along `dim` (the last may be smaller), as views.
    public func split(_ size: Int, dim: Int = 0) -> [Tensor] {
        check(size > 0 || shape[normalizeDim(dim)] == 0, "split_size can only be 0 if dimension size is 0, but got dimension size of \(shape[normalizeDim(dim)])")
        let d = normalizeDim(dim)
        let total = shape[d]
        let pieces = total == 0 ? [slice(d, 0, 0, 1)]
            : Swift.stride(from: 0, to: total, by: size).map { slice(d, $0, Swift.min($0 + size, total), 1) }
        return Autograd.recordSplit(pieces, of: self, dim: d, name: "SplitBackward0")
    }

    /// Splits into pieces with the given sizes along `dim`, as views.
    public func split(sizes: [Int], dim: Int = 0) -> [Tensor] {
        let d = normalizeDim(dim)
        check(sizes.reduce(0, +) == shape[d],
            "split_with_sizes expects split_sizes to sum exactly to \(shape[d]) (input tensor's size at dimension \(d)), but got split_sizes=\(Tensor.shapeString(sizes))")
        var start = 0
        let pieces = sizes.map { size in
            defer { start += size }
            return slice(d, start, start + size, 1)
        }
        return Autograd.recordSplit(pieces, of: self, dim: d, name: "SplitWithSizesBackward0")
    }

    /// The sub-tensors along `dim`, with that dimension removed.
    public func unbind(_ dim: Int = 0) -> [Tensor] {
        let d = normalizeDim(dim)
        let pieces = noGrad { (0..<shape[d]).map { select(d, $0) } }
        for piece in pieces { piece.viewBase = viewBase ?? self }
        guard Autograd.needsGrad(self) else { return pieces }
        let pieceShape = pieces.first?.shape ?? [], dtype = self.dtype
        Autograd.attachMany(pieces, name: "UnbindBackward0", inputs: [self]) { gradients in
            InputGradients(Tensor.stack(gradients.map { $0 ?? Tensor.zeros(pieceShape, dtype: dtype) }, dim: d))
        }
        return pieces
    }
}
