/// L-BFGS (`torch.optim.LBFGS`): a quasi-Newton method that re-evaluates the loss several times per step, so
/// ``step(closure:)`` needs the closure (zero the gradients, compute the loss, `backward()`, return the loss). Up to
/// `maxIter` iterations per step, each along the two-loop direction from the last `historySize` curvature pairs,
/// with a fixed step (`lr`) or PyTorch's strong-Wolfe line search. One parameter group only.
///
/// ```swift
/// let optimizer = LBFGS(model.parameters(), lr: 1, lineSearch: .strongWolfe)
/// optimizer.step {
///     optimizer.zeroGrad()
///     let loss = Functional.mseLoss(model(x), y)
///     loss.backward()
///     return loss
/// }
/// ```
///
/// Its state, kept with the first parameter under PyTorch's names (`func_evals`, `n_iter`, `d`, `t`, `old_dirs`,
/// `old_stps`, `ro`, `H_diag`, `prev_flat_grad`, `prev_loss`, `al`), is interchangeable with PyTorch's.
public final class LBFGS: Optimizer<LBFGS.Options> {
    /// The line searches PyTorch offers.
    public enum LineSearch: String, Sendable {
        /// Interpolating search for a step meeting the strong Wolfe conditions (`"strong_wolfe"`).
        case strongWolfe = "strong_wolfe"
    }

    /// The settings, PyTorch's defaults.
    public struct Options: Sendable {
        /// The step length (with a line search, its first guess).
        public var lr: Double
        /// Iterations per ``LBFGS/step(closure:)``.
        public var maxIter: Int
        /// Loss evaluations per step at most.
        public var maxEval: Int
        /// Stop when every gradient entry is at most this in magnitude.
        public var toleranceGrad: Double
        /// Stop when the step or the change of the loss is below this.
        public var toleranceChange: Double
        /// Curvature pairs kept.
        public var historySize: Int
        /// The line search, or `nil` for fixed steps of `lr`.
        public var lineSearch: LineSearch?
        /// Ascend instead of descend.
        public var maximize: Bool

        /// Settings with PyTorch's defaults (`maxEval` defaults to `maxIter · 5 / 4`).
        public init(lr: Double = 1, maxIter: Int = 20, maxEval: Int? = nil, toleranceGrad: Double = 1e-7,
                    toleranceChange: Double = 1e-9, historySize: Int = 100, lineSearch: LineSearch? = nil,
                    maximize: Bool = false) {
            check(lr >= 0, "Invalid learning rate: \(lr)")
            (self.lr, self.maxIter, self.maxEval) = (lr, maxIter, maxEval ?? maxIter * 5 / 4)
            (self.toleranceGrad, self.toleranceChange, self.historySize) = (toleranceGrad, toleranceChange, historySize)
            (self.lineSearch, self.maximize) = (lineSearch, maximize)
        }
    }

    /// L-BFGS over `params`.
    public convenience init(_ params: [Parameter], lr: Double = 1, maxIter: Int = 20, maxEval: Int? = nil,
                            toleranceGrad: Double = 1e-7, toleranceChange: Double = 1e-9, historySize: Int = 100,
                            lineSearch: LineSearch? = nil, maximize: Bool = false) {
        self.init(params, options: Options(lr: lr, maxIter: maxIter, maxEval: maxEval, toleranceGrad: toleranceGrad,
                                           toleranceChange: toleranceChange, historySize: historySize,
                                           lineSearch: lineSearch, maximize: maximize))
    }

    /// Refuses a second group, as PyTorch does.
    public override func addParamGroup(_ group: ParamGroup<Options>) {
        check(paramGroups.isEmpty, "LBFGS doesn't support per-parameter options (parameter groups)")
        super.addParamGroup(group)
    }

    /// L-BFGS re-evaluates the loss: stops with a message pointing to ``step(closure:)``.
    public override func step() {
        fatalError("LBFGS.step() needs the closure that re-evaluates the loss: call step(closure:)")
    }

    private var params: [Parameter] { paramGroups[0].params }

