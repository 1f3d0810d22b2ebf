/// Lowers the learning rates when a metric stops improving (`ReduceLROnPlateau`): after more than `patience`
/// epochs without an improvement larger than `threshold`, every rate is multiplied by `factor` (not below `minLR`),
/// then `cooldown` epochs pass before counting again.
public final class ReduceLROnPlateau {
    /// Whether lower (`min`) or higher (`max`) metric values are better.
    public enum Mode: String, Sendable { case min, max }
    /// Whether `threshold` is relative to the best value (`rel`) or absolute (`abs`).
    public enum ThresholdMode: String, Sendable { case rel, abs }

    var mode: Mode, factor: Double, patience: Int, threshold: Double, thresholdMode: ThresholdMode
    var cooldown: Int, minLRs: [Double], eps: Double, defaultMinLR: Double
    /// The rates after the last step (`get_last_lr()`).
    public private(set) var lastLR: [Double]
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
    public init(
        _ optimizer: any OptimizerProtocol, mode: Mode = .min, factor: Double = 0.1, patience: Int = 10,
        threshold: Double = 1e-4, thresholdMode: ThresholdMode = .rel, cooldown: Int = 0, minLR: Double = 0,
        eps: Double = 1e-8
    ) {
        check(factor < 1, "Factor should be < 1.0.")
        read = { optimizer.learningRates }
        write = { optimizer.learningRates = $0 }
        (self.mode, self.factor, self.patience, self.threshold) = (mode, factor, patience, threshold)
        (self.thresholdMode, self.cooldown, self.eps) = (thresholdMode, cooldown, eps)
        minLRs = Array(repeating: minLR, count: optimizer.paramGroupCount)
        defaultMinLR = minLR
        best = mode == .min ? .infinity : -.infinity
        lastLR = optimizer.learningRates
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
        lastLR = read()
    }

    /// The state in PyTorch's layout (`scheduler.state_dict()`), PyTorch's key order.
    public func stateDict() -> LRSchedulerStateDict {
        LRSchedulerStateDict([
            .init("factor", .number(factor)), .init("default_min_lr", .number(defaultMinLR)), .init("min_lrs", .numbers(minLRs)),
            .init("patience", .int(patience)), .init("cooldown", .int(cooldown)), .init("eps", .number(eps)),
            .init("last_epoch", .int(lastEpoch)), .init("_last_lr", .numbers(lastLR)),
            .init("mode_worse", .number(mode == .min ? .infinity : -.infinity)), .init("mode", .string(mode.rawValue)),
            .init("threshold", .number(threshold)), .init("threshold_mode", .string(thresholdMode.rawValue)),
            .init("best", .number(best)), .init("cooldown_counter", .int(cooldownCounter)),
            .init("num_bad_epochs", .int(numBadEpochs)),
        ])
    }

    /// Restores a state written by ``stateDict()`` or by PyTorch; checks every entry before changing anything.
    public func loadStateDict(_ state: LRSchedulerStateDict) throws(SchedulerLoadError) {
        guard let mode = Mode(rawValue: try state.string("mode")) else {
            throw .entry(key: "mode", expected: "'min' or 'max'", found: state["mode"])
        }
        guard let thresholdMode = ThresholdMode(rawValue: try state.string("threshold_mode")) else {
            throw .entry(key: "threshold_mode", expected: "'rel' or 'abs'", found: state["threshold_mode"])
        }
        let values = (factor: try state.number("factor"), defaultMinLR: try state.number("default_min_lr"),
                      minLRs: try state.numbers("min_lrs"), patience: try state.int("patience"),
                      cooldown: try state.int("cooldown"), eps: try state.number("eps"), lastEpoch: try state.int("last_epoch"),
                      lastLR: try state.numbers("_last_lr"), threshold: try state.number("threshold"),
                      best: try state.number("best"), cooldownCounter: try state.int("cooldown_counter"),
                      numBadEpochs: try state.int("num_bad_epochs"))
        (self.mode, self.thresholdMode) = (mode, thresholdMode)
        (factor, defaultMinLR, minLRs, patience, cooldown, eps) = (values.factor, values.defaultMinLR, values.minLRs, values.patience, values.cooldown, values.eps)
        (lastEpoch, lastLR, threshold, best) = (values.lastEpoch, values.lastLR, values.threshold, values.best)
        (cooldownCounter, numBadEpochs) = (values.cooldownCounter, values.numBadEpochs)
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
