/// Runs schedulers one after another, switching at the milestone epochs (`SequentialLR`): a warm-up, then a decay.
///
/// ```swift
/// let warmUp = LinearLR(optimizer, startFactor: 0.1, totalIters: 5)
/// let decay = CosineAnnealingLR(optimizer, tMax: 20)
/// let schedule = SequentialLR(optimizer, schedulers: [warmUp, decay], milestones: [5])
/// ```
///
/// As in PyTorch, creating it resets the rates to the groups' `initial_lr`, undoes the creation step of every
/// scheduler given, and redoes it for the first one; at a milestone the next scheduler starts from its closed form
/// at epoch 0.
public final class SequentialLR: LRScheduler {
    /// The schedulers, in order.
    public let schedulers: [LRScheduler]
    /// The epochs at which the next scheduler takes over.
    public let milestones: [Int]

    /// A sequence of `schedulers` (all driving `optimizer`) switching at `milestones`.
    public init(_ optimizer: any OptimizerProtocol, schedulers: [LRScheduler], milestones: [Int]) {
        check(!schedulers.isEmpty, "SequentialLR expects at least one scheduler, but got no scheduler.")
        Self.checkSameOptimizer(schedulers, optimizer, composer: "SequentialLR")
        check(milestones.count == schedulers.count - 1,
              "Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers \(schedulers.count) and the number of milestones to be equal to \(milestones.count)")
        self.schedulers = schedulers
        self.milestones = milestones
        super.init(composing: optimizer)
        optimizer.learningRates = optimizer.initialLearningRates
        Self.undoInitialSteps(schedulers)
        let first = schedulers[Self.index(milestones, epoch: 0)]
        first.initialStep()
        lastLR = first.lastLR
    }

    /// PyTorch's `recursive_undo`: every leaf scheduler goes back one epoch.
    private static func undoInitialSteps(_ schedulers: [LRScheduler]) {
        for scheduler in schedulers {
            if let sequence = scheduler as? SequentialLR {
                undoInitialSteps(sequence.schedulers)
            } else {
                scheduler.lastEpoch -= 1
            }
        }
    }

    /// `bisect_right(milestones, epoch)`: which scheduler runs at `epoch`.
    private static func index(_ milestones: [Int], epoch: Int) -> Int {
        milestones.firstIndex { $0 > epoch } ?? milestones.count
    }

    /// Steps the scheduler of the new epoch (starting it at its epoch 0 on a milestone).
    public override func step() {
        lastEpoch += 1
        let index = Self.index(milestones, epoch: lastEpoch)
        let scheduler = schedulers[index]
        if index > 0 && milestones[index - 1] == lastEpoch {
            scheduler.jump(toEpoch: 0)
        } else {
            scheduler.step()
        }
        lastLR = scheduler.lastLR
    }

    /// `_milestones`, `last_epoch`, `_last_lr`, then each scheduler's state dict under `_schedulers`.
    public override func stateDict() -> LRSchedulerStateDict {
        LRSchedulerStateDict([
            .init("_milestones", .ints(milestones)), .init("last_epoch", .int(lastEpoch)),
            .init("_last_lr", .numbers(lastLR)), .init("_schedulers", .states(schedulers.map { $0.stateDict() })),
        ])
    }

    /// Restores its own counters and every scheduler's state; checks them all before changing anything.
    public override func loadStateDict(_ state: LRSchedulerStateDict) throws(SchedulerLoadError) {
        let epoch = try state.int("last_epoch"), last = try state.numbers("_last_lr")
        try Self.loadComposedStates(schedulers, from: state)
        (lastEpoch, lastLR) = (epoch, last)
    }
}