    /// Every parameter's gradient (zeros where there is none) in one vector, negated when maximising.
    private func gatherFlatGrad() -> Tensor {
        let flat = Tensor.cat(params.map { ($0.grad ?? Tensor.zerosLike($0)).reshape([-1]) })
        return paramGroups[0].options.maximize ? flat.neg_() : flat
    }

    /// `p += stepSize · update[slice of p]` for every parameter.
    private func addGrad(_ stepSize: Double, _ update: Tensor) {
        var offset = 0
        for parameter in params {
            let count = parameter.shape.reduce(1, *)
            parameter.add_(update.narrow(0, start: offset, length: count).view(parameter.shape), alpha: stepSize)
            offset += count
        }
    }

    /// The loss (negated when maximising) and flat gradient at `x + t·d`; the parameters go back to `x`.
    private func directionalEvaluate(_ closure: () throws -> Tensor, _ x: [Tensor], _ t: Double, _ d: Tensor) rethrows
        -> (Double, Tensor) {
        addGrad(t, d)
        let loss = try enableGrad(closure).item()
        let flatGrad = gatherFlatGrad()
        for (parameter, saved) in zip(params, x) { parameter.copy_(saved) }
        return (paramGroups[0].options.maximize ? -loss : loss, flatGrad)
    }

    /// The state kept between steps, as PyTorch names it.
    private struct History {
        var funcEvals = 0, nIter = 0
        var d: Tensor?, t: Double?, prevFlatGrad: Tensor?, prevLoss: Double?
        var oldDirs: [Tensor]?, oldStps: [Tensor]?, ro: [Tensor]?, al: [Tensor?]?
        /// A tensor once a curvature pair was accepted, the int 1 before.
        var hDiag: Tensor?
    }

    /// Up to `maxIter` L-BFGS iterations; returns the loss `closure` gave at the start (`step(closure)`).
    @discardableResult
    public override func step(closure: () throws -> Tensor) rethrows -> Tensor {
        let options = paramGroups[0].options
        let first = ObjectIdentifier(params[0])
        var history = readHistory(first)
        let originalLoss = try enableGrad(closure)
        var loss = options.maximize ? -originalLoss.item() : originalLoss.item()
        var currentEvals = 1
        history.funcEvals += 1
        defer { writeHistory(history, first) }

        try noGrad {
            var flatGrad = gatherFlatGrad()
            if flatGrad.abs().max().item() <= options.toleranceGrad { return }
            var d = history.d ?? flatGrad, t = history.t ?? options.lr
            var oldDirs = history.oldDirs ?? [], oldStps = history.oldStps ?? [], ro = history.ro ?? []
            var hDiag = history.hDiag
            var iteration = 0
            while iteration < options.maxIter {
                iteration += 1
                history.nIter += 1
                if history.nIter == 1 {
                    d = flatGrad.neg()
                    (oldDirs, oldStps, ro, hDiag) = ([], [], [], nil)
                } else {
                    let y = flatGrad.sub(history.prevFlatGrad!), s = d * t
                    let ys = y.dot(s)
                    if ys.item() > 1e-10 {
                        if oldDirs.count == options.historySize {
                            oldDirs.removeFirst()
                            oldStps.removeFirst()
                            ro.removeFirst()
                        }
                        oldDirs.append(y)
                        oldStps.append(s)
                        ro.append(1.0 / ys)
                        hDiag = ys / y.dot(y)
                    }
                    // The two-loop recursion: d = -H·g.
                    var al = history.al ?? Array(repeating: nil, count: options.historySize)
                    let q = flatGrad.neg()
                    for i in stride(from: oldDirs.count - 1, through: 0, by: -1) {
                        al[i] = oldStps[i].dot(q) * ro[i]
                        q.add_(oldDirs[i], alpha: -al[i]!.item())
                    }
                    let r = hDiag.map { q * $0 } ?? q * 1
                    for i in 0..<oldDirs.count {
                        let beta = oldDirs[i].dot(r) * ro[i]
                        r.add_(oldStps[i], alpha: (al[i]! - beta).item())
                    }
                    d = r
                    history.al = al
                }
                if let previous = history.prevFlatGrad {
                    previous.copy_(flatGrad)
                } else {
                    history.prevFlatGrad = flatGrad.clone()
                }
                history.prevLoss = loss
                if history.nIter == 1 {
                    // min(1, 1 / |g|₁) · lr, in the tensors' dtype as PyTorch computes it.
                    let inverse = 1.0 / flatGrad.abs().sum()
                    t = inverse.item() < 1 ? (inverse * options.lr).item() : options.lr
                } else {
                    t = options.lr
                }
                let gtd = flatGrad.dot(d).item()
                if gtd > -options.toleranceChange { break }

                var evaluations = 0
                var optimal = false
                if options.lineSearch != nil {
                    let x = params.map { $0.clone() }
                    let search = try strongWolfe({ x, t, d in try directionalEvaluate(closure, x, t, d) }, x, t, d, loss,
                                                 flatGrad, gtd, maxSearches: options.maxEval - currentEvals)
                    (loss, flatGrad, t, evaluations) = (search.loss, search.flatGrad, search.t, search.evaluations)
                    addGrad(t, d)
                    optimal = flatGrad.abs().max().item() <= options.toleranceGrad
                } else {
                    addGrad(t, d)
                    if iteration != options.maxIter {
                        let evaluated = try enableGrad(closure).item()
                        loss = options.maximize ? -evaluated : evaluated
                        flatGrad = gatherFlatGrad()
                        optimal = flatGrad.abs().max().item() <= options.toleranceGrad
                        evaluations = 1
                    }
                }
                currentEvals += evaluations
                history.funcEvals += evaluations
                if iteration == options.maxIter || currentEvals >= options.maxEval || optimal { break }
                if (d * t).abs().max().item() <= options.toleranceChange { break }
                if Swift.abs(loss - history.prevLoss!) < options.toleranceChange { break }
            }
            (history.d, history.t, history.oldDirs, history.oldStps, history.ro) = (d, t, oldDirs, oldStps, ro)
            history.hDiag = hDiag
        }
        return originalLoss
    }

