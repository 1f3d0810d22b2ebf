import SynapseTensor

extension MPILibrary {
    /// The MPI datatype that moves elements of `dtype` unchanged (half types as 16-bit words, bool as bytes).
    func datatype(_ dtype: DType) -> Handle {
        switch dtype {
        case .float32: float32
        case .float64: float64
        case .float16, .bfloat16: uint16
        case .int64: int64
        case .int32: int32
        case .int16: int16
        case .int8: int8
        case .uint8, .bool: uint8
        }
    }

    /// The MPI operation for `op` on elements of `dtype` (the dtype reduced, after float16/bfloat16 became float32);
    /// ``ReduceOp/avg`` reduces with a sum, divided afterwards.
    func operation(_ op: ReduceOp, for dtype: DType) throws(DistributedError) -> Handle {
        if dtype == .bool {
            switch op {
            case .sum, .max: return logicalOr
            case .product, .min: return logicalAnd
            case .avg: throw .invalidArgument("ReduceOp.avg expects a floating-point tensor, found torch.bool")
            }
        }
        switch op {
        case .sum: return sum
        case .avg:
            guard dtype.isFloatingPoint else {
                throw .invalidArgument("ReduceOp.avg expects a floating-point tensor, found \(dtype)")
            }
            return sum
        case .product: return product
        case .min: return min
        case .max: return max
        }
    }
}

extension DType {
    /// The dtype a reduction computes in: float32 for the 16-bit floating types, the dtype itself otherwise.
    var reductionDType: DType { self == .float16 || self == .bfloat16 ? .float32 : self }
}

extension Tensor {
    /// The first element's address, for MPI to read or write (the tensor must be contiguous and kept alive).
    var mpiAddress: UnsafeMutableRawPointer { storage.bytes + storageOffset * dtype.itemSize }

    /// The element count as MPI's `int`, or an error for a tensor too large for one MPI call.
    func mpiCount(times factor: Int = 1) throws(DistributedError) -> Int32 {
        guard let count = Int32(exactly: numel * factor) else {
            throw .invalidArgument("a tensor of at most \(Int32.max) elements per MPI call was expected, found \(numel * factor)")
        }
        return count
    }
}
