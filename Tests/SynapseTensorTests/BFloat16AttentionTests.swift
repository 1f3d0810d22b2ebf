import CSynapseKernels
@testable import SynapseTensor
import Testing

/// ``BFloat16Attention`` (`attention_bf16.c`, `vdpbf16ps`) against attention in float64 on the same bfloat16
/// inputs: odd sequence lengths, head widths 16, 32, 64 and odd ones, additive masks (causal, key padding, rows
/// padded throughout), heads read in place from a packed projection and written into the heads of a merged
/// matrix; lower instruction-set levels refused (the caller then computes in float32); one and two threads equal.
@Suite struct BFloat16AttentionTests {
    /// `[N, 3, H, S, D]` views q, k, v of a packed bfloat16 projection `[N, S, 3, H, D]` (a head's rows 3·H·D apart,
    /// as the encoder's in-projection gives them), values in [-2, 2].
    static func heads(batch: Int, sequence: Int, heads: Int, depth: Int, seed: UInt64) -> (Tensor, Tensor, Tensor) {
        let packed = (Tensor.rand([batch, sequence, 3, heads, depth], generator: Generator(seed: seed)) * 4 - 2)
            .to(.bfloat16)
        let parts = packed.permute(0, 2, 3, 1, 4)
        return (parts.select(1, 0), parts.select(1, 1), parts.select(1, 2))
    }

    /// The additive masks of the encoder: none, causal `[S, S]`, key padding `[N, 1, 1, S]` (the last batch item
    /// padded throughout, so its rows give zeros), both together; bfloat16.
    static func masks(batch: Int, sequence: Int, seed: UInt64) -> [(String, Tensor?)] {
        let future = (0..<sequence * sequence).map { $0 % sequence > $0 / sequence ? -Float.infinity : 0 }
        let causal = Tensor(flat: future, shape: [sequence, sequence])
        let drop = Tensor.rand([batch, 1, 1, sequence], generator: Generator(seed: seed)) .< 0.3
        let padding = Tensor.zeros([batch, 1, 1, sequence]).maskedFill(drop, -Double.infinity)
        padding[batch - 1].fill_(-Double.infinity)
        return [("none", nil), ("causal", causal.to(.bfloat16)), ("padding", padding.to(.bfloat16)),
                ("causal+padding", (causal.view([1, 1, sequence, sequence]) + padding).to(.bfloat16))]
    }

    /// softmax(scale·q·kᵀ + mask)·v in float64 from the bfloat16 values; rows masked throughout give zeros.
    static func reference(_ q: Tensor, _ k: Tensor, _ v: Tensor, _ mask: Tensor?, scale: Double) -> Tensor {
        let wide = { (t: Tensor) in t.to(.float64) }
        var scores = wide(q).matmul(wide(k).transpose(-2, -1)) * scale
        if let mask { scores = scores + wide(mask) }
        let probabilities = scores.softmax(dim: -1)
        return probabilities.maskedFill(probabilities.isnan(), 0).matmul(wide(v))
    }

    /// PyTorch's bfloat16 flash attention rounds the probabilities (relative error 2⁻⁹ each, so the weighted mean
    /// of |v| ≤ 2 moves by at most 2·2⁻⁹) and the output (2⁻⁹ relative), the scores' float32 sums and the
    /// exponentials add ~1e-5: within 2⁻⁷ + 2⁻⁹·|reference| of float64.
    static func expectWithinBFloat16Error(_ output: Tensor, _ reference: Tensor, _ label: String) {
        let error = (output.to(.float64) - reference).abs() - reference.abs() * 0x1p-9
        #expect(error.max().item() <= 0x1p-7, "\(label): \(error.max().item())")
        #expect(!output.to(.float32).isnan().any().item(as: Bool.self), "\(label): NaN")
    }

