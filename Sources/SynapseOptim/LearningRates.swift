import RealModule

/// Options with a learning rate, which schedulers read and write.
public protocol LearningRateOptions: Sendable {
    /// The group's learning rate.
    var lr: Double { get set }
}

extension SGD.Options: LearningRateOptions {}
extension Adam.Options: LearningRateOptions {}
extension RMSprop.Options: LearningRateOptions {}
extension Adagrad.Options: LearningRateOptions {}

extension Optimizer where Options: LearningRateOptions {
    /// Each group's learning rate (`[g["lr"] for g in optimizer.param_groups]`); setting changes them in order.
    public var learningRates: [Double] {
        get { paramGroups.map(\.options.lr) }
        set {
            check(newValue.count == paramGroups.count,
                  "expected \(paramGroups.count) learning rates (one per group), got \(newValue.count)")
            for (index, lr) in newValue.enumerated() { setOptions(at: index) { $0.lr = lr } }
        }
    }
}

/// The base of PyTorch's learning-rate schedulers (`LRScheduler`): it remembers each group's initial rate, sets
/// the rates for epoch 0 when created, and moves one epoch per ``step()``, computing each rate from the current one
/// as PyTorch's (chainable) formulas do.
open class LRScheduler {
    /// The groups' learning rates when the scheduler was created (`base_lrs`).
    public let baseLRs: [Double]
    /// The epoch the current rates belong to (`last_epoch`), 0 after creation.
    public private(set) var lastEpoch = -1
    /// The rates set by the last step (`get_last_lr()`).
    public private(set) var lastLR: [Double] = []
    /// Whether the rates being computed are the creation-time ones (PyTorch's `_is_initial`).
    public private(set) var isInitial = true
    /// How many times the scheduler has stepped, the creation-time step included (`_step_count`).
    public private(set) var stepCount = 0
    private let read: () -> [Double]
    private let write: ([Double]) -> Void

    /// A scheduler for `optimizer`'s groups; sets the epoch-0 rates.
    public init<Options: LearningRateOptions>(_ optimizer: Optimizer<Options>) {
        read = { optimizer.learningRates }
        write = { optimizer.learningRates = $0 }
        baseLRs = optimizer.learningRates
        step()
        isInitial = false
    }

    /// The groups' current learning rates.
    public var currentLRs: [Double] { read() }

    /// The rates for ``lastEpoch`` from the current ones. Subclasses override it.
    open func computeLRs() -> [Double] { currentLRs }

    /// Moves to the next epoch and sets its learning rates (`scheduler.step()`).
    public func step() {
        stepCount += 1
        lastEpoch += 1
        let rates = computeLRs()
        write(rates)
        lastLR = rates
    }
}

/// Multiplies the rates by `gamma` every `stepSize` epochs (`StepLR`).
public final class StepLR: LRScheduler {
    let stepSize: Int, gamma: Double

    /// A step schedule.
    public init<Options: LearningRateOptions>(_ optimizer: Optimizer<Options>, stepSize: Int, gamma: Double = 0.1) {
        (self.stepSize, self.gamma) = (stepSize, gamma)
        super.init(optimizer)
    }

    /// PyTorch's `get_lr()` for this schedule.
    public override func computeLRs() -> [Double] {
        lastEpoch == 0 || lastEpoch % stepSize != 0 ? currentLRs : currentLRs.map { $0 * gamma }
    }
}

/// Multiplies the rates by `gamma` at each milestone epoch (`MultiStepLR`; a milestone listed twice counts twice).
public final class MultiStepLR: LRScheduler {
    let milestones: [Int: Int], gamma: Double

    /// A schedule dropping at `milestones`.
    public init<Options: LearningRateOptions>(_ optimizer: Optimizer<Options>, milestones: [Int], gamma: Double = 0.1) {
        self.milestones = milestones.reduce(into: [:]) { $0[$1, default: 0] += 1 }
        self.gamma = gamma
        super.init(optimizer)
    }

    /// PyTorch's `get_lr()` for this schedule.
    public override func computeLRs() -> [Double] {
        guard let count = milestones[lastEpoch] else { return currentLRs }
        return currentLRs.map { $0 * Double.pow(gamma, Double(count)) }
    }
}

/// Multiplies the rates by `gamma` every epoch (`ExponentialLR`).
public final class ExponentialLR: LRScheduler {
    let gamma: Double

    /// An exponential decay.
    public init<Options: LearningRateOptions>(_ optimizer: Optimizer<Options>, gamma: Double) {
        self.gamma = gamma
        super.init(optimizer)
    }

    /// PyTorch's `get_lr()` for this schedule.
    public override func computeLRs() -> [Double] { isInitial ? currentLRs : currentLRs.map { $0 * gamma } }
}

/// Cosine annealing from the base rates down to `etaMin` over `tMax` epochs and back (`CosineAnnealingLR`), by
/// PyTorch's recursive formula.
public final class CosineAnnealingLR: LRScheduler {
    let tMax: Int, etaMin: Double

    /// A cosine schedule with half-period `tMax`.
    public init<Options: LearningRateOptions>(_ optimizer: Optimizer<Options>, tMax: Int, etaMin: Double = 0) {
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
}

/// Scales the rates linearly from `startFactor` to `endFactor` over `totalIters` epochs (`LinearLR`), a common
/// warm-up.
public final class LinearLR: LRScheduler {
    let startFactor: Double, endFactor: Double, totalIters: Int

    /// A linear ramp.
    public init<Options: LearningRateOptions>(_ optimizer: Optimizer<Options>, startFactor: Double = 1.0 / 3,
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
}

/// Sets each rate to its base rate times `lambda(epoch)` (`LambdaLR`).
public final class LambdaLR: LRScheduler {
    let lambda: (Int) -> Double

    /// A schedule given by a function of the epoch.
    public init<Options: LearningRateOptions>(_ optimizer: Optimizer<Options>, lambda: @escaping (Int) -> Double) {
        self.lambda = lambda
        super.init(optimizer)
    }

    /// PyTorch's `get_lr()` for this schedule.
    public override func computeLRs() -> [Double] { baseLRs.map { $0 * lambda(lastEpoch) } }
}
