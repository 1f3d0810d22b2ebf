import RealModule

/// The 1cycle policy (`OneCycleLR`): the rates warm up from `maxLR / divFactor` to `maxLR` over the first
/// `pctStart` of `totalSteps` batches, then anneal to `initial / finalDivFactor` (with `threePhase`, back to the
/// initial rate first); with `cycleMomentum` the momentum (or Adam's `beta1`) moves the other way between
/// `maxMomentum` and `baseMomentum`. Step it after every batch, `totalSteps` times at most.
///
/// As in PyTorch, the phases' end points live in the optimiser's groups (`initial_lr`, `max_lr`, `min_lr`,
/// `max_momentum`, `base_momentum`) and are saved with its state dict.
public final class OneCycleLR: LRScheduler {
    /// How each phase moves from its start to its end value.
    public enum AnnealStrategy: String, Sendable {
        /// Half a cosine.
        case cos
        /// A straight line.
        case linear
    }

    /// One phase: where it ends and the group entries its rate and momentum move between.
    struct Phase: Equatable {
        var endStep: SchedulerValue
        var startLR: String, endLR: String, startMomentum: String, endMomentum: String

        var end: Double {
            switch endStep {
            case .int(let value): Double(value)
            case .number(let value): value
            default: .nan
            }
        }
    }

    var totalSteps: Int, phases: [Phase], strategy: AnnealStrategy, cycleMomentum: Bool, useBeta1: Bool

    /// A 1cycle schedule over `totalSteps` batches; `maxLR`, `baseMomentum` and `maxMomentum` hold one value for
    /// every group or one per group.
    public init(_ optimizer: any OptimizerProtocol, maxLR: [Double], totalSteps: Int, pctStart: Double = 0.3,
                annealStrategy: AnnealStrategy = .cos, cycleMomentum: Bool = true, baseMomentum: [Double] = [0.85],
                maxMomentum: [Double] = [0.95], divFactor: Double = 25, finalDivFactor: Double = 1e4,
                threePhase: Bool = false) {
        check(totalSteps > 0, "Expected positive integer total_steps, but got \(totalSteps)")
        check((0...1).contains(pctStart), "Expected float between 0 and 1 pct_start, but got \(pctStart)")
        let warmUpEnd = SchedulerValue.number(pctStart * Double(totalSteps) - 1), last = SchedulerValue.int(totalSteps - 1)
        phases = threePhase
            ? [Phase(endStep: warmUpEnd, startLR: "initial_lr", endLR: "max_lr", startMomentum: "max_momentum", endMomentum: "base_momentum"),
               Phase(endStep: .number(2 * pctStart * Double(totalSteps) - 2), startLR: "max_lr", endLR: "initial_lr",
                     startMomentum: "base_momentum", endMomentum: "max_momentum"),
               Phase(endStep: last, startLR: "initial_lr", endLR: "min_lr", startMomentum: "max_momentum", endMomentum: "max_momentum")]
            : [Phase(endStep: warmUpEnd, startLR: "initial_lr", endLR: "max_lr", startMomentum: "max_momentum", endMomentum: "base_momentum"),
               Phase(endStep: last, startLR: "max_lr", endLR: "min_lr", startMomentum: "base_momentum", endMomentum: "max_momentum")]
        (self.totalSteps, strategy, self.cycleMomentum) = (totalSteps, annealStrategy, cycleMomentum)
        let groups = optimizer.paramGroupCount
        for (index, max) in CyclicLR.perGroup("max_lr", maxLR, groups).enumerated() {
            let initial = max / divFactor
            optimizer.setInitialLR(at: index, initial)
            optimizer.setScheduleValue("max_lr", max, at: index)
            optimizer.setScheduleValue("min_lr", initial / finalDivFactor, at: index)
        }
        useBeta1 = false
        if cycleMomentum {
            check(optimizer.momenta != nil, "optimizer must support momentum or beta1 with `cycle_momentum` option enabled")
            useBeta1 = optimizer.momentaAreFirstBetas
            let maxima = CyclicLR.perGroup("max_momentum", maxMomentum, groups)
            let bases = CyclicLR.perGroup("base_momentum", baseMomentum, groups)
            optimizer.momenta = maxima
            for index in 0..<groups {
                optimizer.setScheduleValue("max_momentum", maxima[index], at: index)
                optimizer.setScheduleValue("base_momentum", bases[index], at: index)
            }
        }
        super.init(optimizer)
    }

