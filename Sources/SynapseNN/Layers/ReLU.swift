/// `max(0, x)` element-wise (`torch.nn.ReLU`).
open class ReLU: Module {
    /// Whether the input is overwritten instead of a new tensor being returned.
    public let inplace: Bool

    /// A ReLU layer, in place when `inplace`.
    public init(inplace: Bool = false) {
        self.inplace = inplace
        super.init()
    }

    /// The rectified input.
    open override func forward(_ input: Tensor) -> Tensor { inplace ? input.relu_() : input.relu() }

    /// `inplace=True` for an in-place layer, nothing otherwise (`ReLU()`).
    open override var extraRepr: String { inplace ? "inplace=True" : "" }
}
