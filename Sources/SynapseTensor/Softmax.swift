/// Softmax and log-softmax as single operations, as PyTorch records them (`SoftmaxBackward0`,
/// `LogSoftmaxBackward0`): one kernel forward, one backward node saving only the result.
extension Tensor {
    /// `exp(x) / Σ exp(x)` along `dim` (`torch.softmax(x, dim)`), computed from `x - max` so that large inputs
    /// don't overflow. Negative `dim`s count from the end. A line with some `-inf` entries gives 0 there; a line of
    /// `-inf` only gives NaN, as in PyTorch.
    ///
    /// ```swift
    /// let logits = Tensor([[1.0, 2.0, 3.0]])
    /// let probabilities = logits.softmax(dim: -1)   // [[0.0900, 0.2447, 0.6652]]
    /// ```
    public func softmax(dim: Int) -> Tensor {
        if let wide = Autocast.widened(self) { return wide.softmax(dim: dim) }
        let d = normalizeDim(dim)
        let out = SoftmaxKernels.forward(self, dim: d, log: false)
        guard Autograd.needsGrad(self) else { return out }
        return Autograd.attach(out, name: "SoftmaxBackward0", inputs: self, savedOutput: true) { g, s, _ in
            InputGradients(Tensor.softmaxBackward(g, output: s[0], dim: d, log: false))
        }
    }

    /// `x - log Σ exp(x)` along `dim` (`torch.log_softmax(x, dim)`), computed as `x - max - log Σ exp(x - max)`,
    /// more accurate than taking the log of ``softmax(dim:)``. Negative `dim`s count from the end.
    public func logSoftmax(dim: Int) -> Tensor {
        if let wide = Autocast.widened(self) { return wide.logSoftmax(dim: dim) }
        let d = normalizeDim(dim)
        let out = SoftmaxKernels.forward(self, dim: d, log: true)
        guard Autograd.needsGrad(self) else { return out }
        return Autograd.attach(out, name: "LogSoftmaxBackward0", inputs: self, savedOutput: true) { g, s, _ in
            InputGradients(Tensor.softmaxBackward(g, output: s[0], dim: d, log: true))
        }
    }

    /// PyTorch's backward formulas: `y · (g - Σ g·y)` for softmax, `g - exp(y) · Σ g` for log-softmax (sums along
    /// `dim`, kept). One fused pass unless the backward itself is recorded (`createGraph`) or the dtype is a
    /// half type; then the same formula from differentiable operations.
    private static func softmaxBackward(_ g: Tensor, output y: Tensor, dim: Int, log: Bool) -> Tensor {
        if !GradMode.isEnabled, let fused = SoftmaxKernels.backward(g, output: y, dim: dim, log: log) {
            return fused
        }
        let dims = y.rank == 0 ? [Int]() : [dim]
        if log { return g - y.exp() * g.sum(dims: dims, keepdim: true) }
        return y * (g - (g * y).sum(dims: dims, keepdim: true))
    }
}
