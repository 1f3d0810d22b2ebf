// Each optimiser's options as PyTorch's `param_groups` entries, in PyTorch 2.15's key order (the implementation
// switches PyTorch records — foreach, fused, differentiable, capturable — are written with their defaults).

extension SGD.Options: OptimizerOptionsCoding {
    /// `lr, momentum, dampening, weight_decay, nesterov, maximize, foreach, differentiable, fused`.
    public var encoded: OptimizerStateDict.Group {
        [("lr", .number(lr)), ("momentum", .number(momentum)), ("dampening", .number(dampening)),
         ("weight_decay", .number(weightDecay)), ("nesterov", .flag(nesterov)), ("maximize", .flag(maximize)),
         ("foreach", .none), ("differentiable", .flag(false)), ("fused", .none)]
    }

    /// Reads `lr`, `momentum`, `dampening`, `weight_decay`, `nesterov`, `maximize`.
    public init(decoding entries: OptimizerStateDict.Group, group: Int) throws(OptimizerLoadError) {
        self.init(lr: try entries.number("lr", group: group), momentum: try entries.number("momentum", group: group),
                  dampening: try entries.number("dampening", group: group),
                  weightDecay: try entries.number("weight_decay", group: group),
                  nesterov: try entries.flag("nesterov", group: group), maximize: try entries.flag("maximize", group: group))
    }
}

extension Adam.Options: OptimizerOptionsCoding {
    /// `lr, betas, eps, weight_decay, amsgrad, maximize, foreach, capturable, differentiable, fused,
    /// decoupled_weight_decay`.
    public var encoded: OptimizerStateDict.Group {
        [("lr", .number(lr)), ("betas", .pair(betas.0, betas.1)), ("eps", .number(eps)),
         ("weight_decay", .number(weightDecay)), ("amsgrad", .flag(amsgrad)), ("maximize", .flag(maximize)),
         ("foreach", .none), ("capturable", .flag(false)), ("differentiable", .flag(false)), ("fused", .none),
         ("decoupled_weight_decay", .flag(decoupledWeightDecay))]
    }

    /// Reads `lr`, `betas`, `eps`, `weight_decay`, `amsgrad`, `maximize`, `decoupled_weight_decay` (false when
    /// absent, as in checkpoints from before PyTorch added it).
    public init(decoding entries: OptimizerStateDict.Group, group: Int) throws(OptimizerLoadError) {
        let decoupled = entries.contains { $0.key == "decoupled_weight_decay" }
            ? try entries.flag("decoupled_weight_decay", group: group) : false
        self.init(lr: try entries.number("lr", group: group), betas: try entries.pair("betas", group: group),
                  eps: try entries.number("eps", group: group), weightDecay: try entries.number("weight_decay", group: group),
                  amsgrad: try entries.flag("amsgrad", group: group), maximize: try entries.flag("maximize", group: group),
                  decoupledWeightDecay: decoupled)
    }
}

extension RMSprop.Options: OptimizerOptionsCoding {
    /// `lr, momentum, alpha, eps, centered, weight_decay, capturable, foreach, maximize, differentiable`.
    public var encoded: OptimizerStateDict.Group {
        [("lr", .number(lr)), ("momentum", .number(momentum)), ("alpha", .number(alpha)), ("eps", .number(eps)),
         ("centered", .flag(centered)), ("weight_decay", .number(weightDecay)), ("capturable", .flag(false)),
         ("foreach", .none), ("maximize", .flag(maximize)), ("differentiable", .flag(false))]
    }

    /// Reads `lr`, `momentum`, `alpha`, `eps`, `centered`, `weight_decay`, `maximize`.
    public init(decoding entries: OptimizerStateDict.Group, group: Int) throws(OptimizerLoadError) {
        self.init(lr: try entries.number("lr", group: group), alpha: try entries.number("alpha", group: group),
                  eps: try entries.number("eps", group: group), weightDecay: try entries.number("weight_decay", group: group),
                  momentum: try entries.number("momentum", group: group), centered: try entries.flag("centered", group: group),
                  maximize: try entries.flag("maximize", group: group))
    }
}

extension Adagrad.Options: OptimizerOptionsCoding {
    /// `lr, lr_decay, eps, weight_decay, initial_accumulator_value, foreach, maximize, differentiable, fused`.
    public var encoded: OptimizerStateDict.Group {
        [("lr", .number(lr)), ("lr_decay", .number(lrDecay)), ("eps", .number(eps)),
         ("weight_decay", .number(weightDecay)), ("initial_accumulator_value", .number(initialAccumulatorValue)),
         ("foreach", .none), ("maximize", .flag(maximize)), ("differentiable", .flag(false)), ("fused", .none)]
    }

    /// Reads `lr`, `lr_decay`, `eps`, `weight_decay`, `initial_accumulator_value`, `maximize`.
    public init(decoding entries: OptimizerStateDict.Group, group: Int) throws(OptimizerLoadError) {
        self.init(lr: try entries.number("lr", group: group), lrDecay: try entries.number("lr_decay", group: group),
                  weightDecay: try entries.number("weight_decay", group: group),
                  initialAccumulatorValue: try entries.number("initial_accumulator_value", group: group),
                  eps: try entries.number("eps", group: group), maximize: try entries.flag("maximize", group: group))
    }
}
