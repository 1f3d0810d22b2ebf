/// `gather` and `scatter` along a dimension (`torch.gather`, `Tensor.scatter_`, `scatter_add_`).
extension Tensor {
    /// `out[i][j][k] = self[i][index[i][j][k]][k]` for `dim == 1` (and likewise for other dims).
    public func gather(_ dim: Int, _ index: Tensor) -> Tensor {
        let d = normalizeDim(dim)
        GatherScatterPlan.checkIndex(index, against: self, dim: d, name: "gather")
        let result = Tensor.empty(index.shape, dtype: dtype)
        let plan = GatherScatterPlan(index: index, dim: d, indexed: self, other: result)
        dtype.visit(GatherVisitor(plan: plan, source: self, result: result))
        guard Autograd.needsGrad(self) else { return result }
        let shape = shape
        return Autograd.attach(result, name: "GatherBackward0", inputs: self, saved: index) { g, s, _ in
            InputGradients(Tensor.zeros(shape, dtype: g.dtype).scatterAdd(d, s[0], g))
        }
    }

    /// A copy with `source` values written at `index` along `dim`: `out[i][index[i][j]] = source[i][j]`.
    public func scatter(_ dim: Int, _ index: Tensor, _ source: Tensor) -> Tensor {
        let result = clone()
        noGrad { _ = result.scatterKernel(dim, index, source, add: false) }
        guard Autograd.needsGrad(self, source) else { return result.detach() }
        let d = normalizeDim(dim)
        return Autograd.attach(result.detach(), name: "ScatterBackward0", inputs: self, source, saved: index) { g, s, _ in
            InputGradients(g.scatter(d, s[0], Tensor.zeros(s[0].shape, dtype: g.dtype)), g.gather(d, s[0]))
        }
    }

    /// A copy with `source` values added at `index` along `dim` (duplicates accumulate).
    public func scatterAdd(_ dim: Int, _ index: Tensor, _ source: Tensor) -> Tensor {
        let result = clone()
        noGrad { _ = result.scatterKernel(dim, index, source, add: true) }
        guard Autograd.needsGrad(self, source) else { return result.detach() }
        let d = normalizeDim(dim)
        return Autograd.attach(result.detach(), name: "ScatterAddBackward0", inputs: self, source, saved: index) { g, s, _ in
            InputGradients(g, g.gather(d, s[0]))
        }
    }

    /// Writes `source` values at `index` along `dim`, in place.
    @discardableResult
    public func scatter_(_ dim: Int, _ index: Tensor, _ source: Tensor) -> Tensor {
        scatterKernel(dim, index, source, add: false)
    }

    /// Adds `source` values at `index` along `dim`, in place.
    @discardableResult
    public func scatterAdd_(_ dim: Int, _ index: Tensor, _ source: Tensor) -> Tensor {
        scatterKernel(dim, index, source, add: true)
    }

    private func scatterKernel(_ dim: Int, _ index: Tensor, _ source: Tensor, add: Bool) -> Tensor {
        let d = normalizeDim(dim)
        GatherScatterPlan.checkIndex(index, against: self, dim: d, name: add ? "scatter_add" : "scatter")
        let values = source.to(dtype)
        let plan = GatherScatterPlan(index: index, dim: d, indexed: self, other: values)
        dtype.visit(ScatterVisitor(plan: plan, source: values, target: self, add: add))
        markModified()
        return self
    }
}

/// Offsets shared by gather and scatter: for each position of `index`, the element offset in the other tensor
/// and in the indexed tensor (with the index value substituted along `dim`).
struct GatherScatterPlan {
    var indexedOffsets: [Int] = []
    var otherOffsets: [Int] = []

    init(index: Tensor, dim: Int, indexed: Tensor, other: Tensor) {
        let values = index.toArray(of: Int64.self)
        let size = indexed.shape[dim]
        var indexedStrides = indexed.strides
        indexedStrides[dim] = 0
        let baseOffsets = StridedOffsets.list(shape: index.shape, strides: Array(indexedStrides.prefix(index.rank)))
        otherOffsets = StridedOffsets.list(shape: index.shape, strides: Array(other.strides.prefix(index.rank)))
        indexedOffsets = baseOffsets.enumerated().map { position, base in
            let value = Int(values[position])
            check(value >= -size && value < size, "index \(value) is out of bounds for dimension \(dim) with size \(size)")
            return base + (value < 0 ? value + size : value) * indexed.strides[dim]
        }
    }

    static func checkIndex(_ index: Tensor, against tensor: Tensor, dim: Int, name: String) {
        check(index.dtype == .int64, "\(name)(): Expected dtype int64 for index")
        check(index.rank == tensor.rank, "Index tensor must have the same number of dimensions as input tensor")
        for axis in 0..<index.rank where axis != dim {
            check(index.shape[axis] <= tensor.shape[axis],
                "Size does not match at dimension \(axis) expected index \(Tensor.shapeString(index.shape)) to be smaller than self \(Tensor.shapeString(tensor.shape)) apart from dimension \(dim)")
        }
    }
}

private struct GatherVisitor: ElementVisitor {
    let plan: GatherScatterPlan, source: Tensor, result: Tensor
    func visit<T: TensorElement>(_: T.Type) {
        let from = source.basePointer(T.self), to = result.basePointer(T.self)
        withExtendedLifetime((source, result)) {
            for (position, offset) in plan.indexedOffsets.enumerated() { to[plan.otherOffsets[position]] = from[offset] }
        }
    }
}

private struct ScatterVisitor: ElementVisitor {
    let plan: GatherScatterPlan, source: Tensor, target: Tensor, add: Bool
    func visit<T: TensorElement>(_: T.Type) {
        let from = source.basePointer(T.self), to = target.basePointer(T.self)
        withExtendedLifetime((source, target)) {
            for (position, offset) in plan.indexedOffsets.enumerated() {
                let value = from[plan.otherOffsets[position]]
                to[offset] = add ? T(fromDouble: to[offset].doubleValue + value.doubleValue) : value
            }
        }
    }
}
