/// Flattens dimensions `startDim...endDim` into one (`torch.nn.Flatten`); by default all but the batch dimension.
///
/// ```swift
/// Flatten()(Tensor.zeros([32, 1, 28, 28])).shape   // [32, 784]
/// ```
open class Flatten: Module {
    /// First dimension to flatten.
    public let startDim: Int
    /// Last dimension to flatten (negative counts from the end).
    public let endDim: Int

    /// A layer flattening `startDim...endDim`.
    public init(startDim: Int = 1, endDim: Int = -1) {
        self.startDim = startDim
        self.endDim = endDim
        super.init()
    }

    /// The input with the dimensions merged (a view when possible).
    open override func forward(_ input: Tensor) -> Tensor { input.flatten(startDim: startDim, endDim: endDim) }

    /// `start_dim=1, end_dim=-1`.
    open override var extraRepr: String { "start_dim=\(startDim), end_dim=\(endDim)" }
}
