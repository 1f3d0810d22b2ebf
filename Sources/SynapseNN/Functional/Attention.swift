extension Functional {
    /// Attention `softmax(q·kᵀ · scale + mask) · v` over the last two dimensions (`F.scaled_dot_product_attention`),
    /// computed as PyTorch's math path on CPU: `q` and `kᵀ` are each multiplied by `√scale` before their product,
    /// the mask is added, rows that are masked entirely come out as zeros (PyTorch's `_safe_softmax`), and dropout
    /// draws PyTorch's mask (`bernoulli_(1 - p)` over the weights) from `generator`. When nothing needs a gradient
    /// and there is no dropout (inference), one fused pass per head computes the same to rounding, without copies.
    ///
    /// - Parameters:
    ///   - query: `[..., L, E]`.
    ///   - key: `[..., S, E]`.
    ///   - value: `[..., S, Ev]`.
    ///   - attnMask: broadcastable to `[..., L, S]`: boolean (`true` takes part in attention) or added to the scores.
    ///   - dropoutP: the probability of dropping a weight; applied whenever it is above 0, as in PyTorch.
    ///   - isCausal: attend only to positions `j ≤ i` (the lower triangle, aligned top-left); no `attnMask` then.
    ///   - scale: the factor of the scores; `1/√E` by default.
    ///   - enableGQA: lets `key` and `value` have fewer heads (dimension -3) than `query`, each repeated for a group.
    /// - Returns: `[..., L, Ev]`.
    ///
    /// ```swift
    /// let out = Functional.scaledDotProductAttention(q, k, v, isCausal: true)
    /// ```
    public static func scaledDotProductAttention(
        _ query: Tensor, _ key: Tensor, _ value: Tensor, attnMask: Tensor? = nil, dropoutP: Double = 0,
        isCausal: Bool = false, scale: Double? = nil, enableGQA: Bool = false, generator: Generator? = nil
    ) -> Tensor {
        check(query.rank >= 2 && key.rank >= 2 && value.rank >= 2,
              "scaled_dot_product_attention: query, key and value must have at least 2 dimensions")
        check(query.dtype == key.dtype && query.dtype == value.dtype,
              "Expected query, key, and value to have the same dtype, but got query.dtype: \(query.dtype) key.dtype: \(key.dtype) and value.dtype: \(value.dtype) instead.")
        check(query.shape.last == key.shape.last,
              "scaled_dot_product_attention: query and key must have the same last dimension, got \(query.shape.last!) and \(key.shape.last!)")
        check(dropoutP >= 0 && dropoutP <= 1, "dropout probability has to be between 0 and 1, but got \(dropoutP)")
        let requested = scale ?? 1 / Double(query.shape[query.rank - 1]).squareRoot()
        let factor = abs(requested).squareRoot()
        let q = query * (requested < 0 ? -factor : factor)
        var mask = attnMask.map { booleanMaskAsAdditive($0, dtype: query.dtype) }
        if isCausal {
            check(attnMask == nil,
                  "_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True")
            mask = booleanMaskAsAdditive(causalMask(query.shape[query.rank - 2], key.shape[key.rank - 2]),
                                         dtype: query.dtype)
        }
        let (k, v) = enableGQA ? repeatKeyValueHeads(key, value, queryHeads: query.rank >= 3 ? query.shape[query.rank - 3] : 1)
                               : (key, value)
        let recordsGraph = isGradEnabled && [query, key, value, attnMask].contains { $0?.requiresGrad == true }
        if dropoutP == 0, !recordsGraph,
           let fused = AttentionKernel.run(query: query, key: k, value: v, mask: mask, scale: requested) {
            return fused
        }
        var scores = q.matmul(k.transpose(-2, -1) * factor)
        if let mask { scores = scores + mask }
        var weights = mask == nil ? scores.softmax(dim: -1) : safeSoftmax(scores)
        if dropoutP > 0 { weights = dropout(weights, p: dropoutP, training: true, generator: generator) }
        return weights.matmul(v)
    }

    /// A boolean mask (`true` attends) as the additive one PyTorch converts it to (0 and -inf); others unchanged.
    static func booleanMaskAsAdditive(_ mask: Tensor, dtype: DType) -> Tensor {
        guard mask.dtype == .bool else { return mask }
        return Tensor.zeros(mask.shape, dtype: dtype).maskedFill(.!mask, -Double.infinity)
    }

    /// The `[L, S]` boolean lower triangle, `true` where `j ≤ i` (`torch.ones(L, S).tril()`).
    static func causalMask(_ rows: Int, _ columns: Int) -> Tensor {
        Tensor.arange(rows, dtype: .int64).unsqueeze(1) .>= Tensor.arange(columns, dtype: .int64).unsqueeze(0)
    }

    /// Softmax over the last dimension with rows that are -inf throughout giving zeros (and zero gradients)
    /// instead of NaN (PyTorch's `_safe_softmax`).
    static func safeSoftmax(_ scores: Tensor) -> Tensor {
        let maskedRows = noGrad { .!(scores .!= -Double.infinity).any(dim: -1, keepdim: true) }
        guard maskedRows.any().item() != 0 else { return scores.softmax(dim: -1) }
        return Tensor.where(maskedRows, Tensor.zeros([], dtype: scores.dtype),
                            scores.maskedFill(maskedRows, 0).softmax(dim: -1))
    }

    /// Key and value heads repeated so each serves `queryHeads / heads` query heads (`repeat_interleave` on dimension
    /// -3, as PyTorch's grouped-query attention).
    private static func repeatKeyValueHeads(_ key: Tensor, _ value: Tensor, queryHeads: Int) -> (Tensor, Tensor) {
        check(key.rank >= 3 && value.rank >= 3, "enable_gqa needs key and value with a head dimension (-3)")
        let heads = key.shape[key.rank - 3]
        check(heads > 0 && queryHeads % heads == 0 && value.shape[value.rank - 3] == heads,
              "number of heads in key/value must divide number of heads in query")
        let groups = queryHeads / heads
        func repeated(_ tensor: Tensor) -> Tensor {
            guard groups > 1 else { return tensor }
            var expanded = tensor.shape
            expanded.insert(groups, at: tensor.rank - 2)
            var merged = tensor.shape
            merged[tensor.rank - 3] = heads * groups
            return tensor.unsqueeze(tensor.rank - 2).expand(expanded).reshape(merged)
        }
        return (repeated(key), repeated(value))
    }
}
