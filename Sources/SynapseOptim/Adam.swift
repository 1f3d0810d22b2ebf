import CSynapseKernels

/// Adam, and AdamW's decoupled weight decay (`torch.optim.Adam`, `torch.optim.AdamW`), with AMSGrad and
/// maximisation, step for step as PyTorch's single-tensor implementation (`exp_avg.lerp_`, bias corrections in
/// double precision, `denom = sqrt(v) / sqrt(bc2) + eps`).
public class Adam: Optimizer<Adam.Options> {
    /// One group's settings, PyTorch's defaults.
    public struct Options: Sendable {
        /// Learning rate.
        public var lr: Double
        /// Decay rates of the first and second moment estimates.
        public var betas: (Double, Double)
        /// Added to the denominator.
        public var eps: Double
        /// L2 penalty (Adam) or decoupled decay (AdamW).
        public var weightDecay: Double
        /// Keep the maximum of the second moments (AMSGrad).
        public var amsgrad: Bool
        /// Ascend instead of descend.
        public var maximize: Bool
        /// Apply `weightDecay` to the parameters directly (AdamW) instead of to the gradient.
        public var decoupledWeightDecay: Bool

        /// Settings with PyTorch's Adam defaults.
        public init(lr: Double = 0.001, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                    weightDecay: Double = 0, amsgrad: Bool = false, maximize: Bool = false,
                    decoupledWeightDecay: Bool = false) {
            check(lr >= 0, "Invalid learning rate: \(lr)")
            check(eps >= 0, "Invalid epsilon value: \(eps)")
            check((0..<1).contains(betas.0), "Invalid beta parameter at index 0: \(betas.0)")
            check((0..<1).contains(betas.1), "Invalid beta parameter at index 1: \(betas.1)")
            check(weightDecay >= 0, "Invalid weight_decay value: \(weightDecay)")
            (self.lr, self.betas, self.eps, self.weightDecay) = (lr, betas, eps, weightDecay)
            (self.amsgrad, self.maximize, self.decoupledWeightDecay) = (amsgrad, maximize, decoupledWeightDecay)
        }
    }

    /// Adam over `params` (`Adam(net.parameters(), lr: 0.001)`, seed 002).
    public convenience init(_ params: [Parameter], lr: Double = 0.001, betas: (Double, Double) = (0.9, 0.999),
                            eps: Double = 1e-8, weightDecay: Double = 0, amsgrad: Bool = false, maximize: Bool = false) {
        self.init(params, options: Options(lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad,
                                           maximize: maximize))
    }

    /// One Adam step for `parameter`.
    public override func update(_ parameter: Parameter, grad: Tensor, state: inout [String: Tensor], options: Options) {
        var grad = options.maximize ? -grad : grad
        if options.weightDecay != 0 {
            if options.decoupledWeightDecay {
                parameter.mul_(1 - options.lr * options.weightDecay)
            } else {
                grad = grad + parameter * options.weightDecay
            }
        }
        let step = (state["step"] ?? Tensor.zeros([], dtype: .float32)).add_(1)
        let expAvg = state["exp_avg"] ?? Tensor.zerosLike(parameter)
        let expAvgSq = state["exp_avg_sq"] ?? Tensor.zerosLike(parameter)
        state["step"] = step
        state["exp_avg"] = expAvg
        state["exp_avg_sq"] = expAvgSq
        let (beta1, beta2) = options.betas
        let count = step.item()
        let biasCorrection1 = 1 - Double.pow(beta1, count)
        let biasCorrection2 = 1 - Double.pow(beta2, count)
        let stepSize = options.lr / biasCorrection1
        if !options.amsgrad {
            // PyTorch's kernels round each Python scalar to the tensor's dtype.
            let coefficients = synapse_adam_coefficients(
                lerp_weight: Float(1 - beta1), beta2: Float(beta2), one_minus_beta2: Float(1 - beta2),
                bias_correction2_sqrt: Float(biasCorrection2.squareRoot()), eps: Float(options.eps),
                negative_step_size: Float(-stepSize))
            if OptimizerKernels.adam(parameter: parameter, gradient: grad, expAvg: expAvg, expAvgSq: expAvgSq,
                                     coefficients: coefficients) {
                return
            }
        }
        // lerp_(grad, 1 - beta1) with a weight below 0.5: self + weight·(end - self).
        expAvg.add_((grad - expAvg) * (1 - beta1))
        expAvgSq.mul_(beta2).add_(grad * grad * (1 - beta2))
        var secondMoment = expAvgSq
        if options.amsgrad {
            let maximum = state["max_exp_avg_sq"] ?? Tensor.zerosLike(parameter)
            maximum.copy_(maximum.maximum(expAvgSq))
            state["max_exp_avg_sq"] = maximum
            secondMoment = maximum
        }
        let denominator = secondMoment.sqrt() / biasCorrection2.squareRoot() + options.eps
        parameter.sub_(expAvg / denominator * stepSize)
    }
}

/// Adam with decoupled weight decay (`torch.optim.AdamW`, default `weightDecay` 0.01).
public final class AdamW: Adam {
    /// AdamW over `params`.
    public convenience init(_ params: [Parameter], lr: Double = 0.001, betas: (Double, Double) = (0.9, 0.999),
                            eps: Double = 1e-8, weightDecay: Double = 0.01, amsgrad: Bool = false, maximize: Bool = false) {
        self.init(params, options: Options(lr: lr, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad,
                                           maximize: maximize, decoupledWeightDecay: true))
    }
}
