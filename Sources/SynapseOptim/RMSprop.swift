/// RMSprop (`torch.optim.RMSprop`): a running average of squared gradients scales each step; optionally centred
/// (minus the squared running mean of the gradients) and with momentum. Step for step as PyTorch's single-tensor
/// implementation; state `step`, `square_avg`, `grad_avg` (centred), `momentum_buffer` (momentum).
public final class RMSprop: Optimizer<RMSprop.Options> {
    /// One group's settings, PyTorch's defaults.
    public struct Options: Sendable {
        /// Learning rate.
        public var lr: Double
        /// Smoothing constant of the running averages.
        public var alpha: Double
        /// Added to the denominator.
        public var eps: Double
        /// L2 penalty added to the gradient.
        public var weightDecay: Double
        /// Momentum factor.
        public var momentum: Double
        /// Normalise by the estimated variance instead of the raw second moment.
        public var centered: Bool
        /// Ascend instead of descend.
        public var maximize: Bool

        /// Settings with PyTorch's defaults.
        public init(lr: Double = 0.01, alpha: Double = 0.99, eps: Double = 1e-8, weightDecay: Double = 0,
                    momentum: Double = 0, centered: Bool = false, maximize: Bool = false) {
            check(lr >= 0, "Invalid learning rate: \(lr)")
            check(eps >= 0, "Invalid epsilon value: \(eps)")
            check(momentum >= 0, "Invalid momentum value: \(momentum)")
            check(weightDecay >= 0, "Invalid weight_decay value: \(weightDecay)")
            check(alpha >= 0, "Invalid alpha value: \(alpha)")
            (self.lr, self.alpha, self.eps, self.weightDecay) = (lr, alpha, eps, weightDecay)
            (self.momentum, self.centered, self.maximize) = (momentum, centered, maximize)
        }
    }

    /// RMSprop over `params`.
    public convenience init(_ params: [Parameter], lr: Double = 0.01, alpha: Double = 0.99, eps: Double = 1e-8,
                            weightDecay: Double = 0, momentum: Double = 0, centered: Bool = false,
                            maximize: Bool = false) {
        self.init(params, options: Options(lr: lr, alpha: alpha, eps: eps, weightDecay: weightDecay,
                                           momentum: momentum, centered: centered, maximize: maximize))
    }

    /// One RMSprop step for `parameter`.
    public override func update(_ parameter: Parameter, grad: Tensor, state: inout [String: Tensor], options: Options) {
        var grad = options.maximize ? -grad : grad
        state["step"] = (state["step"] ?? Tensor.zeros([], dtype: .float32)).add_(1)
        if options.weightDecay != 0 { grad = grad + parameter * options.weightDecay }
        let squareAverage = state["square_avg"] ?? Tensor.zerosLike(parameter)
        state["square_avg"] = squareAverage
        squareAverage.mul_(options.alpha).add_(grad * grad, alpha: 1 - options.alpha)
        var average: Tensor
        if options.centered {
            let gradAverage = state["grad_avg"] ?? Tensor.zerosLike(parameter)
            state["grad_avg"] = gradAverage
            gradAverage.add_(grad - gradAverage, alpha: 1 - options.alpha)
            average = (squareAverage - gradAverage * gradAverage).sqrt()
        } else {
            average = squareAverage.sqrt()
        }
        average = average + options.eps
        if options.momentum > 0 {
            let buffer = state["momentum_buffer"] ?? Tensor.zerosLike(parameter)
            state["momentum_buffer"] = buffer
            buffer.mul_(options.momentum).add_(grad / average)
            parameter.sub_(buffer, alpha: options.lr)
        } else {
            parameter.sub_(grad / average, alpha: options.lr)
        }
    }
}
