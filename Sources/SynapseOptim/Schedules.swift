import RealModule

/// Multiplies the rates by `gamma` every `stepSize` epochs (`StepLR`).
public final class StepLR: LRScheduler {
    var stepSize: Int, gamma: Double

    /// A step schedule.
    public init(_ optimizer: any OptimizerProtocol, stepSize: Int, gamma: Double = 0.1) {
        (self.stepSize, self.gamma) = (stepSize, gamma)
        super.init(optimizer)
    }

    /// PyTorch's `get_lr()` for this schedule.
    public override func computeLRs() -> [Double] {
        lastEpoch == 0 || lastEpoch % stepSize != 0 ? currentLRs : currentLRs.map { $0 * gamma }
    }

    /// `base_lr * gamma ** (last_epoch // step_size)`.
    public override func closedFormLRs() -> [Double]? {
        baseLRs.map { $0 * Double.pow(gamma, Double(lastEpoch / stepSize)) }
    }

    /// `step_size`, `gamma`.
    public override var hyperparameters: [LRSchedulerStateDict.Entry] { [.init("step_size", .int(stepSize)), .init("gamma", .number(gamma))] }

    /// Reads `step_size` and `gamma`.
    public override func loadHyperparameters(_ state: LRSchedulerStateDict) throws(SchedulerLoadError) {
        (stepSize, gamma) = (try state.int("step_size"), try state.number("gamma"))
    }
}

/// Multiplies the rates by `gamma` at each milestone epoch (`MultiStepLR`; a milestone listed twice counts twice).
public final class MultiStepLR: LRScheduler {
    var milestones: [Int: Int], gamma: Double

    /// A schedule dropping at `milestones`.
    public init(_ optimizer: any OptimizerProtocol, milestones: [Int], gamma: Double = 0.1) {
        self.milestones = milestones.reduce(into: [:]) { $0[$1, default: 0] += 1 }
        self.gamma = gamma
        super.init(optimizer)
    }

    /// PyTorch's `get_lr()` for this schedule.
    public override func computeLRs() -> [Double] {
        guard let count = milestones[lastEpoch] else { return currentLRs }
        return currentLRs.map { $0 * Double.pow(gamma, Double(count)) }
    }

    /// `base_lr * gamma ** (number of milestones reached)`.
    public override func closedFormLRs() -> [Double]? {
        let reached = milestones.filter { $0.key <= lastEpoch }.values.reduce(0, +)
        return baseLRs.map { $0 * Double.pow(gamma, Double(reached)) }
    }

    /// `milestones` (a `Counter`), `gamma`.
    public override var hyperparameters: [LRSchedulerStateDict.Entry] { [.init("milestones", .counts(milestones)), .init("gamma", .number(gamma))] }

    /// Reads `milestones` and `gamma`.
    public override func loadHyperparameters(_ state: LRSchedulerStateDict) throws(SchedulerLoadError) {
        guard case .counts(let counts)? = state["milestones"] else {
            throw .entry(key: "milestones", expected: "counts by epoch", found: state["milestones"])
        }
        (milestones, gamma) = (counts, try state.number("gamma"))
    }
}

/// Multiplies the rates by `factor` until epoch `totalIters` (`ConstantLR`), a constant warm-up.
public final class ConstantLR: LRScheduler {
    var factor: Double, totalIters: Int

    /// A constant factor for the first `totalIters` epochs.
    public init(_ optimizer: any OptimizerProtocol, factor: Double = 1.0 / 3, totalIters: Int = 5) {
        check(factor >= 0 && factor <= 1, "Constant multiplicative factor expected to be between 0 and 1.")
        (self.factor, self.totalIters) = (factor, totalIters)
        super.init(optimizer)
    }

    /// PyTorch's `get_lr()` for this schedule.
    public override func computeLRs() -> [Double] {
        if lastEpoch == 0 { return currentLRs.map { $0 * factor } }
        return lastEpoch != totalIters ? currentLRs : currentLRs.map { $0 * (1.0 / factor) }
    }

    /// `base_lr * (factor + (last_epoch >= total_iters) * (1 - factor))`.
    public override func closedFormLRs() -> [Double]? {
        baseLRs.map { $0 * (factor + (lastEpoch >= totalIters ? 1 - factor : 0)) }
    }

    /// `factor`, `total_iters`.
    public override var hyperparameters: [LRSchedulerStateDict.Entry] { [.init("factor", .number(factor)), .init("total_iters", .int(totalIters))] }

    /// Reads `factor` and `total_iters`.
    public override func loadHyperparameters(_ state: LRSchedulerStateDict) throws(SchedulerLoadError) {
        (factor, totalIters) = (try state.number("factor"), try state.int("total_iters"))
    }
}

/// Multiplies the rates by `gamma` every epoch (`ExponentialLR`).
public final class ExponentialLR: LRScheduler {
    var gamma: Double

    /// An exponential decay.
    public init(_ optimizer: any OptimizerProtocol, gamma: Double) {
        self.gamma = gamma
        super.init(optimizer)
    }

    /// PyTorch's `get_lr()` for this schedule.
    public override func computeLRs() -> [Double] { isInitial ? currentLRs : currentLRs.map { $0 * gamma } }

    /// `base_lr * gamma ** last_epoch`.
    public override func closedFormLRs() -> [Double]? { baseLRs.map { $0 * Double.pow(gamma, Double(lastEpoch)) } }

    /// `gamma`.
    public override var hyperparameters: [LRSchedulerStateDict.Entry] { [.init("gamma", .number(gamma))] }

