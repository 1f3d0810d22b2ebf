import CSynapseKernels

extension Tensor {
    /// `(self + residual).layerNorm(normalizedDimensions: 1, …)` in one pass over the rows, for inference: each
    /// row's sum is normalised while it is still in cache, with the same bits as the add and the layer norm apart
    /// (the C kernel of ``NormalizationRows/layerNorm(_:_:rows:width:weight:bias:eps:mean:rstd:level:)``).
    /// `nil` unless both are contiguous float32 tensors of the same shape, `weight` and `bias` (when given)
    /// contiguous float32 vectors of the last dimension's size, and nothing needs a gradient (the caller then
    /// composes the two operations). `level` forces an instruction-set level (tests), -1 for the best one.
    package func addLayerNorm(_ residual: Tensor, weight: Tensor?, bias: Tensor?, eps: Double,
                              level: Int32 = -1) -> Tensor? {
        let width = rank == 0 ? 0 : shape[rank - 1]
        func fits(_ vector: Tensor?) -> Bool {
            vector.map { $0.dtype == .float32 && $0.shape == [width] && $0.isContiguous } ?? true
        }
        guard dtype == .float32, residual.dtype == .float32, residual.shape == shape, width > 0,
              isContiguous, residual.isContiguous, fits(weight), fits(bias),
              !(GradMode.isEnabled && (requiresGrad || residual.requiresGrad || weight?.requiresGrad == true
                                       || bias?.requiresGrad == true)) else { return nil }
        let output = Tensor.empty(shape, dtype: .float32)
        let rows = numel / width
        withExtendedLifetime((self, residual, weight, bias)) {
            nonisolated(unsafe) let (x, r, y) = (basePointer(Float.self), residual.basePointer(Float.self),
                                                 output.basePointer(Float.self))
            nonisolated(unsafe) let (w, b) = (weight?.basePointer(Float.self), bias?.basePointer(Float.self))
            Parallel.forRanges(count: rows, grain: NormalizationRows.rowGrain(width: width)) { range in
                let status = synapse_add_layer_norm_rows_f32(x, r, y, width, range.lowerBound, range.upperBound,
                                                             w, b, eps, level)
                check(status == 0, "layer_norm kernel: instruction set level \(level) not available")
            }
        }
        return output
    }
}
