import Testing
@testable import SynapseTensor

/// ``AttentionKernel`` reading the heads of a packed `[N, S, 3, H, D]` projection in place and writing into the
/// heads of a `[N, S, H, D]` tensor: the same bits as on contiguous copies of the operands into a new tensor.
@Suite struct AttentionKernelDestinationTests {
    @Test("Strided operands and a strided destination give the bits of the contiguous computation",
          arguments: [(2, 5, 3, 4), (3, 17, 2, 8), (1, 33, 4, 32)])
    func stridedDestination(batch: Int, sequence: Int, heads: Int, depth: Int) {
        let generator = Generator(seed: UInt64(sequence))
        let packed = Tensor.randn([batch, sequence, 3, heads, depth], generator: generator)
        let parts = packed.permute(0, 2, 3, 1, 4)  // [N, 3, H, S, D]
        let (q, k, v) = (parts.select(1, 0), parts.select(1, 1), parts.select(1, 2))
        let padding = Tensor.zeros([batch, 1, 1, sequence]).maskedFill(Tensor.rand([batch, 1, 1, sequence],
                                                                                   generator: generator) .< 0.3,
                                                                       -Double.infinity)
        for mask in [nil, padding] as [Tensor?] {
            let scale = 1 / Double(depth).squareRoot()
            let expected = AttentionKernel.run(query: q.contiguous(), key: k.contiguous(), value: v.contiguous(),
                                               mask: mask, scale: scale)!
            let merged = Tensor.full([batch, sequence, heads, depth], 7)
            let destination = merged.permute(0, 2, 1, 3)
            let written = AttentionKernel.run(query: q, key: k, value: v, mask: mask, scale: scale, into: destination)
            #expect(written === destination)
            #expect(destination.equal(expected))
            #expect(merged.permute(0, 2, 1, 3).contiguous().equal(expected))
            // And the composed formula, in float64.
            let wide = { (t: Tensor) in t.to(.float64) }
            var scores = wide(q).matmul(wide(k).transpose(-2, -1)) * scale
            if let mask { scores = scores + wide(mask) }
            let reference = scores.softmax(dim: -1).matmul(wide(v))
            let finite = reference.isnan().logicalNot()
            #expect(((wide(expected) - reference).abs().maskedFill(finite.logicalNot(), 0).max().item()) < 1e-5)
        }
        // A destination of another shape is refused.
        #expect(AttentionKernel.run(query: q, key: k, value: v, mask: nil, scale: 1,
                                    into: Tensor.empty([batch, heads, sequence, depth + 1])) == nil)
    }
}
