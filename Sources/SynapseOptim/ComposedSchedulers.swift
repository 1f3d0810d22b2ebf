// What SequentialLR and ChainedScheduler share: the check that their schedulers drive one optimiser, and loading
// their schedulers' states all or nothing.

extension LRScheduler {
    /// Stops with PyTorch's message unless every scheduler drives `optimizer`.
    static func checkSameOptimizer(_ schedulers: [LRScheduler], _ optimizer: any OptimizerProtocol, composer: String) {
        for (index, scheduler) in schedulers.enumerated() {
            check(scheduler.optimizerIdentity == ObjectIdentifier(optimizer),
                  "\(composer) expects all schedulers to belong to the same optimizer, but got scheduler \(type(of: scheduler)) at index \(index) with another optimizer")
        }
    }

    /// Loads `state["_schedulers"]` into `schedulers`; if one refuses, the ones already loaded get their old state
    /// back and the error is thrown.
    static func loadComposedStates(_ schedulers: [LRScheduler], from state: LRSchedulerStateDict) throws(SchedulerLoadError) {
        guard case .states(let states)? = state["_schedulers"] else {
            throw .entry(key: "_schedulers", expected: "the schedulers' state dicts", found: state["_schedulers"])
        }
        guard states.count == schedulers.count else { throw .schedulerCount(expected: schedulers.count, found: states.count) }
        let saved = schedulers.map { $0.stateDict() }
        do {
            for (scheduler, schedulerState) in zip(schedulers, states) { try scheduler.loadStateDict(schedulerState) }
        } catch {
            for (scheduler, original) in zip(schedulers, saved) { try? scheduler.loadStateDict(original) }
            throw error
        }
    }
}
