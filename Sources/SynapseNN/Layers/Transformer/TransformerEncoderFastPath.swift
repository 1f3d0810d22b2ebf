/// The inference path of ``TransformerEncoderLayer`` (PyTorch's `_transformer_encoder_layer_fwd`, which its
/// encoder layer takes in eval mode without gradients): the same operations as the regular forward, on the
/// tokens as one `[N·S, E]` matrix, without the layout copies between them:
/// - the packed in-projection is one product whose `[N·S, 3E]` result is read by the attention kernel in place,
///   each head's queries, keys and values a strided view of it (no split of the heads);
/// - the attention kernel writes each head's output straight into its columns of the `[N·S, E]` input of the
///   output projection (no merge of the heads);
/// - the residual sum and the layer normalisation after it are one pass (post-norm layers);
/// - the first feed-forward layer's bias and ReLU are one pass over its product (bfloat16: in the product's
///   epilogue, before its rounding).
/// Each step rounds as the regular one does; results agree with it to rounding. bfloat16 attention runs in
/// bfloat16 on machines with AVX-512 BF16 (`BFloat16Attention`: the probabilities rounded to bfloat16 before the
/// product with the values, as PyTorch's flash-attention kernel does), in float32 inside elsewhere.
extension TransformerEncoderLayer {
    /// The layer's output by the inference path, or `nil` when that path doesn't apply: anything recording a
    /// gradient, dropout that is active, hooks or subclasses of the sub-layers (whose behaviour the path would
    /// skip), another dtype than float32 or bfloat16, or masks of shapes the regular path refuses (it then says
    /// why). bfloat16 takes the same steps.
    func inferenceForward(_ src: Tensor, mask: Tensor?, padding: Tensor?) -> Tensor? {
        guard src.dtype == .float32 || src.dtype == .bfloat16, src.rank == 3, src.isContiguous, inferencePathApplies(src) else { return nil }
        let (sequence, batch) = settings.batchFirst ? (src.shape[1], src.shape[0]) : (src.shape[0], src.shape[1])
        let width = src.shape[2]
        guard width == selfAttn.embedDim, batch > 0, sequence > 0,
              norm1.normalizedShape == [width], norm2.normalizedShape == [width],
              [mask, padding].allSatisfy({ $0.map { $0.dtype == src.dtype } ?? true }),
              let attentionMask = Self.attentionMask(mask, padding, batch: batch, heads: selfAttn.numHeads,
                                                     sequence: sequence) else { return nil }
        let x = src.view([batch * sequence, width])
        let tokens = TokenLayout(batch: batch, sequence: sequence, batchFirst: settings.batchFirst)
        let output: Tensor
        if normFirst {
            let attended = x + selfAttention(norm1(x), tokens: tokens, mask: attentionMask)
            output = attended + feedForward(norm2(attended))
        } else {
            let attended = residualNorm(x, selfAttention(x, tokens: tokens, mask: attentionMask), norm1)
            output = residualNorm(attended, feedForward(attended), norm2)
        }
        return output.view(src.shape)
    }

    /// Whether nothing the inference path leaves out is in use (see ``inferenceForward(_:mask:padding:)``).
    private func inferencePathApplies(_ src: Tensor) -> Bool {
        let attention = selfAttn
        guard !training, !attention.training, !dropout.training, !dropout1.training, !dropout2.training,
              type(of: attention) == MultiheadAttention.self, type(of: attention.outProj) == NonDynamicallyQuantizableLinear.self,
              type(of: linear1) == Linear.self, type(of: linear2) == Linear.self,
              type(of: norm1) == LayerNorm.self, type(of: norm2) == LayerNorm.self,
              type(of: dropout) == Dropout.self, type(of: dropout1) == Dropout.self, type(of: dropout2) == Dropout.self,
              let inProjWeight = attention.inProjWeight, attention.biasK == nil, !attention.addZeroAttn,
              attention.batchFirst == settings.batchFirst else { return false }
        for module in [attention, attention.outProj, linear1, linear2, norm1, norm2, dropout, dropout1, dropout2] as [Module]
        where module.hooks.wrapCalls { return false }
        guard isGradEnabled else { return true }
        let parameters: [Tensor?] = [src, inProjWeight, attention.inProjBias, attention.outProj.weight,
                                     attention.outProj.bias, linear1.weight, linear1.bias, linear2.weight,
                                     linear2.bias, norm1.weight, norm1.bias, norm2.weight, norm2.bias]
        return !parameters.contains { $0?.requiresGrad == true }
    }

    /// `norm(x + residual)`, in one pass when the kernel takes it.
    private func residualNorm(_ x: Tensor, _ residual: Tensor, _ norm: LayerNorm) -> Tensor {
        x.addLayerNorm(residual, weight: norm.weight, bias: norm.bias, eps: norm.eps) ?? norm(x + residual)
    }