    /// A 1cycle schedule with one maximum rate for every group, over `epochs · stepsPerEpoch` batches when
    /// `totalSteps` is not given.
    public convenience init(_ optimizer: any OptimizerProtocol, maxLR: Double, totalSteps: Int? = nil, epochs: Int? = nil,
                            stepsPerEpoch: Int? = nil, pctStart: Double = 0.3, annealStrategy: AnnealStrategy = .cos,
                            cycleMomentum: Bool = true, baseMomentum: Double = 0.85, maxMomentum: Double = 0.95,
                            divFactor: Double = 25, finalDivFactor: Double = 1e4, threePhase: Bool = false) {
        let steps: Int
        if let totalSteps {
            steps = totalSteps
        } else if let epochs, let stepsPerEpoch {
            check(epochs > 0, "Expected positive integer epochs, but got \(epochs)")
            check(stepsPerEpoch > 0, "Expected positive integer steps_per_epoch, but got \(stepsPerEpoch)")
            steps = epochs * stepsPerEpoch
        } else {
            fatalError("You must define either total_steps OR (epochs AND steps_per_epoch)")
        }
        self.init(optimizer, maxLR: [maxLR], totalSteps: steps, pctStart: pctStart, annealStrategy: annealStrategy,
                  cycleMomentum: cycleMomentum, baseMomentum: [baseMomentum], maxMomentum: [maxMomentum],
                  divFactor: divFactor, finalDivFactor: finalDivFactor, threePhase: threePhase)
    }

    private func anneal(_ start: Double, _ end: Double, _ pct: Double) -> Double {
        switch strategy {
        case .cos: end + (start - end) / 2 * (Double.cos(.pi * pct) + 1)
        case .linear: (end - start) * pct + start
        }
    }

    private func groupValue(_ key: String, _ index: Int) -> Double {
        if key == "initial_lr" { return optimizer.initialLearningRates[index] }
        guard let value = optimizer.scheduleValue(key, at: index) else {
            fatalError("OneCycleLR: the optimizer's group \(index) has no '\(key)' (was it loaded from another schedule's state?)")
        }
        return value
    }

    /// PyTorch's `get_lr()`: the rates of this batch; moves the momenta too.
    public override func computeLRs() -> [Double] {
        check(lastEpoch <= totalSteps,
              "Tried to step \(lastEpoch) times. The specified number of total steps is \(totalSteps)")
        var rates: [Double] = [], momenta: [Double] = []
        for index in 0..<optimizer.paramGroupCount {
            var start = 0.0
            for (number, phase) in phases.enumerated() {
                if Double(lastEpoch) <= phase.end || number == phases.count - 1 {
                    let pct = (Double(lastEpoch) - start) / (phase.end - start)
                    rates.append(anneal(groupValue(phase.startLR, index), groupValue(phase.endLR, index), pct))
                    if cycleMomentum {
                        momenta.append(anneal(groupValue(phase.startMomentum, index), groupValue(phase.endMomentum, index), pct))
                    }
                    break
                }
                start = phase.end
            }
        }
        if cycleMomentum { optimizer.momenta = momenta }
        return rates
    }

    /// `total_steps`, `_schedule_phases`, `_anneal_func_type`, `cycle_momentum`, and `use_beta1` with momentum.
    public override var hyperparameters: [LRSchedulerStateDict.Entry] {
        let phases = phases.map { phase in
            LRSchedulerStateDict([
                .init("end_step", phase.endStep), .init("start_lr", .string(phase.startLR)), .init("end_lr", .string(phase.endLR)),
                .init("start_momentum", .string(phase.startMomentum)), .init("end_momentum", .string(phase.endMomentum)),
            ])
        }
        return [.init("total_steps", .int(totalSteps)), .init("_schedule_phases", .states(phases)),
                .init("_anneal_func_type", .string(strategy.rawValue)), .init("cycle_momentum", .flag(cycleMomentum))]
            + (cycleMomentum ? [.init("use_beta1", .flag(useBeta1))] : [])
    }

    /// Reads the settings written by ``hyperparameters``.
    public override func loadHyperparameters(_ state: LRSchedulerStateDict) throws(SchedulerLoadError) {
        guard case .states(let saved)? = state["_schedule_phases"], !saved.isEmpty else {
            throw .entry(key: "_schedule_phases", expected: "the phases' dicts", found: state["_schedule_phases"])
        }
        var phases: [Phase] = []
        for phase in saved {
            let end = phase["end_step"]
            switch end {
            case .int?, .number?: break
            default: throw .entry(key: "end_step", expected: "a number", found: end)
            }
            phases.append(Phase(endStep: end!, startLR: try phase.string("start_lr"), endLR: try phase.string("end_lr"),
                                startMomentum: try phase.string("start_momentum"), endMomentum: try phase.string("end_momentum")))
        }
        guard let strategy = AnnealStrategy(rawValue: try state.string("_anneal_func_type")) else {
            throw .entry(key: "_anneal_func_type", expected: "'cos' or 'linear'", found: state["_anneal_func_type"])
        }
        let total = try state.int("total_steps"), cycle = try state.flag("cycle_momentum")
        let beta1 = cycle ? try state.flag("use_beta1") : false
        (totalSteps, self.phases, self.strategy, cycleMomentum, useBeta1) = (total, phases, strategy, cycle, beta1)
    }
}
