import RealModule

/// Muon (`torch.optim.Muon`): SGD momentum (Nesterov by default) whose update is orthogonalised by a few
/// Newton–Schulz iterations run in bfloat16, as PyTorch runs them, with decoupled weight decay and a learning rate
/// scaled by the matrix's shape (``AdjustLR``). Only for 2-D parameters (use another optimiser for biases and
/// embeddings). Step for step as PyTorch's implementation; state `momentum_buffer`.
///
/// ```swift
/// let muon = Muon(hidden.map(\.weight), lr: 0.02)
/// let adam = AdamW(biasesAndHead, lr: 3e-4)
/// ```
public final class Muon: Optimizer<Muon.Options> {
    /// How the learning rate is scaled by the parameter's shape `[A, B]` (`adjust_lr_fn`).
    public enum AdjustLR: String, Sendable {
        /// `sqrt(max(1, A / B))` (`"original"`, and what `None` means).
        case original
        /// `0.2 * sqrt(max(A, B))`, matching AdamW's update RMS (`"match_rms_adamw"`).
        case matchRMSAdamW = "match_rms_adamw"
        /// `sqrt(A / B)` (`"spectral_unclamped"`).
        case spectralUnclamped = "spectral_unclamped"
    }

    /// One group's settings, PyTorch's defaults.
    public struct Options: Sendable {
        /// Learning rate.
        public var lr: Double
        /// Decoupled weight decay (multiplies the parameter by `1 - lr * weightDecay`).
        public var weightDecay: Double
        /// Momentum factor.
        public var momentum: Double
        /// Nesterov momentum.
        public var nesterov: Bool
        /// The Newton–Schulz polynomial's coefficients `(a, b, c)`.
        public var nsCoefficients: (Double, Double, Double)
        /// The floor of the norm the update is divided by before the iterations.
        public var eps: Double
        /// Newton–Schulz iterations (fewer than 100).
        public var nsSteps: Int
        /// The learning-rate scaling; `nil` as PyTorch's `None` (the original one).
        public var adjustLR: AdjustLR?

        /// Settings with PyTorch's defaults.
        public init(lr: Double = 1e-3, weightDecay: Double = 0.1, momentum: Double = 0.95, nesterov: Bool = true,
                    nsCoefficients: (Double, Double, Double) = (3.4445, -4.7750, 2.0315), eps: Double = 1e-7,
                    nsSteps: Int = 5, adjustLR: AdjustLR? = nil) {
            check(lr >= 0, "Learning rate should be >= 0 but is: \(lr)")
            check(momentum >= 0, "momentum should be >= 0 but is: \(momentum)")
            check(weightDecay >= 0, "weight decay should be >= 0 but is: \(weightDecay)")
            (self.lr, self.weightDecay, self.momentum, self.nesterov) = (lr, weightDecay, momentum, nesterov)
            (self.nsCoefficients, self.eps, self.nsSteps, self.adjustLR) = (nsCoefficients, eps, nsSteps, adjustLR)
        }
    }

    /// Muon over `params`, which must all be matrices (PyTorch's error otherwise).
    public override init(_ params: [Parameter], options: Options) {
        for parameter in params {
            check(parameter.dim == 2, "Muon only supports 2D parameters whereas we found a parameter with size: "
                  + "torch.Size([\(parameter.shape.map(String.init).joined(separator: ", "))])")
        }
        super.init(params, options: options)
    }

    /// Muon over `params`.
    public convenience init(_ params: [Parameter], lr: Double = 1e-3, weightDecay: Double = 0.1, momentum: Double = 0.95,
                            nesterov: Bool = true, nsCoefficients: (Double, Double, Double) = (3.4445, -4.7750, 2.0315),
                            eps: Double = 1e-7, nsSteps: Int = 5, adjustLR: AdjustLR? = nil) {
        self.init(params, options: Options(lr: lr, weightDecay: weightDecay, momentum: momentum, nesterov: nesterov,
                                           nsCoefficients: nsCoefficients, eps: eps, nsSteps: nsSteps, adjustLR: adjustLR))
    }

    /// One Muon step for `parameter`.
    public override func update(_ parameter: Parameter, grad: Tensor, state: inout [String: Tensor], options: Options) {
        check(grad.dim == 2, "Param gradient must be a 2D matrix")
        let buffer = state["momentum_buffer"] ?? Tensor.zerosLike(grad)
        state["momentum_buffer"] = buffer
        buffer.lerpInPlace(grad, weight: 1 - options.momentum)
        let momentum = options.nesterov ? grad.clone().lerpInPlace(buffer, weight: options.momentum) : buffer
        let update = Self.orthogonalized(momentum, options)
        let (rows, columns) = (Double(parameter.shape[0]), Double(parameter.shape[1]))
        let ratio: Double = switch options.adjustLR {
        case nil, .original?: Double.sqrt(max(1, rows / columns))
        case .matchRMSAdamW?: 0.2 * Double.sqrt(max(rows, columns))
        case .spectralUnclamped?: Double.sqrt(rows / columns)
        }
        let decay: Double = 1 - options.lr * options.weightDecay
        parameter.mul_(decay)
        parameter.add_(update.to(parameter.dtype), alpha: -options.lr * ratio)
    }

    /// PyTorch's `_zeropower_via_newtonschulz`: the matrix in bfloat16, divided by its norm, then `nsSteps` rounds of
    /// `X = a·X + (b·G + c·G·G)·X` with `G = X·Xᵀ` (on the wide orientation). Each bfloat16 operation is computed in
    /// float32 and rounded to bfloat16, as PyTorch's CPU kernels do; the result holds bfloat16 values in float32.
    static func orthogonalized(_ matrix: Tensor, _ options: Options) -> Tensor {
        check(options.nsSteps < 100, "Number of steps must be less than 100 for computational efficiency")
        let (a, b, c) = options.nsCoefficients
        let tall = matrix.shape[0] > matrix.shape[1]
        var x = matrix.to(.bfloat16).to(.float32)
        if tall { x = x.t().contiguous() }
        let norm = x.norm().bfloat16Rounded().clamp(min: options.eps).bfloat16Rounded()
        x = (x / norm).bfloat16Rounded()
        for _ in 0..<options.nsSteps {
            let gram = x.matmul(x.t()).bfloat16Rounded()
            let gramUpdate = (gram * b + gram.matmul(gram) * c).bfloat16Rounded()
            x = (x * a + gramUpdate.matmul(x)).bfloat16Rounded()
        }
        return tall ? x.t().contiguous() : x
    }
}

extension Tensor {
    /// The values rounded to bfloat16 (ties to even), kept in float32: one bfloat16 operation's result.
    func bfloat16Rounded() -> Tensor { to(.bfloat16).to(.float32) }
}
