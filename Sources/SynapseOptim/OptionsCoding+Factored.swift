// The options of Adafactor and Muon as PyTorch's `param_groups` entries, in PyTorch 2.15's key order
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
