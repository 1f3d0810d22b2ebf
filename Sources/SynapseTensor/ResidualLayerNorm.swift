import CSynapseKernels

extension Tensor {
    /// `(self + residual).layerNorm(normalizedDimensions: 1, …)` in one pass over the rows, for inference: each
    /// row's sum is normalised while it is still in cache, with the same bits as the add and the layer norm apart
    /// (the C kernel of ``NormalizationRows/layerNorm(_:_:rows:width:weight:bias:eps:mean:rstd:level:)``; bfloat16
    /// rows are added and rounded as the bfloat16 add does, normalised in float32 and rounded once, as a bfloat16
    /// layer norm). `nil` unless both are contiguous float32 (or both bfloat16) tensors of the same shape, `weight`
    /// and `bias` (when given) contiguous vectors of that dtype and the last dimension's size, and nothing needs a
    /// gradient (the caller then composes the two operations). `level` forces an instruction-set level (tests),
    /// -1 for the best one.
    package func addLayerNorm(_ residual: Tensor, weight: Tensor?, bias: Tensor?, eps: Double,
                              level: Int32 = -1) -> Tensor? {
        let width = rank == 0 ? 0 : shape[rank - 1]
        func fits(_ vector: Tensor?) -> Bool {
            vector.map { $0.dtype == dtype && $0.shape == [width] && $0.isContiguous } ?? true
        }
        guard dtype == .float32 || dtype == .bfloat16, residual.dtype == dtype, residual.shape == shape, width > 0,
              isContiguous, residual.isContiguous, fits(weight), fits(bias),
              !(GradMode.isEnabled && (requiresGrad || residual.requiresGrad || weight?.requiresGrad == true
                                       || bias?.requiresGrad == true)) else { return nil }
        let output = Tensor.empty(shape, dtype: dtype)
        let rows = numel / width
        // bfloat16 normalises with float32 parameters, as its layer norm does: widened once per call.
        let (weight, bias) = dtype == .float32 ? (weight, bias) : (weight?.to(.float32), bias?.to(.float32))
        let half = dtype == .bfloat16
        withExtendedLifetime((self, residual, weight, bias)) {
            nonisolated(unsafe) let (x, r, y) = (baseRawPointer, residual.baseRawPointer, output.baseRawPointer)
            nonisolated(unsafe) let (w, b) = (weight?.basePointer(Float.self), bias?.basePointer(Float.self))
            Parallel.forRanges(count: rows, grain: NormalizationRows.rowGrain(width: width)) { range in
                let (begin, end) = (range.lowerBound, range.upperBound)
                let status = half
                    ? synapse_add_layer_norm_rows_bf16(x.assumingMemoryBound(to: UInt16.self),
                                                       r.assumingMemoryBound(to: UInt16.self),
                                                       y.assumingMemoryBound(to: UInt16.self), width, begin, end, w, b,
                                                       eps, level)
                    : synapse_add_layer_norm_rows_f32(x.assumingMemoryBound(to: Float.self),
                                                      r.assumingMemoryBound(to: Float.self),
                                                      y.assumingMemoryBound(to: Float.self), width, begin, end, w, b,
                                                      eps, level)
                check(status == 0, "layer_norm kernel: instruction set level \(level) not available")
            }
        }
        return output
    }
}
