/// Lowers the learning rates when a metric stops improving (`ReduceLROnPlateau`): after more than `patience`
/// epochs without an improvement larger than `threshold`, every rate is multiplied by `factor` (not below `minLR`),
/// then `cooldown` epochs pass before counting again.
public final class ReduceLROnPlateau {
    /// Whether lower (`min`) or higher (`max`) metric values are better.
    public enum Mode: String, Sendable { case min, max }
    /// Whether `threshold` is relative to the best value (`rel`) or absolute (`abs`).
    public enum ThresholdMode: String, Sendable { case rel, abs }

    let mode: Mode, factor: Double, patience: Int, threshold: Double, thresholdMode: ThresholdMode
    let cooldown: Int, minLRs: [Double], eps: Double
    /// The best metric seen so far.
    public private(set) var best: Double
    /// Epochs since the last improvement.
    public private(set) var numBadEpochs = 0
    /// Epochs of cooldown left.
    public private(set) var cooldownCounter = 0
    /// The epoch of the last ``step(_:)`` (`last_epoch`).
    public private(set) var lastEpoch = 0
    private let read: () -> [Double]
    private let write: ([Double]) -> Void

    /// A plateau scheduler for `optimizer`'s groups, PyTorch's defaults.
    public init<Options: LearningRateOptions>(
        _ optimizer: Optimizer<Options>, mode: Mode = .min, factor: Double = 0.1, patience: Int = 10,
        threshold: Double = 1e-4, thresholdMode: ThresholdMode = .rel, cooldown: Int = 0, minLR: Double = 0,
        eps: Double = 1e-8
    ) {
        check(factor < 1, "Factor should be < 1.0.")
        read = { optimizer.learningRates }
        write = { optimizer.learningRates = $0 }
        (self.mode, self.factor, self.patience, self.threshold) = (mode, factor, patience, threshold)
        (self.thresholdMode, self.cooldown, self.eps) = (thresholdMode, cooldown, eps)
        minLRs = Array(repeating: minLR, count: optimizer.paramGroups.count)
        best = mode == .min ? .infinity : -.infinity
    }

    /// Records this epoch's `metric` and lowers the rates when it has stalled (`scheduler.step(metrics)`).
    public func step(_ metric: Double) {
        lastEpoch += 1
        if isBetter(metric) {
            best = metric
            numBadEpochs = 0
        } else {
            numBadEpochs += 1
        }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            numBadEpochs = 0
        }
        if numBadEpochs > patience {
            write(zip(read(), minLRs).map { old, floor in
                let lowered = Swift.max(old * factor, floor)
                return old - lowered > eps ? lowered : old
            })
            cooldownCounter = cooldown
            numBadEpochs = 0
        }
    }

    private func isBetter(_ value: Double) -> Bool {
        switch (mode, thresholdMode) {
        case (.min, .rel): value < best * (1 - threshold)
        case (.min, .abs): value < best - threshold
        case (.max, .rel): value > best * (threshold + 1)
        case (.max, .abs): value > best + threshold
        }
    }
}
