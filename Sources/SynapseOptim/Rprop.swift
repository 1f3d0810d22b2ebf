/// Rprop (`torch.optim.Rprop`): each weight has its own step size, grown by `etas.1` while the gradient keeps its
/// sign and shrunk by `etas.0` when it flips (skipping that update), clamped to `stepSizes`; only the gradient's
/// sign is used. Step for step as PyTorch's single-tensor implementation; state `step`, `prev`, `step_size`.
public final class Rprop: Optimizer<Rprop.Options> {
    /// One group's settings, PyTorch's defaults.
    public struct Options: Sendable {
        /// The initial step size.
        public var lr: Double
        /// The decrease and increase factors (`etaminus`, `etaplus`).
        public var etas: (Double, Double)
        /// The smallest and largest step sizes.
        public var stepSizes: (Double, Double)
        /// Ascend instead of descend.
        public var maximize: Bool

        /// Settings with PyTorch's defaults.
        public init(lr: Double = 1e-2, etas: (Double, Double) = (0.5, 1.2), stepSizes: (Double, Double) = (1e-6, 50),
                    maximize: Bool = false) {
            check(lr >= 0, "Invalid learning rate: \(lr)")
            check(0 < etas.0 && etas.0 < 1 && 1 < etas.1, "Invalid eta values: \(etas.0), \(etas.1)")
            (self.lr, self.etas, self.stepSizes, self.maximize) = (lr, etas, stepSizes, maximize)
        }
    }

    /// Rprop over `params`.
    public convenience init(_ params: [Parameter], lr: Double = 1e-2, etas: (Double, Double) = (0.5, 1.2),
                            stepSizes: (Double, Double) = (1e-6, 50), maximize: Bool = false) {
        self.init(params, options: Options(lr: lr, etas: etas, stepSizes: stepSizes, maximize: maximize))
    }

    /// One Rprop step for `parameter`.
    public override func update(_ parameter: Parameter, grad: Tensor, state: inout [String: Tensor], options: Options) {
        let step = (state["step"] ?? newStepCounter()).add_(1)
        let previous = state["prev"] ?? Tensor.zerosLike(parameter)
        let stepSize = state["step_size"] ?? Tensor.fullLike(grad, options.lr)
        (state["step"], state["prev"], state["step_size"]) = (step, previous, stepSize)
        let grad = (options.maximize ? -grad : grad).clone()
        let sign = (grad * previous).sign()
        let (grew, flipped, unknown) = (sign.gt(Tensor.zerosLike(sign)), sign.lt(Tensor.zerosLike(sign)), sign.eq(Tensor.zerosLike(sign)))
        sign.maskedFill_(grew, options.etas.1).maskedFill_(flipped, options.etas.0).maskedFill_(unknown, 1.0)
        stepSize.mul_(sign).clamp_(min: options.stepSizes.0, max: options.stepSizes.1)
        // A flipped sign skips this update and forgets the gradient, so the next step can't flip again.
        grad.maskedFill_(flipped, 0.0)
        parameter.addcmulInPlace(grad.sign(), stepSize, value: -1)
        previous.copy_(grad)
    }
}
