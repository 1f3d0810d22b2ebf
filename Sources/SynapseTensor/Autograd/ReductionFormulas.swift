/// Derivatives of the reductions.
extension Autograd {
    /// `g` (shaped like a reduction's output) broadcast back over the input's shape.
    static func expandReduced(_ g: Tensor, to shape: [Int], dims: [Int]?, keepdim: Bool) -> Tensor {
        var grad = g
        if !keepdim {
            for dim in ReductionLayout.normalize(dims, rank: shape.count) { grad = grad.unsqueeze(dim) }
        }
        return grad.expand(shape)
    }

    /// Records `sum` or `mean`.
    static func recordSum(_ out: Tensor, _ x: Tensor, dims: [Int]?, keepdim: Bool, mean: Bool) -> Tensor {
        guard needsGrad(x), out.dtype.isFloatingPoint else { return out }
        let shape = x.shape
        let count = Double(ReductionLayout.normalize(dims, rank: shape.count).reduce(1) { $0 * shape[$1] })
        let name = (mean ? "MeanBackward" : "SumBackward") + (dims == nil ? "0" : "1")
        return attach(out, name: name, inputs: x) { g, _, _ in
            if mean, let filled = Fused.filledQuotient(shape: shape, g, dividedBy: count) {
                return InputGradients(filled)
            }
            let expanded = expandReduced(g, to: shape, dims: dims, keepdim: keepdim)
            return InputGradients(mean ? expanded / count : expanded)
        }
    }

    /// Records `prod`: the product of the other elements (computed directly where an input is zero).
    static func recordProd(_ out: Tensor, _ x: Tensor, dims: [Int]?, keepdim: Bool) -> Tensor {
        guard needsGrad(x), out.dtype.isFloatingPoint else { return out }
        let name = dims == nil ? "ProdBackward0" : "ProdBackward1"
        return attach(out, name: name, inputs: x, saved: x, savedOutput: true) { g, s, _ in
            let (input, result) = (s[0], s[1])
            let gradient = expandReduced(g * result, to: input.shape, dims: dims, keepdim: keepdim) / input
            if !(input .== 0.0).any().item(as: Bool.self) { return InputGradients(gradient) }
            // With zeros, dividing by the input fails: use the product of the other elements of each block.
            let others = productOfOthers(input, dims: ReductionLayout.normalize(dims, rank: input.rank))
            return InputGradients(expandReduced(g, to: input.shape, dims: dims, keepdim: keepdim) * others)
        }
    }

    /// For each element, the product of the other elements of its reduction block (prefix × suffix products).
    private static func productOfOthers(_ input: Tensor, dims: [Int]) -> Tensor {
        let kept = (0..<input.rank).filter { !dims.contains($0) }
        let order = kept + dims
        let blocks = input.permute(order).contiguous()
        let length = dims.reduce(1) { $0 * input.shape[$1] }
        let values = blocks.toArray(of: Double.self)
        var result = [Double](repeating: 0, count: values.count)
        for start in Swift.stride(from: 0, to: values.count, by: Swift.max(length, 1)) {
            var prefix = 1.0
            for offset in 0..<length {
                result[start + offset] = prefix
                prefix *= values[start + offset]
            }
            var suffix = 1.0
            for offset in (0..<length).reversed() {
                result[start + offset] *= suffix
                suffix *= values[start + offset]
            }
        }
        var inverse = [Int](repeating: 0, count: order.count)
        for (position, dim) in order.enumerated() { inverse[dim] = position }
        return Tensor(flat: result, shape: blocks.shape).to(input.dtype).permute(inverse)
    }

    /// Records `amax`/`amin`/`max()`/`min()`: the gradient is shared evenly among the tied extreme elements.
    static func recordExtreme(_ out: Tensor, _ x: Tensor, dims: [Int]?, keepdim: Bool, name: String) -> Tensor {
        guard needsGrad(x), out.dtype.isFloatingPoint else { return out }
        return attach(out, name: name, inputs: x, saved: x, savedOutput: true) { g, s, _ in
            let (input, result) = (s[0], s[1])
            let mask = (input .== expandReduced(result, to: input.shape, dims: dims, keepdim: keepdim)).to(g.dtype)
            let count = expandReduced(mask.sum(dims: dims, keepdim: true), to: input.shape, dims: dims, keepdim: true)
            return InputGradients(expandReduced(g, to: input.shape, dims: dims, keepdim: keepdim) * mask / count)
        }
    }

