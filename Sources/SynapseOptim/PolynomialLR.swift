import RealModule

/// Decays the rates polynomially to zero over `totalIters` epochs (`PolynomialLR`):
/// `base_lr · (1 - epoch / totalIters)^power`, by PyTorch's recursive formula.
public final class PolynomialLR: LRScheduler {
    var totalIters: Int, power: Double

    /// A polynomial decay (PyTorch's defaults: 5 epochs, linear).
    public init(_ optimizer: any OptimizerProtocol, totalIters: Int = 5, power: Double = 1) {
        (self.totalIters, self.power) = (totalIters, power)
        super.init(optimizer)
    }

    /// PyTorch's `get_lr()` for this schedule.
    public override func computeLRs() -> [Double] {
        if isInitial || lastEpoch > totalIters { return currentLRs }
        let total = Double(totalIters)
        let factor = Double.pow((1 - Double(lastEpoch) / total) / (1 - Double(lastEpoch - 1) / total), power)
        return currentLRs.map { $0 * factor }
    }

    /// `base_lr * (1 - min(total_iters, last_epoch) / total_iters) ** power`.
    public override func closedFormLRs() -> [Double]? {
        baseLRs.map { $0 * Double.pow(1 - Double(min(totalIters, lastEpoch)) / Double(totalIters), power) }
    }

    /// `total_iters`, `power`.
    public override var hyperparameters: [LRSchedulerStateDict.Entry] {
        [.init("total_iters", .int(totalIters)), .init("power", .number(power))]
    }

    /// Reads `total_iters` and `power`.
    public override func loadHyperparameters(_ state: LRSchedulerStateDict) throws(SchedulerLoadError) {
        (totalIters, power) = (try state.int("total_iters"), try state.number("power"))
    }
}
