import RealModule

/// Averaged SGD (`torch.optim.ASGD`): SGD with a decaying step size `eta`, and from step `t0` on a running average
/// of the iterates in `ax`; with L2 weight decay and maximisation. Step for step as PyTorch's single-tensor
/// implementation; state `step`, `eta`, `mu` (float32 scalars, as PyTorch keeps them), `ax`.
public final class ASGD: Optimizer<ASGD.Options> {
    /// One group's settings, PyTorch's defaults.
    public struct Options: Sendable {
        /// Learning rate.
        public var lr: Double
        /// Decay term.
        public var lambd: Double
        /// Power of the `eta` update.
        public var alpha: Double
        /// The step from which the average is taken.
        public var t0: Double
        /// L2 penalty added to the gradient.
        public var weightDecay: Double
        /// Ascend instead of descend.
        public var maximize: Bool

        /// Settings with PyTorch's defaults.
        public init(lr: Double = 1e-2, lambd: Double = 1e-4, alpha: Double = 0.75, t0: Double = 1e6,
                    weightDecay: Double = 0, maximize: Bool = false) {
            check(lr >= 0, "Invalid learning rate: \(lr)")
            check(lambd >= 0, "Invalid lambd value: \(lambd)")
            check(alpha >= 0, "Invalid alpha value: \(alpha)")
            check(weightDecay >= 0, "Invalid weight_decay value: \(weightDecay)")
            (self.lr, self.lambd, self.alpha, self.t0, self.weightDecay, self.maximize) = (lr, lambd, alpha, t0, weightDecay, maximize)
        }
    }

    /// ASGD over `params`.
    public convenience init(_ params: [Parameter], lr: Double = 1e-2, lambd: Double = 1e-4, alpha: Double = 0.75,
                            t0: Double = 1e6, weightDecay: Double = 0, maximize: Bool = false) {
        self.init(params, options: Options(lr: lr, lambd: lambd, alpha: alpha, t0: t0, weightDecay: weightDecay,
                                           maximize: maximize))
    }

    /// One ASGD step for `parameter`.
    public override func update(_ parameter: Parameter, grad: Tensor, state: inout [String: Tensor], options: Options) {
        let step = (state["step"] ?? newStepCounter()).add_(1)
        let eta = state["eta"] ?? Tensor.full([], options.lr, dtype: .float32)
        let mu = state["mu"] ?? Tensor.ones([], dtype: .float32)
        let ax = state["ax"] ?? Tensor.zerosLike(parameter)
        (state["step"], state["eta"], state["mu"], state["ax"]) = (step, eta, mu, ax)
        var grad = options.maximize ? -grad : grad
        if options.weightDecay != 0 { grad = grad.add(parameter, alpha: options.weightDecay) }
        let etaValue = eta.item()
        parameter.mul_(1 - options.lambd * etaValue)
        parameter.add_(grad, alpha: -etaValue)
        if mu.item() != 1 {
            ax.add_((parameter - ax).mul_(mu.item()))
        } else {
            ax.copy_(parameter)
        }
        let count = step.item()
        eta.fill_(options.lr / Double.pow(1 + options.lambd * options.lr * count, options.alpha))
        mu.fill_(1 / Swift.max(1, count - options.t0))
    }
}
