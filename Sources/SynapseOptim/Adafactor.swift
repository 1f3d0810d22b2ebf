import RealModule

/// Adafactor (`torch.optim.Adafactor`): a second-moment estimate kept as row and column factors for matrices (a full
/// one for vectors), a relative step size bounded by `lr`, and updates clipped to an RMS of `d`; with decoupled weight
/// decay and maximisation. Step for step as PyTorch's single-tensor implementation; state `step` (a float32 scalar),
/// `row_var` and `col_var` (`[…, m, 1]` and `[…, 1, n]`) for parameters of two or more dimensions, `variance` for
/// the others.
public final class Adafactor: Optimizer<Adafactor.Options> {
    /// One group's settings, PyTorch's defaults.
    public struct Options: Sendable {
        /// Learning rate: the largest relative step.
        public var lr: Double
        /// The exponent of the second-moment decay: step `t` mixes in `t ** beta2Decay` of the new estimate.
        public var beta2Decay: Double
        /// `(eps1, eps2)`: the floor of the variance estimate (`nil`: the parameter dtype's machine epsilon) and of
        /// the parameter's RMS in the step size.
        public var eps: (Double?, Double)
        /// The clipping threshold of the update's RMS.
        public var d: Double
        /// Decoupled weight decay (multiplies the parameter by `1 - lr * weightDecay`).
        public var weightDecay: Double
        /// Ascend instead of descend.
        public var maximize: Bool

        /// Settings with PyTorch's defaults.
        public init(lr: Double = 1e-2, beta2Decay: Double = -0.8, eps: (Double?, Double) = (nil, 1e-3), d: Double = 1,
                    weightDecay: Double = 0, maximize: Bool = false) {
            check(lr >= 0, "Learning rate should be >= 0 but is: \(lr)")
            check(beta2Decay <= 0, "beta2_decay should be <= 0 but is: \(beta2Decay)")
            if let eps1 = eps.0 { check(eps1 >= 0, "epsilon1 should be >= 0 but is: \(eps1)") }
            check(eps.1 >= 0, "epsilon2 should be >= 0 but is: \(eps.1)")
            check(d >= 1, "Clipping threshold d should be >= 1 but is: \(d)")
            check(weightDecay >= 0, "weight_decay should be >= 0 but is: \(weightDecay)")
            (self.lr, self.beta2Decay, self.eps, self.d) = (lr, beta2Decay, eps, d)
            (self.weightDecay, self.maximize) = (weightDecay, maximize)
        }
    }

    /// Adafactor over `params`.
    public convenience init(_ params: [Parameter], lr: Double = 1e-2, beta2Decay: Double = -0.8,
                            eps: (Double?, Double) = (nil, 1e-3), d: Double = 1, weightDecay: Double = 0,
                            maximize: Bool = false) {
        self.init(params, options: Options(lr: lr, beta2Decay: beta2Decay, eps: eps, d: d, weightDecay: weightDecay,
                                           maximize: maximize))
    }

    /// One Adafactor step for `parameter`.
    public override func update(_ parameter: Parameter, grad: Tensor, state: inout [String: Tensor], options: Options) {
        let grad = options.maximize ? -grad : grad
        let factored = grad.dim > 1
        if state.isEmpty {
            state["step"] = newStepCounter()
            if factored {
                var rowShape = grad.shape, columnShape = grad.shape
                rowShape[rowShape.count - 1] = 1
                columnShape[columnShape.count - 2] = 1
                state["row_var"] = Tensor.zeros(rowShape, dtype: grad.dtype)
                state["col_var"] = Tensor.zeros(columnShape, dtype: grad.dtype)
            } else {
                state["variance"] = Tensor.zerosLike(grad)
            }
        }
        let eps1 = options.eps.0 ?? (parameter.dtype == .float64 ? Double.ulpOfOne : Double(Float.ulpOfOne))
        let stepCount = state["step"]!.add_(1).item()
        let oneMinusBeta2 = Double.pow(stepCount, options.beta2Decay)
        let rho = min(options.lr, 1 / Double.pow(stepCount, 0.5))
        let count = Double(parameter.numel)
        let alpha = max(options.eps.1, parameter.norm().item() / Double.pow(count, 0.5)) * rho
        if options.weightDecay != 0 { parameter.mul_(1 - options.lr * options.weightDecay) }
        let estimate: Tensor
        if factored {
            let (rowVar, columnVar) = (state["row_var"]!, state["col_var"]!)
            let rowMean = grad.norm(dims: [grad.dim - 1], keepdim: true).square().div_(grad.shape[grad.dim - 1])
            rowVar.lerpInPlace(rowMean, weight: oneMinusBeta2)
            let columnMean = grad.norm(dims: [grad.dim - 2], keepdim: true).square().div_(grad.shape[grad.dim - 2])
            columnVar.lerpInPlace(columnMean, weight: oneMinusBeta2)
            estimate = rowVar.matmul(columnVar)
            estimate.div_(rowVar.mean(dim: rowVar.dim - 2, keepdim: true).clamp_(min: eps1))
        } else {
            let variance = state["variance"]!
            variance.lerpInPlace(grad * grad, weight: oneMinusBeta2)
            estimate = variance.clone()
        }
        let update = estimate.clamp_(min: eps1 * eps1).rsqrt()
        update.mul_(grad)
        let denominator = max(1, update.norm().item() / (Double.pow(count, 0.5) * options.d))
        parameter.add_(update, alpha: -alpha / denominator)
    }
}
