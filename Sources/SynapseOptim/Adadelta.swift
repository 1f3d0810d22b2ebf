/// Adadelta (`torch.optim.Adadelta`): steps scaled by the ratio of running averages of squared updates and
/// squared gradients, with L2 weight decay and maximisation. Step for step as PyTorch's single-tensor
/// implementation; state `step`, `square_avg`, `acc_delta`.
public final class Adadelta: Optimizer<Adadelta.Options> {
    /// One group's settings, PyTorch's defaults.
    public struct Options: Sendable {
        /// Scales the update (1 is the paper's algorithm).
        public var lr: Double
        /// Decay rate of the running averages.
        public var rho: Double
        /// Added inside the square roots.
        public var eps: Double
        /// L2 penalty added to the gradient.
        public var weightDecay: Double
        /// Ascend instead of descend.
        public var maximize: Bool

        /// Settings with PyTorch's defaults.
        public init(lr: Double = 1, rho: Double = 0.9, eps: Double = 1e-6, weightDecay: Double = 0, maximize: Bool = false) {
            check(lr >= 0, "Invalid learning rate: \(lr)")
            check((0...1).contains(rho), "Invalid rho value: \(rho)")
            check(eps >= 0, "Invalid epsilon value: \(eps)")
            check(weightDecay >= 0, "Invalid weight_decay value: \(weightDecay)")
            (self.lr, self.rho, self.eps, self.weightDecay, self.maximize) = (lr, rho, eps, weightDecay, maximize)
        }
    }

    /// Adadelta over `params`.
    public convenience init(_ params: [Parameter], lr: Double = 1, rho: Double = 0.9, eps: Double = 1e-6,
                            weightDecay: Double = 0, maximize: Bool = false) {
        self.init(params, options: Options(lr: lr, rho: rho, eps: eps, weightDecay: weightDecay, maximize: maximize))
    }

    /// One Adadelta step for `parameter`.
    public override func update(_ parameter: Parameter, grad: Tensor, state: inout [String: Tensor], options: Options) {
        let step = (state["step"] ?? newStepCounter()).add_(1)
        let squareAvg = state["square_avg"] ?? Tensor.zerosLike(parameter)
        let accDelta = state["acc_delta"] ?? Tensor.zerosLike(parameter)
        (state["step"], state["square_avg"], state["acc_delta"]) = (step, squareAvg, accDelta)
        var grad = options.maximize ? -grad : grad
        if options.weightDecay != 0 { grad = grad.add(parameter, alpha: options.weightDecay) }
        squareAvg.mul_(options.rho).addcmulInPlace(grad, grad, value: 1 - options.rho)
        let std = (squareAvg + options.eps).sqrt_()
        let delta = (accDelta + options.eps).sqrt_()
        delta.div_(std).mul_(grad)
        accDelta.mul_(options.rho).addcmulInPlace(delta, delta, value: 1 - options.rho)
        parameter.add_(delta, alpha: -options.lr)
    }
}