    /// Records `max(dim:)`/`min(dim:)`: the gradient goes to the selected index only.
    static func recordSelected(_ values: Tensor, indices: Tensor, _ x: Tensor, dim: Int, keepdim: Bool, name: String) -> Tensor {
        guard needsGrad(x), values.dtype.isFloatingPoint else { return values }
        let shape = x.shape
        let d = x.normalizeDim(dim)
        return attach(values, name: name, inputs: x, saved: indices) { g, s, _ in
            let index = keepdim ? s[0] : s[0].unsqueeze(d)
            let grad = keepdim ? g : g.unsqueeze(d)
            return InputGradients(Tensor.zeros(shape, dtype: g.dtype).scatter(d, index, grad))
        }
    }

    /// Records `variance` or `std`.
    static func recordVariance(_ out: Tensor, _ x: Tensor, dims: [Int]?, correction: Int, keepdim: Bool, std: Bool) -> Tensor {
        guard needsGrad(x) else { return out }
        let count = ReductionLayout.normalize(dims, rank: x.rank).reduce(1) { $0 * x.shape[$1] }
        let denominator = Double(Swift.max(count - correction, 0))
        return attach(out, name: std ? "StdBackward0" : "VarBackward0", inputs: x, saved: x, savedOutput: std) { g, s, _ in
            let input = s[0]
            let centered = input - input.mean(dims: dims, keepdim: true)
            var grad = expandReduced(g, to: input.shape, dims: dims, keepdim: keepdim) * centered * (2 / denominator)
            if std { grad = grad / (expandReduced(s[1], to: input.shape, dims: dims, keepdim: keepdim) * 2.0) }
            return InputGradients(grad)
        }
    }

    /// Records a p-norm.
    static func recordNorm(_ out: Tensor, _ x: Tensor, p: Double, dims: [Int]?, keepdim: Bool) -> Tensor {
        guard needsGrad(x) else { return out }
        return attach(out, name: "LinalgVectorNormBackward0", inputs: x, saved: x, savedOutput: true) { g, s, _ in
            let (input, norm) = (s[0], expandReduced(s[1], to: s[0].shape, dims: dims, keepdim: keepdim))
            let grad = expandReduced(g, to: input.shape, dims: dims, keepdim: keepdim)
            switch p {
            case 0: return InputGradients(Tensor.zerosLike(input))
            case 1: return InputGradients(grad * input.sign())
            case 2: return InputGradients(Tensor.where(norm .== 0.0, Tensor.zerosLike(input), grad * input / norm))
            case .infinity, -.infinity:
                let mask = (input.abs() .== norm).to(input.dtype)
                let count = expandReduced(mask.sum(dims: dims, keepdim: true), to: input.shape, dims: dims, keepdim: true)
                return InputGradients(grad * input.sign() * mask / count)
            default:
                let scaled = input * input.abs().pow(p - 2) / norm.pow(p - 1)
                return InputGradients(Tensor.where(norm .== 0.0, Tensor.zerosLike(input), grad * scaled))
            }
        }
    }

    /// Records `logsumexp`.
    static func recordLogsumexp(_ out: Tensor, _ x: Tensor, dims: [Int], keepdim: Bool) -> Tensor {
        guard needsGrad(x) else { return out }
        return attach(out, name: "LogsumexpBackward0", inputs: x, saved: x, savedOutput: true) { g, s, _ in
            let result = expandReduced(s[1], to: s[0].shape, dims: dims, keepdim: keepdim)
            let expanded = expandReduced(g, to: s[0].shape, dims: dims, keepdim: keepdim)
            return InputGradients(expanded * (s[0] - result).exp())
        }
    }
}
