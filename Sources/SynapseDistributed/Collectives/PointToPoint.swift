import SynapseTensor

extension ProcessGroup {
    /// Blocks until every rank has called it (`dist.barrier()`).
    public func barrier() throws {
        try barrierAsync().wait()
    }

    /// ``barrier()`` started without waiting (`MPI_Ibarrier`).
    public func barrierAsync() throws -> Work {
        try launch("MPI_Ibarrier", keepAlive: []) { mpi, request in mpi.ibarrier(mpi.commWorld, request) }
    }

    /// Sends `tensor` to rank `destination`, which receives it with ``recv(_:from:tag:)`` (`dist.send`).
    public func send(_ tensor: Tensor, to destination: Int, tag: Int = 0) throws {
        try isend(tensor, to: destination, tag: tag).wait()
    }

    /// ``send(_:to:tag:)`` started without waiting (`dist.isend`, `MPI_Isend`).
    public func isend(_ tensor: Tensor, to destination: Int, tag: Int = 0) throws -> Work {
        try checkRank(destination, "send's destination")
        let buffer = StagedTensor(tensor).buffer
        let (datatype, count, tag) = (library.datatype(tensor.dtype), try buffer.mpiCount(), try mpiTag(tag))
        return try launch("MPI_Isend", keepAlive: [buffer]) { mpi, request in
            mpi.isend(buffer.mpiAddress, count, datatype, Int32(destination), tag, mpi.commWorld, request)
        }
    }

    /// Receives into `tensor` what rank `source` sent with ``send(_:to:tag:)`` (`dist.recv`); shapes and dtypes
    /// must agree.
    public func recv(_ tensor: Tensor, from source: Int, tag: Int = 0) throws {
        try irecv(tensor, from: source, tag: tag).wait()
    }

    /// ``recv(_:from:tag:)`` started without waiting (`dist.irecv`, `MPI_Irecv`).
    public func irecv(_ tensor: Tensor, from source: Int, tag: Int = 0) throws -> Work {
        try checkRank(source, "recv's source")
        let staged = StagedTensor(tensor)
        let buffer = staged.buffer
        let (datatype, count, tag) = (library.datatype(tensor.dtype), try buffer.mpiCount(), try mpiTag(tag))
        return try launch("MPI_Irecv", keepAlive: [tensor, buffer], finish: { staged.writeBack() }) { mpi, request in
            mpi.irecv(buffer.mpiAddress, count, datatype, Int32(source), tag, mpi.commWorld, request)
        }
    }

    private func mpiTag(_ tag: Int) throws(DistributedError) -> Int32 {
        guard (0...32767).contains(tag) else {
            throw .invalidArgument("a tag in 0...32767 (MPI's guaranteed range) was expected, found \(tag)")
        }
        return Int32(tag)
    }
}
