import RealModule

/// NAdam (`torch.optim.NAdam`): Adam with Nesterov momentum, its momentum warmed up by `momentumDecay`; with L2
/// weight decay or decoupled decay (`decoupled_weight_decay`, NAdamW), and maximisation. Step for step as PyTorch's
/// single-tensor implementation; state `step`, `mu_product` (a float32 scalar, as PyTorch keeps it), `exp_avg`,
/// `exp_avg_sq`.
public final class NAdam: Optimizer<NAdam.Options> {
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
        /// How fast the momentum schedule warms up.
        public var momentumDecay: Double
        /// Apply `weightDecay` to the parameters directly (NAdamW) instead of to the gradient.
        public var decoupledWeightDecay: Bool
        /// Ascend instead of descend.
        public var maximize: Bool

        /// Settings with PyTorch's defaults.
        public init(lr: Double = 2e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                    weightDecay: Double = 0, momentumDecay: Double = 4e-3, decoupledWeightDecay: Bool = false,
                    maximize: Bool = false) {
            check(lr >= 0, "Invalid learning rate: \(lr)")
            check(eps >= 0, "Invalid epsilon value: \(eps)")
            check((0..<1).contains(betas.0), "Invalid beta parameter at index 0: \(betas.0)")
            check((0..<1).contains(betas.1), "Invalid beta parameter at index 1: \(betas.1)")
            check(weightDecay >= 0, "Invalid weight_decay value: \(weightDecay)")
            check(momentumDecay >= 0, "Invalid momentum_decay value: \(momentumDecay)")
            (self.lr, self.betas, self.eps, self.weightDecay) = (lr, betas, eps, weightDecay)
            (self.momentumDecay, self.decoupledWeightDecay, self.maximize) = (momentumDecay, decoupledWeightDecay, maximize)
        }
    }

    /// NAdam over `params`.
    public convenience init(_ params: [Parameter], lr: Double = 2e-3, betas: (Double, Double) = (0.9, 0.999),
                            eps: Double = 1e-8, weightDecay: Double = 0, momentumDecay: Double = 4e-3,
                            decoupledWeightDecay: Bool = false, maximize: Bool = false) {
        self.init(params, options: Options(lr: lr, betas: betas, eps: eps, weightDecay: weightDecay,
                                           momentumDecay: momentumDecay, decoupledWeightDecay: decoupledWeightDecay,
                                           maximize: maximize))
    }

    /// One NAdam step for `parameter`.
    public override func update(_ parameter: Parameter, grad: Tensor, state: inout [String: Tensor], options: Options) {
        var grad = options.maximize ? -grad : grad
        let step = (state["step"] ?? newStepCounter()).add_(1)
        let muProduct = state["mu_product"] ?? Tensor.ones([], dtype: .float32)
        let expAvg = state["exp_avg"] ?? Tensor.zerosLike(parameter)
        let expAvgSq = state["exp_avg_sq"] ?? Tensor.zerosLike(parameter)
        (state["step"], state["mu_product"], state["exp_avg"], state["exp_avg_sq"]) = (step, muProduct, expAvg, expAvgSq)
        let (beta1, beta2, lr) = (options.betas.0, options.betas.1, options.lr)
        let count = step.item()
        let biasCorrection2 = 1 - Double.pow(beta2, count)
        if options.weightDecay != 0 {
            if options.decoupledWeightDecay {
                parameter.mul_(1 - lr * options.weightDecay)
            } else {
                grad = grad.add(parameter, alpha: options.weightDecay)
            }
        }
        let mu = beta1 * (1 - 0.5 * Double.pow(0.96, count * options.momentumDecay))
        let muNext = beta1 * (1 - 0.5 * Double.pow(0.96, (count + 1) * options.momentumDecay))
        muProduct.mul_(mu)
        expAvg.lerpInPlace(grad, weight: 1 - beta1)
        expAvgSq.mul_(beta2).addcmulInPlace(grad, grad, value: 1 - beta2)
        let denominator = (expAvgSq / biasCorrection2).sqrt()
        let product = muProduct.item()
        let productNext = product * muNext
        denominator.add_(options.eps)
        parameter.addcdivInPlace(grad, denominator, value: -lr * (1 - mu) / (1 - product))
        parameter.addcdivInPlace(expAvg, denominator, value: -lr * muNext / (1 - productNext))
    }
}
