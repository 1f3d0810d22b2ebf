import RealModule

/// SparseAdam (`torch.optim.SparseAdam`): Adam for sparse gradients, which updates only the rows present in the
/// gradient (moments and parameters alike); for the weights of `Embedding(sparse: true)`, whose
/// `SparseGradientParameter.gradientRows` list the rows. Step for step as PyTorch's implementation (the coalesced
/// gradient's rows, `exp_avg`/`exp_avg_sq` updated by their differences); state `step` (a Python int, as PyTorch keeps
/// it), `exp_avg`, `exp_avg_sq`. A dense gradient is PyTorch's error.
///
/// ```swift
/// let embedding = Embedding(10_000, 64, sparse: true)
/// let optimizer = SparseAdam(embedding.parameters(), lr: 0.01)
/// ```
public final class SparseAdam: Optimizer<SparseAdam.Options> {
    /// One group's settings, PyTorch's defaults.
    public struct Options: Sendable {
        /// Learning rate.
        public var lr: Double
        /// Decay rates of the first and second moment estimates.
        public var betas: (Double, Double)
        /// Added to the denominator.
        public var eps: Double
        /// Ascend instead of descend.
        public var maximize: Bool

        /// Settings with PyTorch's defaults.
        public init(lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8, maximize: Bool = false) {
            check(lr > 0, "Invalid learning rate: \(lr)")
            check(eps > 0, "Invalid epsilon value: \(eps)")
            check((0..<1).contains(betas.0), "Invalid beta parameter at index 0: \(betas.0)")
            check((0..<1).contains(betas.1), "Invalid beta parameter at index 1: \(betas.1)")
            (self.lr, self.betas, self.eps, self.maximize) = (lr, betas, eps, maximize)
        }
    }

    /// SparseAdam over `params`.
    public convenience init(_ params: [Parameter], lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
                            eps: Double = 1e-8, maximize: Bool = false) {
        self.init(params, options: Options(lr: lr, betas: betas, eps: eps, maximize: maximize))
    }

    /// Updates the rows present in each parameter's sparse gradient; a dense gradient stops with PyTorch's message.
    public override func step() {
        noGrad {
            for group in paramGroups {
                for parameter in group.params {
                    guard let grad = parameter.grad else { continue }
                    let rows = (parameter as? SparseGradientParameter)?.gradientRows
                    check(rows != nil, "SparseAdam does not support dense gradients, please consider Adam instead")
                    let id = ObjectIdentifier(parameter)
                    var tensors = state[id] ?? [:]
                    if tensors.isEmpty {
                        tensors = ["exp_avg": Tensor.zerosLike(parameter), "exp_avg_sq": Tensor.zerosLike(parameter)]
                        otherState[id, default: [:]]["step"] = .int(0)
                    }
                    guard case .int(let previous)? = otherState[id]?["step"] else { continue }
                    otherState[id, default: [:]]["step"] = .int(previous + 1)
                    state[id] = tensors
                    update(parameter, grad: grad, rows: rows!, step: previous + 1, tensors, group.options)
                }
            }
        }
    }

    /// PyTorch's `_single_tensor_sparse_adam` for one parameter: the coalesced gradient's `rows`.
    private func update(_ parameter: Parameter, grad: Tensor, rows: [Int], step: Int, _ tensors: [String: Tensor],
                        _ options: Options) {
        guard !rows.isEmpty else { return }
        let index = Tensor(flat: rows.map(Int64.init), shape: [rows.count]), key = [index.tensorIndex]
        var values = grad[index]
        if options.maximize { values = -values }
        let (expAvg, expAvgSq) = (tensors["exp_avg"]!, tensors["exp_avg_sq"]!)
        let (beta1, beta2) = options.betas
        let (keep1, keep2): (Double, Double) = (1 - beta1, 1 - beta2)
        let oldExpAvg = expAvg[index]
        let expAvgUpdate = (values - oldExpAvg).mul_(keep1)
        expAvg.indexPut(key, expAvgUpdate, accumulate: true)
        let oldExpAvgSq = expAvgSq[index]
        let expAvgSqUpdate = values.pow(2).sub_(oldExpAvgSq).mul_(keep2)
        expAvgSq.indexPut(key, expAvgSqUpdate, accumulate: true)
        let numerator = expAvgUpdate.add_(oldExpAvg)
        let denominator = expAvgSqUpdate.add_(oldExpAvgSq).sqrt_().add_(options.eps)
        let biasCorrection1 = 1 - Double.pow(beta1, Double(step))
        let biasCorrection2 = 1 - Double.pow(beta2, Double(step))
        let stepSize = options.lr * Double.sqrt(biasCorrection2) / biasCorrection1
        parameter.indexPut(key, numerator.div_(denominator).mul_(-stepSize), accumulate: true)
    }
}
