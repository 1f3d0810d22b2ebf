import RealModule

/// Anneals each group's learning rate to a fixed SWA rate over `annealEpochs` epochs, then keeps it there
/// (`torch.optim.swa_utils.SWALR`), with a cosine or linear shape.
///
/// ```swift
/// let swaScheduler = SWALR(optimizer, swaLR: 0.05, annealEpochs: 5, annealStrategy: .linear)
/// for epoch in 0..<epochs {
///     train(epoch)
///     if epoch > swaStart { swaModel.updateParameters(model); swaScheduler.step() } else { scheduler.step() }
/// }
/// ```
///
/// PyTorch keeps each group's `swa_lr` in the optimiser's parameter group; here the scheduler keeps them
/// (``swaLRs``), so they are not part of the optimiser's state dict.
public final class SWALR: LRScheduler {
    /// The shape of the annealing from the current rate to the SWA rate.
    public enum AnnealStrategy: String, Sendable {
        /// `(1 - cos(π t)) / 2` of the way at fraction `t` of the annealing.
        case cos
        /// `t` of the way at fraction `t`.
        case linear

        /// The annealing fraction reached at time `t` in `[0, 1]`.
        func alpha(_ t: Double) -> Double {
            switch self {
            case .cos: (1 - Double.cos(Double.pi * t)) / 2
            case .linear: t
            }
        }
    }

    /// Each group's SWA learning rate.
    public private(set) var swaLRs: [Double]
    /// Epochs the annealing takes (`anneal_epochs`).
    public private(set) var annealEpochs: Int
    /// The annealing shape (`anneal_strategy`).
    public private(set) var annealStrategy: AnnealStrategy

    /// A schedule annealing every group to `swaLR`.
    public convenience init(
        _ optimizer: any OptimizerProtocol, swaLR: Double, annealEpochs: Int = 10, annealStrategy: AnnealStrategy = .cos
    ) {
        self.init(optimizer, swaLRs: Array(repeating: swaLR, count: optimizer.paramGroupCount),
                  annealEpochs: annealEpochs, annealStrategy: annealStrategy)
    }

    /// A schedule annealing each group to its own rate in `swaLRs` (one per group).
    public init(
        _ optimizer: any OptimizerProtocol, swaLRs: [Double], annealEpochs: Int = 10, annealStrategy: AnnealStrategy = .cos
    ) {
        check(swaLRs.count == optimizer.paramGroupCount,
              "swa_lr must have the same length as optimizer.param_groups. swa_lr has \(swaLRs.count) values, "
                  + "param_groups has \(optimizer.paramGroupCount).")
        check(annealEpochs >= 0, "anneal_epochs must be equal or greater than 0, got \(annealEpochs)")
        (self.swaLRs, self.annealEpochs, self.annealStrategy) = (swaLRs, annealEpochs, annealStrategy)
        super.init(optimizer)
    }

    /// PyTorch's `get_lr()`: recovers the rate the annealing started from at the previous step, then moves a
    /// fraction `alpha` of the way from it to the SWA rate.
    public override func computeLRs() -> [Double] {
        let step = annealEpochs == 0 ? Swift.max(1, stepCount - 1) : stepCount - 1
        let span = Double(Swift.max(1, annealEpochs))
        let previousAlpha = annealStrategy.alpha(Swift.max(0, Swift.min(1, Double(step - 1) / span)))
        let alpha = annealStrategy.alpha(Swift.max(0, Swift.min(1, Double(step) / span)))
        return zip(currentLRs, swaLRs).map { lr, swaLR in
            let start = previousAlpha == 1 ? swaLR : (lr - previousAlpha * swaLR) / (1 - previousAlpha)
            return swaLR * alpha + start * (1 - alpha)
        }
    }

    /// `_anneal_strategy`, `anneal_epochs`.
    public override var hyperparameters: [LRSchedulerStateDict.Entry] {
        [.init("_anneal_strategy", .string(annealStrategy.rawValue)), .init("anneal_epochs", .int(annealEpochs))]
    }

    /// Reads `_anneal_strategy` and `anneal_epochs`.
    public override func loadHyperparameters(_ state: LRSchedulerStateDict) throws(SchedulerLoadError) {
        let name = try state.string("_anneal_strategy")
        guard let strategy = AnnealStrategy(rawValue: name) else {
            throw .entry(key: "_anneal_strategy", expected: "'cos' or 'linear'", found: state["_anneal_strategy"])
        }
        let epochs = try state.int("anneal_epochs")
        guard epochs >= 0 else { throw .entry(key: "anneal_epochs", expected: "a count ≥ 0", found: state["anneal_epochs"]) }
        (annealStrategy, annealEpochs) = (strategy, epochs)
    }
}
