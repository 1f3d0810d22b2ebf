import CSynapseKernels

/// ``AttentionKernel`` in bfloat16 on AVX-512 BF16 (`CSynapseKernels/attention_bf16.c`), for the transformer
/// encoder's inference path: each head's products with `vdpbf16ps` on the bfloat16 operands read in place (no
/// conversion of q, k, v to float32 and of the output back), the scores, mask and softmax in float32, the
/// probabilities rounded to bfloat16 for the product with `v` and the output rounded once: the steps of PyTorch's
/// CPU flash-attention kernel for bfloat16. ``AttentionKernel`` itself computes bfloat16 in float32 and rounds
/// once (what `scaledDotProductAttention` keeps). Heads run in parallel.
package enum BFloat16Attention {
    /// `softmax(scale · q·kᵀ + mask) · v` as ``AttentionKernel/run(query:key:value:mask:scale:into:)`` takes it,
    /// for bfloat16 operands (and mask); `nil` when the operands don't fit or the kernel doesn't run at `level` (a
    /// `SYNAPSE_VM_ISA_*` level, -1 for the best one; tests force lower ones): no AVX-512 BF16, or a level below
    /// AVX-512. Then nothing is written and the caller computes in float32.
    package static func run(query: Tensor, key: Tensor, value: Tensor, mask: Tensor?, scale: Double,
                            into destination: Tensor? = nil, level: Int32 = -1) -> Tensor? {
        guard query.dtype == .bfloat16, synapse_bf16_attention_supported(level) != 0 else { return nil }
        guard let problem = AttentionKernel.Problem(query: query, key: key, value: value, mask: mask, scale: scale,
                                                    into: destination) else { return nil }
        problem.runBFloat16(level: level)
        return problem.output
    }
}

extension AttentionKernel.Problem {
    /// The heads through `synapse_bf16_attention`, split across threads.
    func runBFloat16(level: Int32) {
        let rank = q.rank
        nonisolated(unsafe) let (qBase, kBase, vBase) = (q.basePointer(UInt16.self), k.basePointer(UInt16.self),
                                                         v.basePointer(UInt16.self))
        nonisolated(unsafe) let maskBase = mask?.basePointer(UInt16.self)
        nonisolated(unsafe) let out = output.basePointer(UInt16.self)
        let (qLead, kLead, vLead) = (q.strides[rank - 2], k.strides[rank - 2], v.strides[rank - 2])
        let outLead = output.strides[rank - 2]
        let maskStrides = mask.map { ($0.strides[rank - 2], $0.strides[rank - 1]) } ?? (0, 0)
        let work = rows * columns * (depth + valueDepth)
        let grain = Swift.max(1, Parallel.grainSize / Swift.max(1, work))
        withExtendedLifetime((q, k, v, mask, output)) {
            Parallel.forRanges(count: batch, grain: grain) { range in
                for index in range {
                    let status = synapse_bf16_attention(
                        rows, columns, depth, valueDepth, qBase + offset(q, index), Swift.max(qLead, depth),
                        kBase + offset(k, index), Swift.max(kLead, depth), vBase + offset(v, index),
                        Swift.max(vLead, valueDepth), maskBase.map { $0 + offset(mask!, index) }, maskStrides.0,
                        maskStrides.1, Float(scale), out + offset(output, index), Swift.max(1, outLead, valueDepth),
                        level)
                    check(status == 0, "bfloat16 attention kernel: instruction set level \(level) not available")
                }
            }
        }
        output.markModified()
    }
}