    @Test("Odd shapes and masks within bfloat16 error of float64, heads read and written in place",
          arguments: [(2, 5, 2, 16), (3, 33, 2, 32), (2, 47, 3, 64), (1, 130, 2, 32), (2, 17, 2, 9), (1, 1, 1, 1)])
    func oddShapes(batch: Int, sequence: Int, heads: Int, depth: Int) throws {
        guard synapse_bf16_attention_supported(-1) != 0 else { return }
        let (q, k, v) = Self.heads(batch: batch, sequence: sequence, heads: heads, depth: depth,
                                   seed: UInt64(sequence * 100 + depth))
        let scale = 1 / Double(depth).squareRoot()
        for (name, mask) in Self.masks(batch: batch, sequence: sequence, seed: UInt64(depth)) {
            let label = "\(batch)x\(heads)x\(sequence)x\(depth) \(name)"
            let merged = Tensor.full([batch, sequence, heads, depth], 7).to(.bfloat16)
            let destination = merged.permute(0, 2, 1, 3)
            let written = try #require(BFloat16Attention.run(query: q, key: k, value: v, mask: mask, scale: scale,
                                                             into: destination))
            #expect(written === destination)
            let reference = Self.reference(q, k, v, mask, scale: scale)
            Self.expectWithinBFloat16Error(destination, reference, label)
            // Contiguous operands into a new tensor: the same bits.
            let fresh = try #require(BFloat16Attention.run(query: q.contiguous(), key: k.contiguous(),
                                                           value: v.contiguous(), mask: mask, scale: scale))
            #expect(HalfPrecisionTests.raw(fresh) == HalfPrecisionTests.raw(destination), "\(label)")
            if name.contains("padding") {  // the last item's keys all padded: zeros, as PyTorch's _safe_softmax
                #expect(destination[batch - 1].to(.float32).abs().max().item() == 0, "\(label)")
            }
        }
    }

    /// A value depth other than the query's, keys longer than queries.
    @Test func rectangularProblem() throws {
        guard synapse_bf16_attention_supported(-1) != 0 else { return }
        let g = Generator(seed: 11)
        let q = (Tensor.rand([2, 3, 19, 24], generator: g) * 2 - 1).to(.bfloat16)
        let k = (Tensor.rand([2, 3, 41, 24], generator: g) * 2 - 1).to(.bfloat16)
        let v = (Tensor.rand([2, 3, 41, 40], generator: g) * 2 - 1).to(.bfloat16)
        let output = try #require(BFloat16Attention.run(query: q, key: k, value: v, mask: nil, scale: 0.3))
        #expect(output.shape == [2, 3, 19, 40])
        Self.expectWithinBFloat16Error(output, Self.reference(q, k, v, nil, scale: 0.3), "19x41, value depth 40")
    }

    /// Below AVX-512 (or without AVX-512 BF16) the kernel refuses and writes nothing; float32 operands too.
    @Test("Lower instruction-set levels and other dtypes are refused, nothing written")
    func lowerLevelsRefused() {
        let (q, k, v) = Self.heads(batch: 1, sequence: 9, heads: 2, depth: 16, seed: 3)
        for level in [Int32(SYNAPSE_VM_ISA_BASELINE), Int32(SYNAPSE_VM_ISA_AVX2)] {
            let destination = Tensor.full([1, 2, 9, 16], 7).to(.bfloat16)
            #expect(BFloat16Attention.run(query: q, key: k, value: v, mask: nil, scale: 1, into: destination,
                                          level: level) == nil)
            #expect((destination.to(.float32) .== 7).all().item(as: Bool.self))
        }
        #expect(BFloat16Attention.run(query: q.to(.float32), key: k.to(.float32), value: v.to(.float32), mask: nil,
                                      scale: 1) == nil)
    }

    @Test("One thread and two threads give the same bits")
    func threadCounts() {
        guard synapse_bf16_attention_supported(-1) != 0 else { return }
        let (q, k, v) = Self.heads(batch: 4, sequence: 70, heads: 3, depth: 32, seed: 5)
        let mask = Self.masks(batch: 4, sequence: 70, seed: 6)[3].1
        expectSameResultsOnOneAndTwoThreads {
            [BFloat16Attention.run(query: q, key: k, value: v, mask: mask, scale: 0.2)!]
        }
    }
}
