import SynapseTensor

extension ProcessGroup {
    /// Combines `tensor` across all ranks in place, every rank receiving the result (`dist.all_reduce`).
    ///
    /// ```swift
    /// let gradient = Tensor([Double(group.rank)])
    /// try group.allReduce(gradient, op: .avg)    // every rank: the mean of 0..<worldSize
    /// ```
    public func allReduce(_ tensor: Tensor, op: ReduceOp = .sum) throws {
        try allReduceAsync(tensor, op: op).wait()
    }

    /// ``allReduce(_:op:)`` started without waiting (`dist.all_reduce(…, async_op=True)`, `MPI_Iallreduce`);
    /// `tensor` holds the result after ``Work/wait(timeout:)``.
    public func allReduceAsync(_ tensor: Tensor, op: ReduceOp = .sum) throws -> Work {
        let staged = StagedTensor(tensor, as: tensor.dtype.reductionDType)
        let buffer = staged.buffer
        let (datatype, operation) = (library.datatype(buffer.dtype), try library.operation(op, for: buffer.dtype))
        let count = try buffer.mpiCount()
        return try launch("MPI_Iallreduce", keepAlive: [tensor, buffer], finish: {
            if op == .avg { self.divideByWorldSize(buffer) }
            staged.writeBack()
        }) { mpi, request in
            mpi.iallreduce(MPILibrary.inPlace, buffer.mpiAddress, count, datatype, operation, mpi.commWorld, request)
        }
    }

    /// Reduces the `inputs` (one tensor per rank, the same on every rank in shape) across ranks and leaves in
    /// `output` the reduction of everyone's `inputs[rank]` (`dist.reduce_scatter`).
    public func reduceScatter(_ output: Tensor, _ inputs: [Tensor], op: ReduceOp = .sum) throws {
        try reduceScatterAsync(output, inputs, op: op).wait()
    }

    /// ``reduceScatter(_:_:op:)`` started without waiting (`MPI_Ireduce_scatter_block`).
    public func reduceScatterAsync(_ output: Tensor, _ inputs: [Tensor], op: ReduceOp = .sum) throws -> Work {
        try checkList(inputs, like: output, "reduceScatter")
        let dtype = output.dtype.reductionDType
        let send = noGrad { Tensor.cat(inputs.map { $0.reshape([-1]).to(dtype) }).contiguous() }
        let received = StagedTensor(output, as: dtype)
        let buffer = received.buffer
        let (datatype, operation) = (library.datatype(dtype), try library.operation(op, for: dtype))
        let count = try buffer.mpiCount()
        _ = try send.mpiCount()
        return try launch("MPI_Ireduce_scatter_block", keepAlive: [output, send, buffer], finish: {
            if op == .avg { self.divideByWorldSize(buffer) }
            received.writeBack()
        }) { mpi, request in
            mpi.ireduceScatterBlock(send.mpiAddress, buffer.mpiAddress, count, datatype, operation, mpi.commWorld, request)
        }
    }
}
