/// Stochastic gradient descent with momentum, dampening, Nesterov momentum, weight decay and maximisation
/// (`torch.optim.SGD`), step for step as PyTorch's single-tensor implementation.
public final class SGD: Optimizer<SGD.Options> {
    /// One group's settings, PyTorch's defaults.
    public struct Options: Sendable {
        /// Learning rate.
        public var lr: Double
        /// Momentum factor (0 disables the momentum buffer).
        public var momentum: Double
        /// Dampening of the momentum.
        public var dampening: Double
        /// L2 penalty added to the gradient.
        public var weightDecay: Double
        /// Nesterov momentum.
        public var nesterov: Bool
        /// Ascend instead of descend.
        public var maximize: Bool

        /// Settings with PyTorch's defaults.
        public init(lr: Double = 0.001, momentum: Double = 0, dampening: Double = 0, weightDecay: Double = 0,
                    nesterov: Bool = false, maximize: Bool = false) {
            check(lr >= 0, "Invalid learning rate: \(lr)")
            check(momentum >= 0, "Invalid momentum value: \(momentum)")
            check(weightDecay >= 0, "Invalid weight_decay value: \(weightDecay)")
            check(!nesterov || (momentum > 0 && dampening == 0),
                  "Nesterov momentum requires a momentum and zero dampening")
            (self.lr, self.momentum, self.dampening) = (lr, momentum, dampening)
            (self.weightDecay, self.nesterov, self.maximize) = (weightDecay, nesterov, maximize)
        }
    }

    /// SGD over `params` (`SGD(net.parameters(), lr: 0.1, momentum: 0.9)`).
    public convenience init(_ params: [Parameter], lr: Double = 0.001, momentum: Double = 0, dampening: Double = 0,
                            weightDecay: Double = 0, nesterov: Bool = false, maximize: Bool = false) {
        self.init(params, options: Options(lr: lr, momentum: momentum, dampening: dampening,
                                           weightDecay: weightDecay, nesterov: nesterov, maximize: maximize))
    }

    /// `p -= lr · (g [+ wd·p], through the momentum buffer)`.
    public override func update(_ parameter: Parameter, grad: Tensor, state: inout [String: Tensor], options: Options) {
        var grad = options.maximize ? -grad : grad
        if options.weightDecay != 0 { grad = grad + parameter * options.weightDecay }
        if options.momentum != 0 {
            let buffer: Tensor
            if let existing = state["momentum_buffer"] {
                buffer = existing.mul_(options.momentum).add_(grad, alpha: 1 - options.dampening)
            } else {
                buffer = grad.clone()
                state["momentum_buffer"] = buffer
            }
            grad = options.nesterov ? grad + buffer * options.momentum : buffer
        }
        parameter.sub_(grad, alpha: options.lr)
    }
}
