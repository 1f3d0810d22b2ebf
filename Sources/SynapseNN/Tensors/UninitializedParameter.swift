/// A parameter whose shape is not known yet (`torch.nn.UninitializedParameter`), held by lazy modules until their
/// first forward pass infers it. It holds no values: it prints as `<UninitializedParameter>`, has shape `[0]`, and
/// ``materialize(_:dtype:)`` makes the real parameter that replaces it.
///
/// ```swift
/// let pending = UninitializedParameter()
/// print(pending)                                   // <UninitializedParameter>
/// let weight = pending.materialize([8, 4])         // an uninitialised [8, 4] parameter, requiring grad
/// ```
public final class UninitializedParameter: Parameter, @unchecked Sendable {
    /// The dtype the materialised parameter will have unless ``materialize(_:dtype:)`` is given another.
    public let pendingDType: DType

    /// A placeholder parameter; `requiresGrad` and `dtype` carry over to the materialised parameter.
    public init(requiresGrad: Bool = true, dtype: DType = .float32) {
        pendingDType = dtype
        super.init(Tensor.empty([0], dtype: dtype), requiresGrad: requiresGrad)
    }

    /// Not available: an uninitialised parameter has no value to take a literal from.
    public required convenience init(floatLiteral value: Double) {
        fatalError("UninitializedParameter can't be created from a literal: it has no values")
    }
    /// Not available: an uninitialised parameter has no value to take a literal from.
    public required convenience init(integerLiteral value: Int) {
        fatalError("UninitializedParameter can't be created from a literal: it has no values")
    }
    /// Not available: an uninitialised parameter has no value to take a literal from.
    public required convenience init(booleanLiteral value: Bool) {
        fatalError("UninitializedParameter can't be created from a literal: it has no values")
    }

    /// A placeholder has no values: reading them stops with a clear message.
    public override var holdsValues: Bool { false }

    /// torch's placeholder text instead of values.
    public override func decorateDescription(_ tensorDescription: String) -> String { "<UninitializedParameter>" }

    /// A new parameter with `shape` and uninitialised memory, requiring grad as this placeholder does. The
    /// caller stores it in place of the placeholder and initialises its values.
    public func materialize(_ shape: [Int], dtype: DType? = nil) -> Parameter {
        Parameter(Tensor.empty(shape, dtype: dtype ?? pendingDType), requiresGrad: requiresGrad)
    }
}
