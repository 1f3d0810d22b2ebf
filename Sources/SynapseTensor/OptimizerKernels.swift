import CSynapseKernels

/// One-pass optimiser updates for their common case, for SynapseOptim: contiguous float32 tensors of one shape, in
/// separate storages. Each returns `false` when its case doesn't apply, and the optimiser then runs the composed
/// tensor operations instead.
///
/// An optimiser step written with tensor operations reads and writes every state tensor several times (PyTorch's
/// single-tensor Adam makes about ten passes); one pass is memory-bound and several times faster on large models.
package enum OptimizerKernels {
    /// One Adam step without AMSGrad, from the gradient after maximize and weight decay, in PyTorch's order and
    /// rounding (see `synapse_adam_f32`).
    package static func adam(
        parameter: Tensor, gradient: Tensor, expAvg: Tensor, expAvgSq: Tensor,
        coefficients: synapse_adam_coefficients
    ) -> Bool {
        let tensors = [parameter, gradient, expAvg, expAvgSq]
        guard tensors.allSatisfy({ $0.dtype == .float32 && $0.isContiguous && $0.shape == parameter.shape }),
              distinctStorages(tensors)
        else { return false }
        let p = SendablePointer(parameter.basePointer(Float.self)), g = SendablePointer(gradient.basePointer(Float.self))
        let m = SendablePointer(expAvg.basePointer(Float.self)), v = SendablePointer(expAvgSq.basePointer(Float.self))
        withExtendedLifetime(tensors) {
            Parallel.forRanges(count: parameter.numel) { range in
                var c = coefficients
                synapse_adam_f32(p.pointer + range.lowerBound, g.pointer + range.lowerBound, m.pointer + range.lowerBound,
                                 v.pointer + range.lowerBound, range.count, &c)
            }
        }
        for written in [parameter, expAvg, expAvgSq] { written.storage.bumpVersion() }
        return true
    }

    /// Whether no two of `tensors` share memory (the kernels read and write element by element).
    private static func distinctStorages(_ tensors: [Tensor]) -> Bool {
        for (index, tensor) in tensors.enumerated() where tensors[..<index].contains(where: { $0.storage === tensor.storage }) {
            return false
        }
        return true
    }
}
