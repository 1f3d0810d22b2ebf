/// The mean squared error as PyTorch computes it: one operation with one backward node (`MseLossBackward0`),
/// rather than a subtraction, a square and a mean.
extension Tensor {
    /// `(input - target)²` element-wise, then averaged (`reduceByMean == true`), summed (`false`) or left
    /// unreduced (`nil`). Operands broadcast; the gradient is `2·(input − target)·g`, divided by the element count
    /// for the mean, computed as PyTorch's `mse_loss_backward` does (`alpha * (a - b) * g`).
    package static func meanSquaredError(_ input: Tensor, _ target: Tensor, reduceByMean: Bool?) -> Tensor {
        let squared = noGrad { () -> Tensor in
            if let fused = Fused.map(input, target, float: GradientFunctions.SquaredDifference<Float>(),
                                     double: GradientFunctions.SquaredDifference<Double>()) {
                return fused
            }
            let difference = input - target
            return difference * difference
        }
        let loss = noGrad {
            switch reduceByMean {
            case true?: squared.mean()
            case false?: squared.sum()
            case nil: squared
            }
        }
        guard Autograd.needsGrad(input, target) else { return loss }
        let shape = squared.shape
        let alpha = reduceByMean == true ? 2 / Double(Swift.max(squared.numel, 1)) : 2
        return Autograd.attach(loss, name: "MseLossBackward0", inputs: input, target, saved: input, target) { g, s, needs in
            let a = s[0].shape == shape ? s[0] : s[0].expand(shape)
            let b = s[1].shape == shape ? s[1] : s[1].expand(shape)
            return InputGradients(needs[0] ? backward(a, b, g, alpha: alpha) : nil,
                                  needs[1] ? backward(b, a, g, alpha: alpha) : nil)
        }
    }

    /// `alpha * (a - b) * g`; `g` is the reduced loss's 0-dimensional gradient, or shaped like `a`.
    private static func backward(_ a: Tensor, _ b: Tensor, _ g: Tensor, alpha: Double) -> Tensor {
        if g.shape.isEmpty, let value = Fused.scalarValue(g) {
            if let fused = Fused.map(a, b, float: GradientFunctions.ScaledDifference(alpha: Float(alpha), g: Float(value)),
                                     double: GradientFunctions.ScaledDifference(alpha: alpha, g: value)) {
                return fused
            }
        }
        return (a - b) * alpha * g
    }
}
