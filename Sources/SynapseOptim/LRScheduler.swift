/// The base of PyTorch's learning-rate schedulers (`LRScheduler`): its base rates are the groups' `initial_lr`
/// (recorded by the first scheduler attached to the optimiser), it sets the rates for epoch 0 when created, and it
/// moves one epoch per ``step()``, computing each rate from the current one as PyTorch's (chainable) formulas do.
open class LRScheduler {
    /// The groups' initial learning rates (`base_lrs`).
    public internal(set) var baseLRs: [Double]
    /// The epoch the current rates belong to (`last_epoch`), 0 after creation.
    public internal(set) var lastEpoch = -1
    /// The rates set by the last step (`get_last_lr()`).
    public internal(set) var lastLR: [Double] = []
    /// Whether the rates being computed are the creation-time ones (PyTorch's `_is_initial`).
    public internal(set) var isInitial = true
    /// How many times the scheduler has stepped, the creation-time step included (`_step_count`).
    public internal(set) var stepCount = 0
    /// The optimiser whose rates are set (`scheduler.optimizer`).
    public let optimizer: any OptimizerProtocol
    /// The optimiser's identity, to check that composed schedulers share it.
    var optimizerIdentity: ObjectIdentifier { ObjectIdentifier(optimizer) }

    /// A scheduler for `optimizer`'s groups; records their `initial_lr` if no scheduler did, and sets the
    /// epoch-0 rates.
    public init(_ optimizer: any OptimizerProtocol) {
        optimizer.recordInitialLearningRates()
        self.optimizer = optimizer
        baseLRs = optimizer.initialLearningRates
        initialStep()
    }

    /// A scheduler made of others (``SequentialLR``): no initial step of its own.
    init(composing optimizer: any OptimizerProtocol) {
        self.optimizer = optimizer
        baseLRs = optimizer.initialLearningRates
        lastEpoch = 0
        isInitial = false
    }

    /// The groups' current learning rates.
    public var currentLRs: [Double] { optimizer.learningRates }

    /// The rates for ``lastEpoch`` from the current ones (PyTorch's `get_lr()`). Subclasses override it.
    open func computeLRs() -> [Double] { currentLRs }

    /// The rates for ``lastEpoch`` from the base rates alone (`_get_closed_form_lr()`), for the schedules that
    /// have such a formula; `nil` otherwise.
    open func closedFormLRs() -> [Double]? { nil }

    /// Moves to the next epoch and sets its learning rates (`scheduler.step()`).
    open func step() {
        stepCount += 1
        lastEpoch += 1
        apply(computeLRs())
    }

    /// PyTorch's `_initial_step()`: the creation-time step.
    func initialStep() {
        stepCount = 0
        isInitial = true
        step()
        isInitial = false
    }

    /// Jumps to `epoch` and sets its rates by the closed form where there is one (`_update_lr(epoch)`).
    func jump(toEpoch epoch: Int) {
        lastEpoch = epoch
        apply(closedFormLRs() ?? computeLRs())
    }

    private func apply(_ rates: [Double]) {
        optimizer.learningRates = rates
        lastLR = rates
    }

    // MARK: State dict

    /// The schedule's own settings, first in its state dict (`step_size`, `gamma`, …), in PyTorch's order.
    open var hyperparameters: [LRSchedulerStateDict.Entry] { [] }

    /// Sets the schedule's own settings from a state dict (PyTorch's `load_state_dict` replaces them too).
    open func loadHyperparameters(_ state: LRSchedulerStateDict) throws(SchedulerLoadError) {}

    /// The state in PyTorch's layout (`scheduler.state_dict()`): the settings, then `base_lrs`, `last_epoch`,
    /// `_step_count`, `_is_initial`, `_get_lr_called_within_step`, `_last_lr`.
    open func stateDict() -> LRSchedulerStateDict {
        LRSchedulerStateDict(hyperparameters + [
            .init("base_lrs", .numbers(baseLRs)), .init("last_epoch", .int(lastEpoch)),
            .init("_step_count", .int(stepCount)), .init("_is_initial", .flag(false)),
            .init("_get_lr_called_within_step", .flag(false)), .init("_last_lr", .numbers(lastLR)),
        ])
    }

    /// Restores a state written by ``stateDict()`` or by PyTorch; checks every entry before changing anything.
    /// The optimiser's rates are not touched (as in PyTorch: they come with the optimiser's own state dict).
    open func loadStateDict(_ state: LRSchedulerStateDict) throws(SchedulerLoadError) {
        let base = try state.numbers("base_lrs"), epoch = try state.int("last_epoch")
        let steps = try state.int("_step_count"), last = try state.numbers("_last_lr")
        try loadHyperparameters(state)
        (baseLRs, lastEpoch, stepCount, lastLR) = (base, epoch, steps, last)
    }
}
