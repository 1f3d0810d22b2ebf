import SynapseTensor

/// A contiguous buffer MPI can read and write for a tensor: the tensor itself when it already is one, of the
/// right dtype, otherwise a converted copy whose result is written back when the operation completes.
struct StagedTensor {
    /// The tensor the caller passed.
    let tensor: Tensor
    /// What MPI works on.
    let buffer: Tensor

    /// A buffer of `dtype` (the tensor's own when `nil`) holding the tensor's values.
    init(_ tensor: Tensor, as dtype: DType? = nil) {
        self.tensor = tensor
        let dtype = dtype ?? tensor.dtype
        buffer = tensor.isContiguous && tensor.dtype == dtype ? tensor : noGrad { tensor.contiguous().to(dtype).contiguous() }
    }

    /// Copies the buffer's values into the tensor when they are different objects.
    func writeBack() {
        if buffer !== tensor { noGrad { _ = tensor.copy_(buffer) } }
    }
}

extension ProcessGroup {
    /// Throws unless `tensors` are `worldSize` tensors with the shape and dtype of `reference`.
    func checkList(_ tensors: [Tensor], like reference: Tensor, _ what: String) throws(DistributedError) {
        guard tensors.count == worldSize else {
            throw .invalidArgument("\(what): expected \(worldSize) tensors (one per rank), found \(tensors.count)")
        }
        for (index, tensor) in tensors.enumerated() where tensor.shape != reference.shape || tensor.dtype != reference.dtype {
            throw .invalidArgument("\(what): tensor \(index) should have shape \(reference.shape) and dtype "
                + "\(reference.dtype), found \(tensor.shape) and \(tensor.dtype)")
        }
    }

    /// Divides a floating-point `buffer` by the world size (the second half of ``ReduceOp/avg``; nothing to do
    /// alone).
    func divideByWorldSize(_ buffer: Tensor) {
        if worldSize > 1 { noGrad { _ = buffer.div_(Double(worldSize)) } }
    }
}
