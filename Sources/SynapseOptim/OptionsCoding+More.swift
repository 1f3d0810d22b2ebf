// The options of NAdam, RAdam, Adamax, Adadelta, Rprop and ASGD as PyTorch's `param_groups` entries, in PyTorch
// 2.15's key order (implementation switches written with their defaults), their learning rates for schedulers, and
// the momentum cyclic schedules move.

extension NAdam.Options: OptimizerOptionsCoding, FirstBetaMomentumOptions {
    /// `lr, betas, eps, weight_decay, momentum_decay, decoupled_weight_decay, maximize, foreach, capturable,
    /// differentiable`.
    public var encoded: OptimizerStateDict.Group {
        [("lr", .number(lr)), ("betas", .pair(betas.0, betas.1)), ("eps", .number(eps)),
         ("weight_decay", .number(weightDecay)), ("momentum_decay", .number(momentumDecay)),
         ("decoupled_weight_decay", .flag(decoupledWeightDecay)), ("maximize", .flag(maximize)), ("foreach", .none),
         ("capturable", .flag(false)), ("differentiable", .flag(false))]
    }

    /// Reads `lr`, `betas`, `eps`, `weight_decay`, `momentum_decay`, `maximize`, `decoupled_weight_decay` (false when
    /// absent, as in checkpoints from before PyTorch added it).
    public init(decoding entries: OptimizerStateDict.Group, group: Int) throws(OptimizerLoadError) {
        self.init(lr: try entries.number("lr", group: group), betas: try entries.pair("betas", group: group),
                  eps: try entries.number("eps", group: group), weightDecay: try entries.number("weight_decay", group: group),
                  momentumDecay: try entries.number("momentum_decay", group: group),
                  decoupledWeightDecay: try entries.flag("decoupled_weight_decay", group: group, default: false),
                  maximize: try entries.flag("maximize", group: group))
    }
}

extension RAdam.Options: OptimizerOptionsCoding, FirstBetaMomentumOptions {
    /// `lr, betas, eps, weight_decay, maximize, foreach, capturable, decoupled_weight_decay, differentiable`.
    public var encoded: OptimizerStateDict.Group {
        [("lr", .number(lr)), ("betas", .pair(betas.0, betas.1)), ("eps", .number(eps)),
         ("weight_decay", .number(weightDecay)), ("maximize", .flag(maximize)), ("foreach", .none),
         ("capturable", .flag(false)), ("decoupled_weight_decay", .flag(decoupledWeightDecay)),
         ("differentiable", .flag(false))]
    }

    /// Reads `lr`, `betas`, `eps`, `weight_decay`, `maximize`, `decoupled_weight_decay` (false when absent).
    public init(decoding entries: OptimizerStateDict.Group, group: Int) throws(OptimizerLoadError) {
        self.init(lr: try entries.number("lr", group: group), betas: try entries.pair("betas", group: group),
                  eps: try entries.number("eps", group: group), weightDecay: try entries.number("weight_decay", group: group),
                  decoupledWeightDecay: try entries.flag("decoupled_weight_decay", group: group, default: false),
                  maximize: try entries.flag("maximize", group: group))
    }
}

extension Adamax.Options: OptimizerOptionsCoding, FirstBetaMomentumOptions {
    /// `lr, betas, eps, weight_decay, foreach, maximize, differentiable, capturable`.
    public var encoded: OptimizerStateDict.Group {
        [("lr", .number(lr)), ("betas", .pair(betas.0, betas.1)), ("eps", .number(eps)),
         ("weight_decay", .number(weightDecay)), ("foreach", .none), ("maximize", .flag(maximize)),
         ("differentiable", .flag(false)), ("capturable", .flag(false))]
    }

    /// Reads `lr`, `betas`, `eps`, `weight_decay`, `maximize`.
    public init(decoding entries: OptimizerStateDict.Group, group: Int) throws(OptimizerLoadError) {
        self.init(lr: try entries.number("lr", group: group), betas: try entries.pair("betas", group: group),
                  eps: try entries.number("eps", group: group), weightDecay: try entries.number("weight_decay", group: group),
                  maximize: try entries.flag("maximize", group: group))
    }
}

extension Adadelta.Options: OptimizerOptionsCoding, LearningRateOptions {
    /// `lr, rho, eps, weight_decay, maximize, capturable, foreach, differentiable`.
    public var encoded: OptimizerStateDict.Group {
        [("lr", .number(lr)), ("rho", .number(rho)), ("eps", .number(eps)), ("weight_decay", .number(weightDecay)),
         ("maximize", .flag(maximize)), ("capturable", .flag(false)), ("foreach", .none), ("differentiable", .flag(false))]
    }