    /// The attention block on tokens `x` `[N·S, E]`: in-projection, attention per head, output projection.
    private func selfAttention(_ x: Tensor, tokens: TokenLayout, mask: Tensor?) -> Tensor {
        let attention = selfAttn
        let projected = Functional.linear(x, weight: attention.inProjWeight!, bias: attention.inProjBias)
        // bfloat16 attends in bfloat16 where the machine multiplies bfloat16 (AVX-512 BF16); elsewhere it computes
        // in float32 inside, as the regular path's kernel does: one contiguous conversion of the whole projection
        // instead of one strided conversion per head (float32: no copy).
        let merged = attend(projected, tokens: tokens, mask: mask, fallback: false)
            ?? attend(projected.to(.float32), tokens: tokens, mask: mask?.to(.float32), fallback: true)!.to(x.dtype)
        return Functional.linear(merged, weight: attention.outProj.weight, bias: attention.outProj.bias)
    }

    /// The heads' attention on the in-projection's output `projected` `[N·S, 3E]`, merged into a new `[N·S, E]`
    /// matrix of its dtype; `nil` when ``AttentionKernel`` refuses the operands, unless `fallback` (then composed).
    private func attend(_ projected: Tensor, tokens: TokenLayout, mask: Tensor?, fallback: Bool) -> Tensor? {
        let (heads, width) = (selfAttn.numHeads, selfAttn.embedDim)
        let headWidth = width / heads
        // [N·S, 3E] as [N, 3, H, S, D]: each of q, k, v a strided view (rows 3E apart).
        let parts = tokens.heads(of: projected, groups: 3, heads: heads, headWidth: headWidth)
        let merged = Tensor.empty([projected.shape[0], width], dtype: projected.dtype)
        let destination = tokens.heads(of: merged, groups: 1, heads: heads, headWidth: headWidth).select(1, 0)
        let (q, k, v) = (parts.select(1, 0), parts.select(1, 1), parts.select(1, 2))
        let scale = 1 / Double(headWidth).squareRoot()
        let attended = projected.dtype == .bfloat16
            ? BFloat16Attention.run(query: q, key: k, value: v, mask: mask, scale: scale, into: destination)
            : AttentionKernel.run(query: q, key: k, value: v, mask: mask, scale: scale, into: destination)
        if attended == nil {
            guard fallback else { return nil }
            destination.copy_(Functional.scaledDotProductAttention(q, k, v, attnMask: mask))
        }
        return merged
    }

    /// The feed-forward block on tokens `x` `[N·S, E]`.
    private func feedForward(_ x: Tensor) -> Tensor {
        let activated: Tensor
        if case .relu = activation, let bias = linear1.bias,
           let fused = Tensor.linearReLU(x, weight: linear1.weight, bias: bias) {
            // bfloat16: bias and ReLU in the product's epilogue, before its rounding (the bits of linear, then ReLU).
            activated = fused
        } else if case .relu = activation, let bias = linear1.bias {
            // The product without its bias, then bias and ReLU in one pass (for a depth of one block of the
            // product, the same bits as the bias written first).
            let hidden = x.mm(linear1.weight.t())
            activated = hidden.addBiasReLU_(bias) ? hidden : (hidden + bias).relu_()
        } else {
            let hidden = Functional.linear(x, weight: linear1.weight, bias: linear1.bias)
            if case .relu = activation { activated = hidden.relu_() } else { activated = activation(hidden) }
        }
        return Functional.linear(activated, weight: linear2.weight, bias: linear2.bias)
    }

    /// The regular path's attention mask for ``AttentionKernel``: `srcMask` (`[S, S]` or `[N·H, S, S]`, additive)
    /// plus the key padding mask (`[N, S]`, additive), broadcastable to `[N, H, S, S]`; `.some(nil)` without masks,
    /// `nil` for shapes the regular path refuses.
    private static func attentionMask(_ mask: Tensor?, _ padding: Tensor?, batch: Int, heads: Int,
                                      sequence: Int) -> Tensor?? {
        var combined: Tensor?
        if let mask {
            if mask.shape == [sequence, sequence] {
                combined = mask.view([1, 1, sequence, sequence])
            } else if mask.shape == [batch * heads, sequence, sequence] {
                combined = mask.reshape([batch, heads, sequence, sequence])
            } else {
                return nil
            }
        }
        if let padding {
            guard padding.shape == [batch, sequence] else { return nil }
            let keys = padding.view([batch, 1, 1, sequence])
            combined = combined.map { $0 + keys } ?? keys
        }
        return .some(combined)
    }
}

/// Where token `(n, s)` of a layer's input is among the rows of its `[N·S, E]` matrix: row `n·S + s` batch first,
/// `s·N + n` sequence first.
private struct TokenLayout {
    let batch, sequence: Int
    let batchFirst: Bool

    /// `matrix` `[N·S, G·H·D]` (rows in this layout) viewed as `[N, G, H, S, D]`.
    func heads(of matrix: Tensor, groups: Int, heads: Int, headWidth: Int) -> Tensor {
        batchFirst
            ? matrix.view([batch, sequence, groups, heads, headWidth]).permute(0, 2, 3, 1, 4)
            : matrix.view([sequence, batch, groups, heads, headWidth]).permute(1, 2, 3, 0, 4)
    }
}
