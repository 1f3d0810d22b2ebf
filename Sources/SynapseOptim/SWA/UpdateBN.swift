/// Recomputes the running statistics of every batch-normalisation layer of `model` from `batches`
/// (`torch.optim.swa_utils.update_bn`): the statistics are reset, then one pass in training mode, under
/// no-grad, averages them over all the batches (momentum `nil`, a cumulative average); the layers' momentum and
/// the model's training flag are restored afterwards. Does nothing when the model has no batch normalisation.
///
/// Used after stochastic weight averaging, whose averaged weights don't match any running statistics seen:
///
/// ```swift
/// updateBN(trainingInputs, swaModel)
/// ```
public func updateBN(_ batches: some Sequence<Tensor>, _ model: Module) {
    let layers = model.modules().compactMap { $0 as? BatchNorm }
    guard !layers.isEmpty else { return }
    let momenta = layers.map(\.momentum)
    for layer in layers {
        layer.resetRunningStats()
        layer.momentum = nil
    }
    let wasTraining = model.training
    model.train()
    noGrad {
        for input in batches { _ = model(input) }
    }
    for (layer, momentum) in zip(layers, momenta) { layer.momentum = momentum }
    model.train(wasTraining)
}

/// ``updateBN(_:_:)`` for batches that are `(input, label)` pairs, as PyTorch's takes the first element of a
/// list or tuple.
public func updateBN<Label>(_ batches: some Sequence<(Tensor, Label)>, _ model: Module) {
    updateBN(batches.lazy.map { $0.0 }, model)
}