    /// Reads `lr`, `rho`, `eps`, `weight_decay`, `maximize`.
    public init(decoding entries: OptimizerStateDict.Group, group: Int) throws(OptimizerLoadError) {
        self.init(lr: try entries.number("lr", group: group), rho: try entries.number("rho", group: group),
                  eps: try entries.number("eps", group: group), weightDecay: try entries.number("weight_decay", group: group),
                  maximize: try entries.flag("maximize", group: group))
    }
}

extension Rprop.Options: OptimizerOptionsCoding, LearningRateOptions {
    /// `lr, etas, step_sizes, foreach, maximize, differentiable, capturable`.
    public var encoded: OptimizerStateDict.Group {
        [("lr", .number(lr)), ("etas", .pair(etas.0, etas.1)), ("step_sizes", .pair(stepSizes.0, stepSizes.1)),
         ("foreach", .none), ("maximize", .flag(maximize)), ("differentiable", .flag(false)), ("capturable", .flag(false))]
    }

    /// Reads `lr`, `etas`, `step_sizes`, `maximize`.
    public init(decoding entries: OptimizerStateDict.Group, group: Int) throws(OptimizerLoadError) {
        self.init(lr: try entries.number("lr", group: group), etas: try entries.pair("etas", group: group),
                  stepSizes: try entries.pair("step_sizes", group: group), maximize: try entries.flag("maximize", group: group))
    }
}

extension ASGD.Options: OptimizerOptionsCoding, LearningRateOptions {
    /// `lr, lambd, alpha, t0, weight_decay, foreach, maximize, differentiable, capturable`.
    public var encoded: OptimizerStateDict.Group {
        [("lr", .number(lr)), ("lambd", .number(lambd)), ("alpha", .number(alpha)), ("t0", .number(t0)),
         ("weight_decay", .number(weightDecay)), ("foreach", .none), ("maximize", .flag(maximize)),
         ("differentiable", .flag(false)), ("capturable", .flag(false))]
    }

    /// Reads `lr`, `lambd`, `alpha`, `t0`, `weight_decay`, `maximize`.
    public init(decoding entries: OptimizerStateDict.Group, group: Int) throws(OptimizerLoadError) {
        self.init(lr: try entries.number("lr", group: group), lambd: try entries.number("lambd", group: group),
                  alpha: try entries.number("alpha", group: group), t0: try entries.number("t0", group: group),
                  weightDecay: try entries.number("weight_decay", group: group), maximize: try entries.flag("maximize", group: group))
    }
}

extension OptimizerStateDict.Group where Element == (key: String, value: OptimizerValue) {
    /// The flag stored under `key`, `fallback` when absent (an option newer than the checkpoint); throws when it
    /// holds another kind of value.
    func flag(_ key: String, group: Int, default fallback: Bool) throws(OptimizerLoadError) -> Bool {
        contains { $0.key == key } ? try flag(key, group: group) : fallback
    }
}

extension LBFGS.Options: OptimizerOptionsCoding, LearningRateOptions {
    /// `lr, max_iter, max_eval, tolerance_grad, tolerance_change, history_size, line_search_fn, maximize` (the
    /// counts as Python ints, as PyTorch needs them).
    public var encoded: OptimizerStateDict.Group {
        [("lr", .number(lr)), ("max_iter", .integer(maxIter)), ("max_eval", .integer(maxEval)),
         ("tolerance_grad", .number(toleranceGrad)), ("tolerance_change", .number(toleranceChange)),
         ("history_size", .integer(historySize)), ("line_search_fn", lineSearch.map { .string($0.rawValue) } ?? .none),
         ("maximize", .flag(maximize))]
    }

    /// Reads every option; `line_search_fn` must be `None` or `'strong_wolfe'`.
    public init(decoding entries: OptimizerStateDict.Group, group: Int) throws(OptimizerLoadError) {
        let lineSearch = try entries.optionalName("line_search_fn", as: LBFGS.LineSearch.self, group: group)
        self.init(lr: try entries.number("lr", group: group), maxIter: try entries.integer("max_iter", group: group),
                  maxEval: try entries.integer("max_eval", group: group),
                  toleranceGrad: try entries.number("tolerance_grad", group: group),
                  toleranceChange: try entries.number("tolerance_change", group: group),
                  historySize: try entries.integer("history_size", group: group), lineSearch: lineSearch,
                  maximize: try entries.flag("maximize", group: group, default: false))
    }
}
