import RealModule

/// Adamax (`torch.optim.Adamax`): Adam with the infinity norm in place of the second moment, with L2 weight decay
/// and maximisation. Step for step as PyTorch's single-tensor implementation; state `step`, `exp_avg`, `exp_inf`.
public final class Adamax: Optimizer<Adamax.Options> {
    /// One group's settings, PyTorch's defaults.
    public struct Options: Sendable {
        /// Learning rate.
        public var lr: Double
        /// Decay rates of the first moment and of the infinity norm.
        public var betas: (Double, Double)
        /// Added to the norm.
        public var eps: Double
        /// L2 penalty added to the gradient.
        public var weightDecay: Double
        /// Ascend instead of descend.
        public var maximize: Bool

        /// Settings with PyTorch's defaults.
        public init(lr: Double = 2e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                    weightDecay: Double = 0, maximize: Bool = false) {
            check(lr >= 0, "Invalid learning rate: \(lr)")
            check(eps >= 0, "Invalid epsilon value: \(eps)")
            check((0..<1).contains(betas.0), "Invalid beta parameter at index 0: \(betas.0)")
            check((0..<1).contains(betas.1), "Invalid beta parameter at index 1: \(betas.1)")
            check(weightDecay >= 0, "Invalid weight_decay value: \(weightDecay)")
            (self.lr, self.betas, self.eps, self.weightDecay, self.maximize) = (lr, betas, eps, weightDecay, maximize)
        }
    }

    /// Adamax over `params`.
    public convenience init(_ params: [Parameter], lr: Double = 2e-3, betas: (Double, Double) = (0.9, 0.999),
                            eps: Double = 1e-8, weightDecay: Double = 0, maximize: Bool = false) {
        self.init(params, options: Options(lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, maximize: maximize))
    }

    /// One Adamax step for `parameter`.
    public override func update(_ parameter: Parameter, grad: Tensor, state: inout [String: Tensor], options: Options) {
        var grad = options.maximize ? -grad : grad
        let step = (state["step"] ?? newStepCounter()).add_(1)
        let expAvg = state["exp_avg"] ?? Tensor.zerosLike(parameter)
        let expInf = state["exp_inf"] ?? Tensor.zerosLike(parameter)
        (state["step"], state["exp_avg"], state["exp_inf"]) = (step, expAvg, expInf)
        let (beta1, beta2) = options.betas
        if options.weightDecay != 0 { grad = grad.add(parameter, alpha: options.weightDecay) }
        expAvg.lerpInPlace(grad, weight: 1 - beta1)
        expInf.copy_(expInf.mul_(beta2).maximum(grad.abs().add_(options.eps)))
        let stepSize = options.lr / (1 - Double.pow(beta1, step.item()))
        parameter.addcdivInPlace(expAvg, expInf, value: -stepSize)
    }
}
