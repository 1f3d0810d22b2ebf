import RealModule

/// RAdam (`torch.optim.RAdam`): Adam whose adaptive step is switched on, and rectified, once the variance of the
/// adaptive rate is tractable (the approximated SMA length above 5); with L2 weight decay or decoupled decay
/// (`decoupled_weight_decay`), and maximisation. Step for step as PyTorch's single-tensor implementation; state
/// `step`, `exp_avg`, `exp_avg_sq`.
public final class RAdam: Optimizer<RAdam.Options> {
    /// One group's settings, PyTorch's defaults.
    public struct Options: Sendable {
        /// Learning rate.
        public var lr: Double
        /// Decay rates of the first and second moment estimates.
        public var betas: (Double, Double)
        /// Added to the denominator.
        public var eps: Double
        /// L2 penalty (or decoupled decay).
        public var weightDecay: Double
        /// Apply `weightDecay` to the parameters directly instead of to the gradient.
        public var decoupledWeightDecay: Bool
        /// Ascend instead of descend.
        public var maximize: Bool

        /// Settings with PyTorch's defaults.
        public init(lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                    weightDecay: Double = 0, decoupledWeightDecay: Bool = false, maximize: Bool = false) {
            check(lr >= 0, "Invalid learning rate: \(lr)")
            check(eps >= 0, "Invalid epsilon value: \(eps)")
            check((0..<1).contains(betas.0), "Invalid beta parameter at index 0: \(betas.0)")
            check((0..<1).contains(betas.1), "Invalid beta parameter at index 1: \(betas.1)")
            check(weightDecay >= 0, "Invalid weight_decay value: \(weightDecay)")
            (self.lr, self.betas, self.eps, self.weightDecay) = (lr, betas, eps, weightDecay)
            (self.decoupledWeightDecay, self.maximize) = (decoupledWeightDecay, maximize)
        }
    }

    /// RAdam over `params`.
    public convenience init(_ params: [Parameter], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
                            eps: Double = 1e-8, weightDecay: Double = 0, decoupledWeightDecay: Bool = false,
                            maximize: Bool = false) {
        self.init(params, options: Options(lr: lr, betas: betas, eps: eps, weightDecay: weightDecay,
                                           decoupledWeightDecay: decoupledWeightDecay, maximize: maximize))
    }

    /// One RAdam step for `parameter`.
    public override func update(_ parameter: Parameter, grad: Tensor, state: inout [String: Tensor], options: Options) {
        var grad = options.maximize ? -grad : grad
        let step = (state["step"] ?? newStepCounter()).add_(1)
        let expAvg = state["exp_avg"] ?? Tensor.zerosLike(parameter)
        let expAvgSq = state["exp_avg_sq"] ?? Tensor.zerosLike(parameter)
        (state["step"], state["exp_avg"], state["exp_avg_sq"]) = (step, expAvg, expAvgSq)
        let (beta1, beta2, lr) = (options.betas.0, options.betas.1, options.lr)
        let count = step.item()
        if options.weightDecay != 0 {
            if options.decoupledWeightDecay {
                parameter.mul_(1 - lr * options.weightDecay)
            } else {
                grad = grad.add(parameter, alpha: options.weightDecay)
            }
        }
        expAvg.lerpInPlace(grad, weight: 1 - beta1)
        expAvgSq.mul_(beta2).addcmulInPlace(grad, grad, value: 1 - beta2)
        let biasCorrection1 = 1 - Double.pow(beta1, count)
        let biasCorrection2 = 1 - Double.pow(beta2, count)
        let correctedExpAvg = expAvg / biasCorrection1
        let rhoInfinity = 2 / (1 - beta2) - 1
        let rho = rhoInfinity - 2 * count * Double.pow(beta2, count) / biasCorrection2
        if rho > 5 {
            // Python's `x ** 0.5` is pow, not sqrt; `float / tensor` is `tensor.reciprocal() * float`.
            let rectification = Double.pow((rho - 4) * (rho - 2) * rhoInfinity / ((rhoInfinity - 4) * (rhoInfinity - 2) * rho), 0.5)
            let adaptive = Double.pow(biasCorrection2, 0.5) / expAvgSq.sqrt().add_(options.eps)
            parameter.add_(correctedExpAvg * lr * adaptive * rectification, alpha: -1)
        } else {
            parameter.add_(correctedExpAvg * lr, alpha: -1)
        }
    }
}
