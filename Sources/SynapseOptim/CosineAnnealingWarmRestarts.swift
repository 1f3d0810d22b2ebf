import RealModule

/// Cosine annealing from the base rates down to `etaMin` over `t0` epochs, then a restart at the base rates, each
/// period `tMult` times longer than the last (`CosineAnnealingWarmRestarts`, SGDR).
///
/// ``step()`` moves one epoch; ``step(epoch:)`` jumps to an epoch, fractional ones included
/// (`scheduler.step(epoch + i / iters)` inside an epoch of `iters` batches).
public final class CosineAnnealingWarmRestarts: LRScheduler {
    var t0: Int, tMult: Int, etaMin: Double
    /// The length of the current period (`T_i`).
    public private(set) var tI: Int
    /// Epochs since the last restart (`T_cur`), fractional after a fractional ``step(epoch:)``.
    public private(set) var tCur: Double

    /// A schedule restarting after `t0` epochs, then `t0·tMult`, ….
    public init(_ optimizer: any OptimizerProtocol, t0: Int, tMult: Int = 1, etaMin: Double = 0) {
        check(t0 > 0, "Expected positive integer T_0, but got \(t0)")
        check(tMult >= 1, "Expected integer T_mult >= 1, but got \(tMult)")
        (self.t0, self.tI, self.tMult, self.etaMin, self.tCur) = (t0, t0, tMult, etaMin, -1)
        super.init(optimizer)
    }

    /// `eta_min + (base_lr - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2`.
    public override func computeLRs() -> [Double] {
        baseLRs.map { etaMin + ($0 - etaMin) * (1 + Double.cos(.pi * tCur / Double(tI))) / 2 }
    }

    /// The next epoch (PyTorch's `step()`; it doesn't count `_step_count`).
    public override func step() {
        guard lastEpoch >= 0 else { return step(epoch: 0) }
        tCur += 1
        if tCur >= Double(tI) {
            tCur = tCur.truncatingRemainder(dividingBy: Double(tI))
            tI *= tMult
        }
        setRates(epoch: Double(lastEpoch + 1))
    }

    /// Jumps to `epoch` (PyTorch's `step(epoch)`).
    public func step(epoch: Double) {
        check(epoch >= 0, "Expected non-negative epoch, but got \(epoch)")
        if epoch >= Double(t0) {
            if tMult == 1 {
                tCur = epoch.truncatingRemainder(dividingBy: Double(t0))
            } else {
                let multiplier = Double(tMult)
                let n = Int(Double.log(epoch / Double(t0) * (multiplier - 1) + 1) / Double.log(multiplier))
                let power = Double.pow(multiplier, Double(n))
                tCur = epoch - Double(t0) * (power - 1) / (multiplier - 1)
                tI = t0 * Int(power)
            }
        } else {
            tI = t0
            tCur = epoch
        }
        setRates(epoch: epoch)
    }

    /// A ``SequentialLR`` milestone starts this schedule over with `step(epoch)`, as PyTorch's does.
    override func jump(toEpoch epoch: Int) { step(epoch: Double(epoch)) }

    private func setRates(epoch: Double) {
        lastEpoch = Int(epoch.rounded(.down))
        let rates = computeLRs()
        optimizer.learningRates = rates
        lastLR = rates
    }

    /// `T_0`, `T_i`, `T_mult`, `eta_min`, `T_cur` (an int unless a fractional epoch made it a float).
    public override var hyperparameters: [LRSchedulerStateDict.Entry] {
        [.init("T_0", .int(t0)), .init("T_i", .int(tI)), .init("T_mult", .int(tMult)), .init("eta_min", .number(etaMin)),
         .init("T_cur", tCur == tCur.rounded() ? .int(Int(tCur)) : .number(tCur))]
    }

    /// Reads `T_0`, `T_i`, `T_mult`, `eta_min` and `T_cur`.
    public override func loadHyperparameters(_ state: LRSchedulerStateDict) throws(SchedulerLoadError) {
        (t0, tI, tMult, etaMin, tCur) = (try state.int("T_0"), try state.int("T_i"), try state.int("T_mult"),
                                         try state.number("eta_min"), try state.number("T_cur"))
    }
}
