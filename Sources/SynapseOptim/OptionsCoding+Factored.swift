// The options of Adafactor, Muon and SparseAdam as PyTorch's `param_groups` entries, in PyTorch 2.15's key order
// (implementation switches written with their defaults), and their learning rates for schedulers.

extension Adafactor.Options: OptimizerOptionsCoding, LearningRateOptions {
    /// `lr, beta2_decay, eps, d, weight_decay, foreach, maximize`; `eps` as the tuple `(None, 0.001)`.
    public var encoded: OptimizerStateDict.Group {
        [("lr", .number(lr)), ("beta2_decay", .number(beta2Decay)), ("eps", .tuple([eps.0, eps.1])), ("d", .number(d)),
         ("weight_decay", .number(weightDecay)), ("foreach", .none), ("maximize", .flag(maximize))]
    }

    /// Reads `lr`, `beta2_decay`, `eps` (its second element a number), `d`, `weight_decay`, `maximize`.
    public init(decoding entries: OptimizerStateDict.Group, group: Int) throws(OptimizerLoadError) {
        let eps = try entries.tuple("eps", count: 2, group: group)
        guard let eps2 = eps[1] else { throw .option(group: group, key: "eps", found: .tuple(eps)) }
        self.init(lr: try entries.number("lr", group: group), beta2Decay: try entries.number("beta2_decay", group: group),
                  eps: (eps[0], eps2), d: try entries.number("d", group: group),
                  weightDecay: try entries.number("weight_decay", group: group),
                  maximize: try entries.flag("maximize", group: group))
    }
}

extension Muon.Options: OptimizerOptionsCoding, MomentumFieldOptions {
    /// `lr, weight_decay, momentum, nesterov, ns_coefficients, eps, ns_steps, adjust_lr_fn` (`ns_steps` an int,
    /// `adjust_lr_fn` `None` or its name).
    public var encoded: OptimizerStateDict.Group {
        [("lr", .number(lr)), ("weight_decay", .number(weightDecay)), ("momentum", .number(momentum)),
         ("nesterov", .flag(nesterov)), ("ns_coefficients", .tuple([nsCoefficients.0, nsCoefficients.1, nsCoefficients.2])),
         ("eps", .number(eps)), ("ns_steps", .integer(nsSteps)), ("adjust_lr_fn", adjustLR.map { .string($0.rawValue) } ?? .none)]
    }

    /// Reads every option; `adjust_lr_fn` must be `None` or one of PyTorch's names.
    public init(decoding entries: OptimizerStateDict.Group, group: Int) throws(OptimizerLoadError) {
        let coefficients = try entries.tuple("ns_coefficients", count: 3, group: group)
        guard let a = coefficients[0], let b = coefficients[1], let c = coefficients[2] else {
            throw .option(group: group, key: "ns_coefficients", found: .tuple(coefficients))
        }
        let adjustLR = try entries.optionalName("adjust_lr_fn", as: Muon.AdjustLR.self, group: group)
        self.init(lr: try entries.number("lr", group: group), weightDecay: try entries.number("weight_decay", group: group),
                  momentum: try entries.number("momentum", group: group), nesterov: try entries.flag("nesterov", group: group),
                  nsCoefficients: (a, b, c), eps: try entries.number("eps", group: group),
                  nsSteps: try entries.integer("ns_steps", group: group), adjustLR: adjustLR)
    }
}

extension SparseAdam.Options: OptimizerOptionsCoding, FirstBetaMomentumOptions {
    /// `lr, betas, eps, maximize`.
    public var encoded: OptimizerStateDict.Group {
        [("lr", .number(lr)), ("betas", .pair(betas.0, betas.1)), ("eps", .number(eps)), ("maximize", .flag(maximize))]
    }

    /// Reads `lr`, `betas`, `eps`, `maximize` (false when absent, as PyTorch's `group.get("maximize", False)`).
    public init(decoding entries: OptimizerStateDict.Group, group: Int) throws(OptimizerLoadError) {
        self.init(lr: try entries.number("lr", group: group), betas: try entries.pair("betas", group: group),
                  eps: try entries.number("eps", group: group),
                  maximize: try entries.flag("maximize", group: group, default: false))
    }
}
