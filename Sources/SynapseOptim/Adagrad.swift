/// Adagrad (`torch.optim.Adagrad`): each step divided by the root of the sum of all squared gradients so far, with
/// a decaying learning rate. Step for step as PyTorch's single-tensor implementation; state `step`, `sum`.
public final class Adagrad: Optimizer<Adagrad.Options> {
    /// One group's settings, PyTorch's defaults.
    public struct Options: Sendable {
        /// Learning rate.
        public var lr: Double
        /// Learning-rate decay per step.
        public var lrDecay: Double
        /// L2 penalty added to the gradient.
        public var weightDecay: Double
        /// The accumulator's starting value.
        public var initialAccumulatorValue: Double
        /// Added to the denominator.
        public var eps: Double
        /// Ascend instead of descend.
        public var maximize: Bool

        /// Settings with PyTorch's defaults.
        public init(lr: Double = 0.01, lrDecay: Double = 0, weightDecay: Double = 0, initialAccumulatorValue: Double = 0,
                    eps: Double = 1e-10, maximize: Bool = false) {
            check(lr >= 0, "Invalid learning rate: \(lr)")
            check(lrDecay >= 0, "Invalid lr_decay value: \(lrDecay)")
            check(weightDecay >= 0, "Invalid weight_decay value: \(weightDecay)")
            check(initialAccumulatorValue >= 0, "Invalid initial_accumulator_value value: \(initialAccumulatorValue)")
            check(eps >= 0, "Invalid epsilon value: \(eps)")
            (self.lr, self.lrDecay, self.weightDecay) = (lr, lrDecay, weightDecay)
            (self.initialAccumulatorValue, self.eps, self.maximize) = (initialAccumulatorValue, eps, maximize)
        }
    }

    /// Adagrad over `params`.
    public convenience init(_ params: [Parameter], lr: Double = 0.01, lrDecay: Double = 0, weightDecay: Double = 0,
                            initialAccumulatorValue: Double = 0, eps: Double = 1e-10, maximize: Bool = false) {
        self.init(params, options: Options(lr: lr, lrDecay: lrDecay, weightDecay: weightDecay,
                                           initialAccumulatorValue: initialAccumulatorValue, eps: eps,
                                           maximize: maximize))
    }

    /// One Adagrad step for `parameter`.
    public override func update(_ parameter: Parameter, grad: Tensor, state: inout [String: Tensor], options: Options) {
        let step = (state["step"] ?? Tensor.zeros([], dtype: .float32)).add_(1)
        let sum = state["sum"] ?? Tensor.fullLike(parameter, options.initialAccumulatorValue)
        state["step"] = step
        state["sum"] = sum
        var grad = options.maximize ? -grad : grad
        if options.weightDecay != 0 { grad = grad + parameter * options.weightDecay }
        let clr = options.lr / (1 + (step.item() - 1) * options.lrDecay)
        sum.add_(grad * grad)
        parameter.sub_(grad / (sum.sqrt() + options.eps), alpha: clr)
    }
}
