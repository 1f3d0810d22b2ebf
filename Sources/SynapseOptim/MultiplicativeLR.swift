/// Multiplies each group's current rate by `lambda(epoch)` every epoch (`MultiplicativeLR`): the rate after epoch
/// `n` is the base rate times the product of the factors for epochs 1 to `n`.
///
/// ```swift
/// let scheduler = MultiplicativeLR(optimizer) { _ in 0.95 }   // lr_lambda=lambda epoch: 0.95
/// ```
public final class MultiplicativeLR: LRScheduler {
    let lambdas: [(Int) -> Double]

    /// A schedule multiplying every group's rate by `lambda(epoch)`.
    public convenience init(_ optimizer: any OptimizerProtocol, lambda: @escaping (Int) -> Double) {
        self.init(optimizer, lambdas: Array(repeating: lambda, count: optimizer.paramGroupCount))
    }

    /// A schedule with one factor function per parameter group (`lr_lambda=[f, g]`).
    public init(_ optimizer: any OptimizerProtocol, lambdas: [(Int) -> Double]) {
        check(lambdas.count == optimizer.paramGroupCount,
              "Expected \(optimizer.paramGroupCount) lr_lambdas, but got \(lambdas.count)")
        self.lambdas = lambdas
        super.init(optimizer)
    }

    /// PyTorch's `get_lr()`: the current rates times the factors for `lastEpoch`, unchanged when created.
    public override func computeLRs() -> [Double] {
        isInitial ? currentLRs : zip(currentLRs, lambdas).map { lr, lambda in lr * lambda(lastEpoch) }
    }

    /// The common entries, then `lr_lambdas` as `None`s: functions are not saved, as in PyTorch.
    public override func stateDict() -> LRSchedulerStateDict {
        var state = super.stateDict()
        state.entries.append(.init("lr_lambdas", .list(Array(repeating: .none, count: lambdas.count))))
        return state
    }
}
