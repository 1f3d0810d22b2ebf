/// `y = x·Wᵀ + b` (`torch.nn.Linear`), with PyTorch's parameters (`weight` `[outFeatures, inFeatures]`, `bias`
/// `[outFeatures]`), keys, printout and default initialisation (bit for bit from the same seed).
///
/// ```swift
/// manualSeed(0)
/// let layer = Linear(2, 2)
/// print(layer)                         // Linear(in_features=2, out_features=2, bias=True)
/// let y = layer(Tensor.rand([3, 2]))   // grad_fn=<AddmmBackward0>
/// ```
open class Linear: Module {
    /// Size of each input sample (0 for a ``LazyLinear`` until its first forward pass).
    public internal(set) var inFeatures: Int
    /// Size of each output sample.
    public let outFeatures: Int
    /// The weights, `[outFeatures, inFeatures]`. Can be replaced by another parameter.
    public var weight: Parameter
    /// The bias, `[outFeatures]`, or `nil` for a layer without one.
    public var bias: Parameter?

    /// A layer with uninitialised-then-reset parameters: weight `kaiming_uniform_(a: sqrt(5))`, then bias
    /// `uniform_(±1/sqrt(inFeatures))`, drawn from `generator` (the default generator when `nil`).
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, dtype: DType = .float32,
                generator: Generator? = nil) {
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        weight = Parameter(Tensor.empty([outFeatures, inFeatures], dtype: dtype))
        self.bias = bias ? Parameter(Tensor.empty([outFeatures], dtype: dtype)) : nil
        super.init()
        resetParameters(generator: generator)
    }

    /// A layer holding the given parameters as they are, drawing nothing (for ``LazyLinear``).
    init(inFeatures: Int, outFeatures: Int, weight: Parameter, bias: Parameter?) {
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.weight = weight
        self.bias = bias
        super.init()
    }

    /// Re-draws the parameters as the initialiser does (`reset_parameters`).
    open func resetParameters(generator: Generator? = nil) {
        Init.defaultAffine_(weight: weight, bias: bias, generator: generator)
    }

    /// ``Functional/linear(_:weight:bias:)`` with this layer's parameters.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.linear(input, weight: weight, bias: bias)
    }

    /// `in_features=4, out_features=8, bias=True`.
    open override var extraRepr: String {
        "in_features=\(inFeatures), out_features=\(outFeatures), bias=\(PythonRepr.bool(bias != nil))"
    }
}
