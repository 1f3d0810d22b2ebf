import RealModule

/// Cycles each rate between `baseLR` and `maxLR` (`CyclicLR`), rising for `stepSizeUp` batches and falling for
/// `stepSizeDown`; the amplitude is scaled per cycle (`triangular2` halves it) or per batch (`expRange`,
/// `gamma^batch`) or by a function of yours. With `cycleMomentum` the momentum (or Adam's `beta1`) cycles the
/// other way between `maxMomentum` and `baseMomentum`. Step it after every batch.
public final class CyclicLR: LRScheduler {
    /// The built-in amplitude policies.
    public enum Mode: String, Sendable {
        /// A constant amplitude.
        case triangular
        /// The amplitude halved every cycle.
        case triangular2
        /// The amplitude scaled by `gamma^batch`.
        case expRange = "exp_range"
    }

    /// What a custom scale function is given: the cycle number, or the batch number.
    public enum ScaleMode: String, Sendable {
        /// The cycle number, from 1.
        case cycle
        /// The batch number (`last_epoch`).
        case iterations
    }

    var maxLRs: [Double], totalSize: Double, stepRatio: Double, mode: Mode, gamma: Double, scaleMode: ScaleMode
    var cycleMomentum: Bool, useBeta1: Bool, baseMomentums: [Double], maxMomentums: [Double]
    let customScale: ((Double) -> Double)?

    /// A cyclic schedule; `baseLR`, `maxLR`, `baseMomentum` and `maxMomentum` hold one value for every group or one
    /// per group. `scaleFunction` (with `scaleMode`) replaces `mode`'s policy.
    public init(_ optimizer: any OptimizerProtocol, baseLR: [Double], maxLR: [Double], stepSizeUp: Int = 2000,
                stepSizeDown: Int? = nil, mode: Mode = .triangular, gamma: Double = 1,
                scaleFunction: ((Double) -> Double)? = nil, scaleMode: ScaleMode = .cycle, cycleMomentum: Bool = true,
                baseMomentum: [Double] = [0.8], maxMomentum: [Double] = [0.9]) {
        let groups = optimizer.paramGroupCount
        let baseLRs = Self.perGroup("base_lr", baseLR, groups)
        optimizer.learningRates = baseLRs
        maxLRs = Self.perGroup("max_lr", maxLR, groups)
        let up = Double(stepSizeUp), down = stepSizeDown.map(Double.init) ?? up
        (totalSize, stepRatio) = (up + down, up / (up + down))
        (self.mode, self.gamma, customScale) = (mode, gamma, scaleFunction)
        self.scaleMode = scaleFunction != nil ? scaleMode : (mode == .expRange ? .iterations : .cycle)
        self.cycleMomentum = cycleMomentum
        useBeta1 = false
        (baseMomentums, maxMomentums) = ([], [])
        if cycleMomentum {
            check(optimizer.momenta != nil, "optimizer must support momentum or beta1 with `cycle_momentum` option enabled")
            useBeta1 = optimizer.momentaAreFirstBetas
            baseMomentums = Self.perGroup("base_momentum", baseMomentum, groups)
            maxMomentums = Self.perGroup("max_momentum", maxMomentum, groups)
            optimizer.momenta = maxMomentums
            for index in 0..<groups {
                optimizer.setScheduleValue("max_momentum", maxMomentums[index], at: index)
                optimizer.setScheduleValue("base_momentum", baseMomentums[index], at: index)
            }
        }
        super.init(optimizer)
        self.baseLRs = baseLRs
    }

    /// A cyclic schedule with one base and one maximum rate for every group.
    public convenience init(_ optimizer: any OptimizerProtocol, baseLR: Double, maxLR: Double, stepSizeUp: Int = 2000,
                            stepSizeDown: Int? = nil, mode: Mode = .triangular, gamma: Double = 1,
                            cycleMomentum: Bool = true, baseMomentum: Double = 0.8, maxMomentum: Double = 0.9) {
        self.init(optimizer, baseLR: [baseLR], maxLR: [maxLR], stepSizeUp: stepSizeUp, stepSizeDown: stepSizeDown,
                  mode: mode, gamma: gamma, cycleMomentum: cycleMomentum, baseMomentum: [baseMomentum],
                  maxMomentum: [maxMomentum])
    }

