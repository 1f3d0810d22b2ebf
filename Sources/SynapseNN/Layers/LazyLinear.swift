/// A ``Linear`` layer that learns its input size from its first input (`torch.nn.LazyLinear`, seed 003 §5.3
/// "延后初始化").
///
/// Until then its weight and bias are ``UninitializedParameter``s (printed `<UninitializedParameter>`), its
/// `inFeatures` is 0 and it prints as `LazyLinear(in_features=0, …)`; constructing it draws no random numbers.
/// The first forward pass (or loading a state dict) sets `inFeatures`, materialises the parameters and, on a forward
/// pass, initialises them exactly as `Linear(inFeatures, outFeatures)` would from the same generator state. From
/// then on it is an ordinary `Linear`, and prints as one.
///
/// ```swift
/// let net = Sequential(LazyLinear(256), ReLU(), LazyLinear(10))
/// _ = net(Tensor.rand([2, 20]))
/// print(net[0])          // Linear(in_features=20, out_features=256, bias=True)
/// ```
public final class LazyLinear: Linear {
    /// Where the initial values are drawn from when the layer materialises (the default generator when `nil`).
    private let generator: Generator?

    /// A layer with `outFeatures` outputs whose input size is taken from its first input.
    public init(_ outFeatures: Int, bias: Bool = true, dtype: DType = .float32, generator: Generator? = nil) {
        self.generator = generator
        super.init(inFeatures: 0, outFeatures: outFeatures, weight: UninitializedParameter(dtype: dtype),
                   bias: bias ? UninitializedParameter(dtype: dtype) : nil)
        registerLoadStateDictPreHook { module, state, prefix in
            guard let layer = module as? LazyLinear, !layer.isMaterialized,
                  let weight = state[prefix + "weight"], weight.rank == 2 else { return }
            layer.materialize(inFeatures: weight.shape[1])
        }
    }

    /// Whether the parameters have their real shapes yet (`has_uninitialized_params()` negated).
    public var isMaterialized: Bool { !(weight is UninitializedParameter) }

    /// `LazyLinear` until materialised, then `Linear`, as PyTorch swaps the class.
    public override var typeName: String { isMaterialized ? "Linear" : "LazyLinear" }

    /// Materialises and initialises the parameters on the first call, then runs ``Linear/forward(_:)``.
    public override func forward(_ input: Tensor) -> Tensor {
        if !isMaterialized {
            check(input.rank >= 1, "LazyLinear needs an input with at least one dimension to infer in_features")
            materialize(inFeatures: input.shape[input.rank - 1])
            resetParameters(generator: generator)
        }
        return super.forward(input)
    }

    /// Gives the parameters their shapes for `inFeatures` inputs (values uninitialised).
    private func materialize(inFeatures: Int) {
        self.inFeatures = inFeatures
        weight = (weight as! UninitializedParameter).materialize([outFeatures, inFeatures])
        if let pending = bias as? UninitializedParameter { bias = pending.materialize([outFeatures]) }
    }
}
