extension Tensor {
    /// Concatenates tensors along an existing dimension (`torch.cat`). The dtype is the promotion of all inputs;
    /// 1-D empty tensors are skipped, as PyTorch does for backward compatibility.
    public static func cat(_ tensors: [Tensor], dim: Int = 0) -> Tensor {
        check(!tensors.isEmpty, "torch.cat(): expected a non-empty list of Tensors")
        let parts = tensors.filter { !($0.rank == 1 && $0.shape[0] == 0) }
        guard let first = parts.first else { return tensors[0].clone() }
        check(first.rank > 0, "zero-dimensional tensor (at position 0) cannot be concatenated")
        let d = first.normalizeDim(dim)
        for (position, part) in parts.enumerated() {
            check(part.rank == first.rank,
                "Tensors must have same number of dimensions: got \(first.rank) and \(part.rank)")
            for axis in 0..<first.rank where axis != d {
                check(part.shape[axis] == first.shape[axis],
                    "Sizes of tensors must match except in dimension \(d). Expected size \(first.shape[axis]) but got size \(part.shape[axis]) for tensor number \(position) in the list.")
            }
        }
        let dtype = parts.dropFirst().reduce(first.dtype) { DType.promote($0, $1.dtype) }
        var shape = first.shape
        shape[d] = parts.reduce(0) { $0 + $1.shape[d] }
        let result = Tensor.empty(shape, dtype: dtype)
        var start = 0
        for part in parts {
            CopyKernel.copy(from: part, into: result.slice(d, start, start + part.shape[d], 1))
            start += part.shape[d]
        }
        return Autograd.recordCat(result, inputs: tensors, dim: d, name: "CatBackward0", stacked: false)
    }

    /// Stacks equally shaped tensors along a new dimension (`torch.stack`).
    public static func stack(_ tensors: [Tensor], dim: Int = 0) -> Tensor {
        check(!tensors.isEmpty, "stack expects a non-empty TensorList")
        let shape = tensors[0].shape
        for (position, tensor) in tensors.enumerated() {
            check(tensor.shape == shape,
                "stack expects each tensor to be equal size, but got \(shapeString(shape)) at entry 0 and \(shapeString(tensor.shape)) at entry \(position)")
        }
        let d = normalizeDim(dim, rank: shape.count + 1)
        let result = noGrad { cat(tensors.map { $0.unsqueeze(d) }, dim: d) }
        return Autograd.recordCat(result, inputs: tensors, dim: d, name: "StackBackward0", stacked: true)
    }
}