    /// Reads `gamma`.
    public override func loadHyperparameters(_ state: LRSchedulerStateDict) throws(SchedulerLoadError) {
        gamma = try state.number("gamma")
    }
}

/// Cosine annealing from the base rates down to `etaMin` over `tMax` epochs and back (`CosineAnnealingLR`), by
/// PyTorch's recursive formula.
public final class CosineAnnealingLR: LRScheduler {
    var tMax: Int, etaMin: Double

    /// A cosine schedule with half-period `tMax`.
    public init(_ optimizer: any OptimizerProtocol, tMax: Int, etaMin: Double = 0) {
        (self.tMax, self.etaMin) = (tMax, etaMin)
        super.init(optimizer)
    }

    /// PyTorch's `get_lr()` for this schedule.
    public override func computeLRs() -> [Double] {
        if isInitial { return currentLRs }
        let period = Double(tMax), epoch = Double(lastEpoch)
        if stepCount == 1 && lastEpoch > 0 {
            return baseLRs.map { etaMin + ($0 - etaMin) * (1 + Double.cos(epoch * .pi / period)) / 2 }
        }
        let offset = lastEpoch - 1 - tMax, cycle = 2 * tMax
        if ((offset % cycle) + cycle) % cycle == 0 {
            return zip(baseLRs, currentLRs).map { base, lr in lr + (base - etaMin) * (1 - Double.cos(.pi / period)) / 2 }
        }
        return currentLRs.map { lr in
            (1 + Double.cos(.pi * epoch / period)) / (1 + Double.cos(.pi * (epoch - 1) / period)) * (lr - etaMin) + etaMin
        }
    }

    /// `eta_min + (base_lr - eta_min) * (1 + cos(pi * last_epoch / T_max)) / 2`.
    public override func closedFormLRs() -> [Double]? {
        baseLRs.map { etaMin + ($0 - etaMin) * (1 + Double.cos(.pi * Double(lastEpoch) / Double(tMax))) / 2 }
    }

    /// `T_max`, `eta_min`.
    public override var hyperparameters: [LRSchedulerStateDict.Entry] { [.init("T_max", .int(tMax)), .init("eta_min", .number(etaMin))] }

    /// Reads `T_max` and `eta_min`.
    public override func loadHyperparameters(_ state: LRSchedulerStateDict) throws(SchedulerLoadError) {
        (tMax, etaMin) = (try state.int("T_max"), try state.number("eta_min"))
    }
}

/// Scales the rates linearly from `startFactor` to `endFactor` over `totalIters` epochs (`LinearLR`), a common
/// warm-up.
public final class LinearLR: LRScheduler {
    var startFactor: Double, endFactor: Double, totalIters: Int

    /// A linear ramp.
    public init(_ optimizer: any OptimizerProtocol, startFactor: Double = 1.0 / 3,
                                              endFactor: Double = 1, totalIters: Int = 5) {
        check(startFactor > 0 && startFactor <= 1,
              "Starting multiplicative factor expected to be greater than 0 and less or equal to 1.")
        check(endFactor >= 0 && endFactor <= 1, "Ending multiplicative factor expected to be between 0 and 1.")
        (self.startFactor, self.endFactor, self.totalIters) = (startFactor, endFactor, totalIters)
        super.init(optimizer)
    }

    /// PyTorch's `get_lr()` for this schedule.
    public override func computeLRs() -> [Double] {
        if lastEpoch == 0 { return currentLRs.map { $0 * startFactor } }
        if isInitial || lastEpoch > totalIters { return currentLRs }
        let ratio = 1.0 + (endFactor - startFactor)
            / (Double(totalIters) * startFactor + Double(lastEpoch - 1) * (endFactor - startFactor))
        return currentLRs.map { $0 * ratio }
    }

    /// `base_lr * (start + (end - start) * min(total_iters, last_epoch) / total_iters)`.
    public override func closedFormLRs() -> [Double]? {
        baseLRs.map { $0 * (startFactor + (endFactor - startFactor) * Double(min(totalIters, lastEpoch)) / Double(totalIters)) }
    }

    /// `start_factor`, `end_factor`, `total_iters`.
    public override var hyperparameters: [LRSchedulerStateDict.Entry] {
        [.init("start_factor", .number(startFactor)), .init("end_factor", .number(endFactor)), .init("total_iters", .int(totalIters))]
    }

    /// Reads `start_factor`, `end_factor` and `total_iters`.
    public override func loadHyperparameters(_ state: LRSchedulerStateDict) throws(SchedulerLoadError) {
        (startFactor, endFactor, totalIters) = (try state.number("start_factor"), try state.number("end_factor"), try state.int("total_iters"))
    }
}

/// Sets each rate to its base rate times `lambda(epoch)` (`LambdaLR`).
public final class LambdaLR: LRScheduler {
    let lambda: (Int) -> Double

    /// A schedule given by a function of the epoch.
    public init(_ optimizer: any OptimizerProtocol, lambda: @escaping (Int) -> Double) {
        self.lambda = lambda
        super.init(optimizer)
    }

    /// PyTorch's `get_lr()` for this schedule.
    public override func computeLRs() -> [Double] { baseLRs.map { $0 * lambda(lastEpoch) } }

    /// The common entries, then `lr_lambdas` as `None`s: functions are not saved, as in PyTorch.
    public override func stateDict() -> LRSchedulerStateDict {
        var state = super.stateDict()
        state.entries.append(.init("lr_lambdas", .list(Array(repeating: .none, count: baseLRs.count))))
        return state
    }
}
