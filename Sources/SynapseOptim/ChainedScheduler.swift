/// Steps several schedulers of one optimiser together (`ChainedScheduler`): each multiplies into the rates the
/// previous ones set, e.g. a constant warm-up factor over an exponential decay.
///
/// ```swift
/// let schedule = ChainedScheduler([ConstantLR(optimizer, factor: 0.1, totalIters: 3),
///                                  ExponentialLR(optimizer, gamma: 0.9)])
/// ```
public final class ChainedScheduler: LRScheduler {
    /// The schedulers, stepped in order.
    public let schedulers: [LRScheduler]

    /// A chain of `schedulers`, which must all drive the same optimiser (the first one's, or `optimizer`).
    public init(_ schedulers: [LRScheduler], optimizer: (any OptimizerProtocol)? = nil) {
        check(!schedulers.isEmpty, "ChainedScheduler expects at least one scheduler to be chained, but got no scheduler.")
        let optimizer = optimizer ?? schedulers[0].optimizer
        Self.checkSameOptimizer(schedulers, optimizer, composer: "ChainedScheduler")
        self.schedulers = schedulers
        super.init(composing: optimizer)
        lastLR = optimizer.learningRates
    }

    /// Steps every scheduler, in order.
    public override func step() {
        for scheduler in schedulers { scheduler.step() }
        lastLR = optimizer.learningRates
    }

    /// `_last_lr`, then each scheduler's state dict under `_schedulers`.
    public override func stateDict() -> LRSchedulerStateDict {
        LRSchedulerStateDict([.init("_last_lr", .numbers(lastLR)), .init("_schedulers", .states(schedulers.map { $0.stateDict() }))])
    }

    /// Restores every scheduler's state, all or nothing.
    public override func loadStateDict(_ state: LRSchedulerStateDict) throws(SchedulerLoadError) {
        let last = try state.numbers("_last_lr")
        try Self.loadComposedStates(schedulers, from: state)
        lastLR = last
    }
}