    private func readHistory(_ id: ObjectIdentifier) -> History {
        let tensors = state[id] ?? [:], others = otherState[id] ?? [:]
        func int(_ key: String) -> Int? { if case .int(let value)? = others[key] { value } else { nil } }
        func number(_ key: String) -> Double? {
            switch others[key] {
            case .number(let value)?: value
            case .int(let value)?: Double(value)
            default: tensors[key].map { $0.item() }
            }
        }
        func list(_ key: String) -> [Tensor?]? { if case .tensors(let values)? = others[key] { values } else { nil } }
        var history = History()
        (history.funcEvals, history.nIter) = (int("func_evals") ?? 0, int("n_iter") ?? 0)
        (history.d, history.prevFlatGrad, history.hDiag) = (tensors["d"], tensors["prev_flat_grad"], tensors["H_diag"])
        (history.t, history.prevLoss) = (number("t"), number("prev_loss"))
        (history.oldDirs, history.oldStps) = (list("old_dirs")?.compactMap { $0 }, list("old_stps")?.compactMap { $0 })
        (history.ro, history.al) = (list("ro")?.compactMap { $0 }, list("al"))
        return history
    }

    private func writeHistory(_ history: History, _ id: ObjectIdentifier) {
        var tensors: [String: Tensor] = [:], others: [String: OptimizerStateValue] = [:]
        others["func_evals"] = .int(history.funcEvals)
        others["n_iter"] = .int(history.nIter)
        if let d = history.d { tensors["d"] = d }
        if let previous = history.prevFlatGrad { tensors["prev_flat_grad"] = previous }
        if let t = history.t { others["t"] = .number(t) }
        if let loss = history.prevLoss { others["prev_loss"] = .number(loss) }
        if let hDiag = history.hDiag { tensors["H_diag"] = hDiag } else if history.d != nil { others["H_diag"] = .int(1) }
        if let dirs = history.oldDirs { others["old_dirs"] = .tensors(dirs) }
        if let steps = history.oldStps { others["old_stps"] = .tensors(steps) }
        if let ro = history.ro { others["ro"] = .tensors(ro) }
        if let al = history.al { others["al"] = .tensors(al) }
        state[id] = tensors
        otherState[id] = others
    }
}