    /// One value for every group, or one per group (PyTorch's `_format_param`).
    static func perGroup(_ name: String, _ values: [Double], _ groups: Int) -> [Double] {
        if values.count == 1 { return Array(repeating: values[0], count: groups) }
        check(values.count == groups, "expected \(groups) values for \(name), got \(values.count)")
        return values
    }

    private func scale(_ x: Double) -> Double {
        if let customScale { return customScale(x) }
        switch mode {
        case .triangular: return 1
        case .triangular2: return 1 / Double.pow(2, x - 1)
        case .expRange: return Double.pow(gamma, x)
        }
    }

    /// PyTorch's `get_lr()`: the rates of this batch of the cycle; moves the momenta too.
    public override func computeLRs() -> [Double] {
        let cycle = (1 + Double(lastEpoch) / totalSize).rounded(.down)
        let x = 1 + Double(lastEpoch) / totalSize - cycle
        let scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1)
        let amplitude = scale(scaleMode == .cycle ? cycle : Double(lastEpoch))
        let rates = zip(baseLRs, maxLRs).map { base, max in base + (max - base) * scaleFactor * amplitude }
        if cycleMomentum {
            optimizer.momenta = zip(baseMomentums, maxMomentums).map { base, max in max - (max - base) * scaleFactor * amplitude }
        }
        return rates
    }

    /// `max_lrs`, `total_size`, `step_ratio`, `mode`, `gamma`, `scale_mode`, `cycle_momentum`, then with momentum
    /// `use_beta1`, `base_momentums`, `max_momentums`.
    public override var hyperparameters: [LRSchedulerStateDict.Entry] {
        var entries: [LRSchedulerStateDict.Entry] = [
            .init("max_lrs", .numbers(maxLRs)), .init("total_size", .number(totalSize)), .init("step_ratio", .number(stepRatio)),
            .init("mode", .string(mode.rawValue)), .init("gamma", .number(gamma)), .init("scale_mode", .string(scaleMode.rawValue)),
            .init("cycle_momentum", .flag(cycleMomentum)),
        ]
        if cycleMomentum {
            entries += [.init("use_beta1", .flag(useBeta1)), .init("base_momentums", .numbers(baseMomentums)),
                        .init("max_momentums", .numbers(maxMomentums))]
        }
        return entries
    }

    /// The common entries, then `_scale_fn_custom` as `None`: functions are not saved, as in PyTorch.
    public override func stateDict() -> LRSchedulerStateDict {
        var state = super.stateDict()
        state.entries.append(.init("_scale_fn_custom", .none))
        return state
    }

    /// Reads the settings written by ``hyperparameters``.
    public override func loadHyperparameters(_ state: LRSchedulerStateDict) throws(SchedulerLoadError) {
        guard let mode = Mode(rawValue: try state.string("mode")) else {
            throw .entry(key: "mode", expected: "'triangular', 'triangular2' or 'exp_range'", found: state["mode"])
        }
        guard let scaleMode = ScaleMode(rawValue: try state.string("scale_mode")) else {
            throw .entry(key: "scale_mode", expected: "'cycle' or 'iterations'", found: state["scale_mode"])
        }
        let values = (maxLRs: try state.numbers("max_lrs"), totalSize: try state.number("total_size"),
                      stepRatio: try state.number("step_ratio"), gamma: try state.number("gamma"),
                      cycleMomentum: try state.flag("cycle_momentum"))
        var momentum = (useBeta1: false, base: [Double](), max: [Double]())
        if values.cycleMomentum {
            momentum = (try state.flag("use_beta1"), try state.numbers("base_momentums"), try state.numbers("max_momentums"))
        }
        (self.mode, self.scaleMode, maxLRs, totalSize, stepRatio, gamma) = (mode, scaleMode, values.maxLRs, values.totalSize, values.stepRatio, values.gamma)
        (cycleMomentum, useBeta1, baseMomentums, maxMomentums) = (values.cycleMomentum, momentum.useBeta1, momentum.base, momentum.max)
    }
}
