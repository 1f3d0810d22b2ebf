extension Functional {
    /// Multi-head attention on sequence-first inputs (`F.multi_head_attention_forward`), step for step as PyTorch
    /// computes it: in-projection (one product for self-attention), `bias_k`/`bias_v` and a zero key appended,
    /// boolean masks turned into -inf, the key padding mask merged into the attention mask, then either explicit
    /// weights (`needWeights`: scaled queries, softmax, dropout, averaged over heads unless asked otherwise) or
    /// ``scaledDotProductAttention(_:_:_:attnMask:dropoutP:isCausal:scale:enableGQA:generator:)``, and the output
    /// projection.
    ///
    /// - Parameters:
    ///   - query: `[L, N, E]` (or `[L, E]` unbatched); `key`, `value`: `[S, N, kdim]`, `[S, N, vdim]`.
    ///   - separateProjections: the query, key and value projections when they are not packed in `inProjWeight`.
    /// - Returns: the output `[L, N, E]` and, with `needWeights`, the weights.
    public static func multiHeadAttentionForward(
        _ query: Tensor, _ key: Tensor, _ value: Tensor, numHeads: Int, inProjWeight: Tensor?, inProjBias: Tensor?,
        biasK: Tensor?, biasV: Tensor?, addZeroAttn: Bool, dropoutP: Double, outProjWeight: Tensor,
        outProjBias: Tensor?, training: Bool = true, keyPaddingMask: Tensor? = nil, needWeights: Bool = true,
        attnMask: Tensor? = nil, separateProjections: (q: Tensor, k: Tensor, v: Tensor)? = nil,
        averageAttnWeights: Bool = true, isCausal: Bool = false
    ) -> (Tensor, Tensor?) {
        let batched = query.rank == 3
        check(batched ? key.rank == 3 && value.rank == 3 : query.rank == 2 && key.rank == 2 && value.rank == 2,
              "query should be unbatched 2D or batched 3D tensor but received \(query.rank)-D query tensor")
        check(!isCausal || attnMask != nil,
              "Need attn_mask if specifying the is_causal hint. You may use the Transformer module method `generate_square_subsequent_mask` to create this mask.")
        let (query, key, value) = batched ? (query, key, value) : (query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1))
        var keyPaddingMask = keyPaddingMask.map { batched ? $0 : $0.unsqueeze(0) }
        let (targetLength, batch, embedDim) = (query.shape[0], query.shape[1], query.shape[2])
        check(embedDim % numHeads == 0, "embed_dim \(embedDim) not divisible by num_heads \(numHeads)")
        let headDim = embedDim / numHeads
        keyPaddingMask = keyPaddingMask.map { canonicalMask($0, name: "key_padding_mask", dtype: query.dtype) }
        var mask = attnMask.map { canonicalMask($0, name: "attn_mask", dtype: query.dtype) }

        var (q, k, v) = inProjection(query, key, value, packed: inProjWeight, separate: separateProjections,
                                     bias: inProjBias, embedDim: embedDim)
        if let m = mask, m.rank == 2 {
            check(m.shape == [targetLength, key.shape[0]],
                  "The shape of the 2D attn_mask is \(m.size()), but should be (\(targetLength), \(key.shape[0])).")
            mask = m.unsqueeze(0)
        }
        if let biasK, let biasV {
            k = Tensor.cat([k, biasK.expand([1, batch, embedDim])])
            v = Tensor.cat([v, biasV.expand([1, batch, embedDim])])
            mask = mask.map(padLastDimension)
            keyPaddingMask = keyPaddingMask.map(padLastDimension)
        }
        q = q.reshape([targetLength, batch * numHeads, headDim]).transpose(0, 1)
        k = k.reshape([k.shape[0], batch * numHeads, headDim]).transpose(0, 1)
        v = v.reshape([v.shape[0], batch * numHeads, headDim]).transpose(0, 1)
        if addZeroAttn {
            k = Tensor.cat([k, Tensor.zeros([batch * numHeads, 1, headDim], dtype: k.dtype)], dim: 1)
            v = Tensor.cat([v, Tensor.zeros([batch * numHeads, 1, headDim], dtype: v.dtype)], dim: 1)
            mask = mask.map(padLastDimension)
            keyPaddingMask = keyPaddingMask.map(padLastDimension)
        }
        let sourceLength = k.shape[1]
        if let padding = keyPaddingMask {
            check(padding.shape == [batch, sourceLength],
                  "expecting key_padding_mask shape of (\(batch), \(sourceLength)), but got \(padding.size())")
            let merged = padding.view([batch, 1, 1, sourceLength]).expand([batch, numHeads, 1, sourceLength])
                .reshape([batch * numHeads, 1, sourceLength])
            mask = mask.map { $0 + merged } ?? merged
        }
        let dropoutP = training ? dropoutP : 0

        if needWeights {
            var weights = q * (1 / Double(headDim)).squareRoot()
            weights = weights.bmm(k.transpose(-2, -1))
            if let mask { weights = weights + mask }
            weights = weights.softmax(dim: -1)
            if dropoutP > 0 { weights = dropout(weights, p: dropoutP) }
            var output = weights.bmm(v).transpose(0, 1).contiguous().view([targetLength * batch, embedDim])
            output = linear(output, weight: outProjWeight, bias: outProjBias).view([targetLength, batch, embedDim])
            weights = weights.view([batch, numHeads, targetLength, sourceLength])
            if averageAttnWeights { weights = weights.mean(dim: 1) }
            return batched ? (output, weights) : (output.squeeze(1), weights.squeeze(0))
        }
        if let m = mask {
            mask = m.shape[0] == 1 && m.rank == 3 ? m.unsqueeze(0) : m.view([batch, numHeads, -1, sourceLength])
        }
        let attended = scaledDotProductAttention(
            q.view([batch, numHeads, targetLength, headDim]), k.view([batch, numHeads, sourceLength, headDim]),
            v.view([batch, numHeads, sourceLength, headDim]), attnMask: mask, dropoutP: dropoutP)
        var output = attended.permute(2, 0, 1, 3).contiguous().view([batch * targetLength, embedDim])
        output = linear(output, weight: outProjWeight, bias: outProjBias).view([targetLength, batch, embedDim])
        return (batched ? output : output.squeeze(1), nil)
    }

    /// A boolean mask (`true` = masked out) as an additive float mask (-inf where masked), as PyTorch's
    /// `_canonical_mask`; float masks are returned unchanged; other dtypes are refused.
    static func canonicalMask(_ mask: Tensor, name: String, dtype: DType) -> Tensor {
        if mask.dtype == .bool { return Tensor.zeros(mask.shape, dtype: dtype).maskedFill(mask, -Double.infinity) }
        check(mask.dtype.isFloatingPoint, "only bool and floating types of \(name) are supported")
        return mask
    }

    /// `F.pad(mask, (0, 1))`: one zero column appended.
    private static func padLastDimension(_ mask: Tensor) -> Tensor {
        var shape = mask.shape
        shape[shape.count - 1] = 1
        return Tensor.cat([mask, Tensor.zeros(shape, dtype: mask.dtype)], dim: -1)
    }

    /// PyTorch's `_in_projection_packed` / `_in_projection`: one product for self-attention, one for the query and
    /// one for key and value together when they are the same tensor, three otherwise.
    private static func inProjection(
        _ query: Tensor, _ key: Tensor, _ value: Tensor, packed: Tensor?, separate: (q: Tensor, k: Tensor, v: Tensor)?,
        bias: Tensor?, embedDim: Int
    ) -> (Tensor, Tensor, Tensor) {
        guard let packed else {
            let biases = bias.map { $0.chunk(3) }
            guard let separate else { fatalError("multi_head_attention_forward needs in_proj_weight or q/k/v_proj_weight") }
            return (linear(query, weight: separate.q, bias: biases?[0]), linear(key, weight: separate.k, bias: biases?[1]),
                    linear(value, weight: separate.v, bias: biases?[2]))
        }
        if key === value {
            if query === key {
                let projected = linear(query, weight: packed, bias: bias)
                let parts = projected.reshape(Array(projected.shape.dropLast()) + [3, embedDim])
                return (parts.select(-2, 0), parts.select(-2, 1), parts.select(-2, 2))
            }
            let weights = packed.split(sizes: [embedDim, 2 * embedDim])
            let splitBias = bias?.split(sizes: [embedDim, 2 * embedDim])
            let keyValue = linear(key, weight: weights[1], bias: splitBias?[1])
            let parts = keyValue.reshape(Array(keyValue.shape.dropLast()) + [2, embedDim])
            return (linear(query, weight: weights[0], bias: splitBias?[0]), parts.select(-2, 0), parts.select(-2, 1))
        }
        let weights = packed.chunk(3), biases = bias.map { $0.chunk(3) }
        return (linear(query, weight: weights[0], bias: biases?[0]), linear(key, weight: weights[1], bias: biases?[1]),
                linear(value, weight: weights[2], bias: biases?[2]))
    }
}
