import CSynapseKernels

extension FloatReduction {
    /// The sum of a contiguous bfloat16 tensor's elements, in double, read straight from the 16-bit values
    /// (``synapse_sum_rows_bf16``): segments of ``segmentLength`` split across threads and added in order, each
    /// summed exactly as the float32 kernels sum the tensor's float32 copy. So the result is the same whatever
    /// the thread count, and the same as `x.to(.float32)`'s whole-tensor sum before rounding (PyTorch, too,
    /// accumulates bfloat16 sums in float32). `level` as in ``reduce(_:dims:keepdim:_:level:)``.
    static func sumBFloat16(_ x: Tensor, level: Int32 = -1) -> Double {
        precondition(x.dtype == .bfloat16 && x.isContiguous && x.numel > 0)
        let n = x.numel, segments = (n + segmentLength - 1) / segmentLength
        return withExtendedLifetime(x) {
            withUnsafeTemporaryAllocation(of: Double.self, capacity: segments) { buffer in
                let values = SendablePointer(buffer.baseAddress!)
                nonisolated(unsafe) let bits = UnsafePointer(x.baseRawPointer.assumingMemoryBound(to: UInt16.self))
                let grain = Swift.max(1, Parallel.grainSize / segmentLength)
                Parallel.forRanges(count: segments, grain: grain, chunksPerThread: chunksPerThread) { range in
                    let status = synapse_sum_rows_bf16(bits, n, segmentLength, range.lowerBound, range.upperBound,
                                                       values.pointer, level)
                    check(status == 0, "reduction kernel: instruction set level \(level) not available")
                }
                var total = 0.0
                for segment in 0..<segments { total += buffer[segment] }
                return total
            }
        }
    }
}
