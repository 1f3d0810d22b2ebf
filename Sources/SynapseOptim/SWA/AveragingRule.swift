/// How an ``AveragedModel`` folds a model's current values into its running averages (PyTorch's `avg_fn` and
/// `multi_avg_fn`, and the functions `torch.optim.swa_utils` makes).
public enum AveragingRule {
    /// The equal average of every model seen (stochastic weight averaging, PyTorch's default): on the CPU,
    /// `averaged + (current - averaged) / (n + 1)` for each tensor (`get_swa_avg_fn`).
    case equal
    /// An exponential moving average, `decay · averaged + (1 - decay) · current`, computed as
    /// `get_ema_multi_avg_fn(decay)` does: `averaged.lerp_(current, 1 - decay)` for floating-point tensors,
    /// `averaged.copy_(averaged * decay + current * (1 - decay))` for integer ones (`num_batches_tracked`).
    /// (PyTorch's vectorised `lerp_` fuses its multiply-add; in `.float32` a result may differ in the last bit.)
    case exponential(decay: Double)
    /// A function of `(averaged, current, numAveraged)` returning the new average of one tensor (`avg_fn`); its
    /// result is copied into the averaged tensor. `numAveraged` is the 0-dim `.int64` count before this update.
    case perTensor((_ averaged: Tensor, _ current: Tensor, _ numAveraged: Tensor) -> Tensor)
    /// A function updating, in place, a group of averaged tensors of one dtype from the current ones
    /// (`multi_avg_fn`), with the count before this update.
    case grouped((_ averaged: [Tensor], _ current: [Tensor], _ numAveraged: Tensor) -> Void)

    /// Stops with PyTorch's message for a decay outside `[0, 1]`.
    func validate() {
        if case .exponential(let decay) = self {
            check(decay >= 0 && decay <= 1,
                  "Invalid decay value \(decay) provided. Please provide a value in [0,1] range.")
        }
    }

    /// Folds `current` into `averaged`, pair by pair, after `numAveraged` models (at least one) were averaged.
    func update(_ averaged: [Tensor], with current: [Tensor], numAveraged: Tensor) {
        if case .perTensor(let average) = self {
            for (target, value) in zip(averaged, current) { target.copy_(average(target, value, numAveraged)) }
            return
        }
        // The grouped rules see one dtype at a time, as `_group_tensors_by_device_and_dtype` hands them over.
        var groups: [(dtype: DType, averaged: [Tensor], current: [Tensor])] = []
        for (target, value) in zip(averaged, current) {
            if let index = groups.firstIndex(where: { $0.dtype == target.dtype && $0.current.first?.dtype == value.dtype }) {
                groups[index].averaged.append(target)
                groups[index].current.append(value)
            } else {
                groups.append((target.dtype, [target], [value]))
            }
        }
        for group in groups {
            switch self {
            case .grouped(let average): average(group.averaged, group.current, numAveraged)
            case .exponential(let decay): Self.exponential(group.averaged, group.current, decay: decay)
            case .equal, .perTensor:
                let count = Double(numAveraged.item(as: Int64.self) + 1)
                for (target, value) in zip(group.averaged, group.current) {
                    target.copy_(target + (value - target) / count)
                }
            }
        }
    }

    /// `get_ema_multi_avg_fn`'s update of one dtype group.
    private static func exponential(_ averaged: [Tensor], _ current: [Tensor], decay: Double) {
        guard let first = averaged.first else { return }
        if first.dtype.isFloatingPoint {
            for (target, value) in zip(averaged, current) { target.lerpInPlace(value, weight: 1 - decay) }
        } else {
            for (target, value) in zip(averaged, current) { target.copy_(target * decay + value * (1 - decay)) }
        }
    }
}
