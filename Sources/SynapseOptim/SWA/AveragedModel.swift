/// A running average of a model's parameters, for stochastic weight averaging (SWA) and exponential moving
/// averages (EMA) (`torch.optim.swa_utils.AveragedModel`).
///
/// It holds its own copy of the model under the key prefix `module.`, and the number of models averaged so far
/// as the 0-dim `.int64` buffer `n_averaged`, so its state dict has PyTorch's keys (`n_averaged`,
/// `module.0.weight`, …) and loads into PyTorch's `AveragedModel` and back.
///
/// ```swift
/// let ema = try AveragedModel(model, copy: { makeModel(generator: Generator(seed: 0)) },
///                              rule: .exponential(decay: 0.999), useBuffers: true)
/// for batch in batches {
///     optimizer.zeroGrad()
///     lossFunction(model(batch.input), batch.target).backward()
///     optimizer.step()
///     ema.updateParameters(model)
/// }
/// let prediction = ema(input)
/// ```
///
/// Swift can't copy an arbitrary module by itself, so `copy` builds a fresh twin of the model, as
/// ``/SynapseNN/Module/deepCopy(_:)`` describes: the twin is filled with the model's values (build it with a throwaway
/// generator to draw nothing from the default one, as PyTorch's `deepcopy` draws nothing). The averaging rule is
/// not part of the state dict (as in PyTorch).
public final class AveragedModel<Wrapped: Module>: Module {
    /// The averaged copy of the model (key prefix `module.`).
    public let module: Wrapped
    /// How many models have been averaged (key `n_averaged`), a 0-dim `.int64` tensor (a `var` so that
    /// `loadStateDict(_:assign: true)` can put the loaded tensor in its place).
    public private(set) var nAveraged = Buffer(Tensor.zeros([], dtype: .int64))
    /// How each update folds the model into the average.
    public let rule: AveragingRule
    /// Whether buffers are averaged too (`use_buffers`); otherwise they are copied from the model at each update.
    public let useBuffers: Bool

    /// An average starting from a copy of `model` made by `copy` (a closure building a fresh model of the same
    /// structure), with nothing averaged yet: the first ``updateParameters(_:)`` copies the model's values.
    ///
    /// Throws ``/SynapseNN/ModuleCopyError`` when the module `copy` builds has other parameters or buffers than `model`.
    public init(_ model: Wrapped, copy: () -> Wrapped, rule: AveragingRule = .equal,
                useBuffers: Bool = false) throws(ModuleCopyError) {
        rule.validate()
        self.module = try model.deepCopy(copy)
        self.rule = rule
        self.useBuffers = useBuffers
        super.init()
    }

    /// PyTorch's key for ``nAveraged``.
    public override class func memberName(forProperty property: String) -> String {
        property == "nAveraged" ? "n_averaged" : super.memberName(forProperty: property)
    }

    /// Runs the averaged copy (`self.module(input)`). Modules with several inputs are called through ``module``.
    public override func forward(_ input: Tensor) -> Tensor { module(input) }

    /// Folds `model`'s current parameters (and buffers, with ``useBuffers``) into the average and counts one
    /// more model (`update_parameters`). The first update copies them; without ``useBuffers`` the buffers are
    /// copied at every update. Runs under no-grad.
    ///
    /// Stops when `model` doesn't have as many parameters (and buffers) of the same shapes as the copy; PyTorch
    /// would silently average a prefix of them.
    public func updateParameters(_ model: Module) {
        let averaged: [Tensor] = useBuffers ? module.parameters() + module.buffers() : module.parameters()
        let current: [Tensor] = useBuffers ? model.parameters() + model.buffers() : model.parameters()
        checkSameShapes(averaged, current, what: useBuffers ? "parameters and buffers" : "parameters")
        noGrad {
            let targets = averaged.map { $0.detach() }, values = current.map { $0.detach() }
            if nAveraged.item(as: Int64.self) == 0 {
                for (target, value) in zip(targets, values) { target.copy_(value) }
            } else {
                rule.update(targets, with: values, numAveraged: nAveraged.detach())
            }
            if !useBuffers {
                let buffers = module.buffers(), modelBuffers = model.buffers()
                checkSameShapes(buffers, modelBuffers, what: "buffers")
                for (target, value) in zip(buffers, modelBuffers) { target.detach().copy_(value.detach()) }
            }
            nAveraged.add_(1)
        }
    }

    /// Stops unless `current` matches `averaged` tensor for tensor in shape.
    private func checkSameShapes(_ averaged: [Tensor], _ current: [Tensor], what: String) {
        check(averaged.count == current.count && zip(averaged, current).allSatisfy { $0.shape == $1.shape },
              "update_parameters: expected a model with the averaged model's \(what) (\(averaged.map(\.shape))), "
                  + "found \(current.map(\.shape))")
    }
}
