import SynapseTensor

extension ProcessGroup {
    /// Copies `tensor` from rank `source` into `tensor` on every other rank (`dist.broadcast`).
    public func broadcast(_ tensor: Tensor, from source: Int = 0) throws {
        try broadcastAsync(tensor, from: source).wait()
    }

    /// ``broadcast(_:from:)`` started without waiting (`MPI_Ibcast`).
    public func broadcastAsync(_ tensor: Tensor, from source: Int = 0) throws -> Work {
        try checkRank(source, "broadcast's source")
        let staged = StagedTensor(tensor)
        let buffer = staged.buffer
        let (datatype, count) = (library.datatype(tensor.dtype), try buffer.mpiCount())
        return try launch("MPI_Ibcast", keepAlive: [tensor, buffer], finish: { staged.writeBack() }) { mpi, request in
            mpi.ibcast(buffer.mpiAddress, count, datatype, Int32(source), mpi.commWorld, request)
        }
    }

    /// Fills `outputs[r]` with rank `r`'s `input` on every rank (`dist.all_gather`); `outputs` are `worldSize`
    /// tensors shaped like `input`.
    public func allGather(_ outputs: [Tensor], _ input: Tensor) throws {
        try allGatherAsync(outputs, input).wait()
    }

    /// Every rank's `input`, in rank order (`dist.all_gather` into new tensors).
    public func allGather(_ input: Tensor) throws -> [Tensor] {
        let outputs = (0..<worldSize).map { _ in Tensor.emptyLike(input) }
        try allGather(outputs, input)
        return outputs
    }

    /// ``allGather(_:_:)`` started without waiting (`MPI_Iallgather`).
    public func allGatherAsync(_ outputs: [Tensor], _ input: Tensor) throws -> Work {
        try checkList(outputs, like: input, "allGather")
        let send = StagedTensor(input).buffer
        let received = Tensor.empty([worldSize] + input.shape, dtype: input.dtype)
        let (datatype, count) = (library.datatype(input.dtype), try send.mpiCount())
        _ = try received.mpiCount()
        return try launch("MPI_Iallgather", keepAlive: [send, received] + outputs, finish: {
            self.split(received, into: outputs)
        }) { mpi, request in
            mpi.iallgather(send.mpiAddress, count, datatype, received.mpiAddress, count, datatype, mpi.commWorld, request)
        }
    }

    /// Collects every rank's `tensor` into `outputs` on rank `destination` (`dist.gather`); `outputs` is `nil`
    /// on the other ranks.
    public func gather(_ tensor: Tensor, _ outputs: [Tensor]?, to destination: Int = 0) throws {
        try gatherAsync(tensor, outputs, to: destination).wait()
    }

    /// ``gather(_:_:to:)`` started without waiting (`MPI_Igather`).
    public func gatherAsync(_ tensor: Tensor, _ outputs: [Tensor]?, to destination: Int = 0) throws -> Work {
        try checkRank(destination, "gather's destination")
        try checkRootList(outputs, like: tensor, isRoot: rank == destination, "gather", "outputs")
        let send = StagedTensor(tensor).buffer
        let received = rank == destination ? Tensor.empty([worldSize] + tensor.shape, dtype: tensor.dtype) : nil
        let (datatype, count) = (library.datatype(tensor.dtype), try send.mpiCount())
        _ = try received?.mpiCount()
        return try launch("MPI_Igather", keepAlive: [send] + (received.map { [$0] } ?? []) + (outputs ?? []), finish: {
            if let received, let outputs { self.split(received, into: outputs) }
        }) { mpi, request in
            mpi.igather(send.mpiAddress, count, datatype, received?.mpiAddress, count, datatype, Int32(destination),
                        mpi.commWorld, request)
        }
    }

    /// Sends `inputs[r]` from rank `source` into `output` on each rank `r` (`dist.scatter`); `inputs` is `nil` on
    /// the other ranks.
    public func scatter(_ output: Tensor, _ inputs: [Tensor]?, from source: Int = 0) throws {
        try scatterAsync(output, inputs, from: source).wait()
    }

    /// ``scatter(_:_:from:)`` started without waiting (`MPI_Iscatter`).
    public func scatterAsync(_ output: Tensor, _ inputs: [Tensor]?, from source: Int = 0) throws -> Work {
        try checkRank(source, "scatter's source")
        try checkRootList(inputs, like: output, isRoot: rank == source, "scatter", "inputs")
        let send = inputs.map { inputs in noGrad { Tensor.cat(inputs.map { $0.reshape([-1]) }).contiguous() } }
        let received = StagedTensor(output)
        let buffer = received.buffer
        let (datatype, count) = (library.datatype(output.dtype), try buffer.mpiCount())
        _ = try send?.mpiCount()
        return try launch("MPI_Iscatter", keepAlive: [output, buffer] + (send.map { [$0] } ?? []), finish: {
            received.writeBack()
        }) { mpi, request in
            mpi.iscatter(send?.mpiAddress, count, datatype, buffer.mpiAddress, count, datatype, Int32(source),
                         mpi.commWorld, request)
        }
    }

    /// Copies the rows of `stacked` (`[worldSize, …]`) into `outputs`.
    private func split(_ stacked: Tensor, into outputs: [Tensor]) {
        noGrad {
            for (index, output) in outputs.enumerated() { _ = output.copy_(stacked.select(0, index)) }
        }
    }

    /// Throws unless the root has `worldSize` tensors like `reference` and the other ranks have none.
    private func checkRootList(
        _ tensors: [Tensor]?, like reference: Tensor, isRoot: Bool, _ what: String, _ name: String
    ) throws(DistributedError) {
        if isRoot {
            guard let tensors else { throw .invalidArgument("\(what): the root rank \(rank) needs its \(name), found nil") }
            try checkList(tensors, like: reference, what)
        } else if tensors != nil {
            throw .invalidArgument("\(what): only the root rank takes \(name), found them on rank \(rank)")
        }
    }
}
