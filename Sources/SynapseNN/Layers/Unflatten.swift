/// Splits one dimension into several (`torch.nn.Unflatten`), the inverse of ``Flatten``.
open class Unflatten: Module {
    /// The dimension split.
    public let dim: Int
    /// The sizes it becomes.
    public let unflattenedSize: [Int]

    /// A layer turning dimension `dim` into `unflattenedSize`.
    public init(dim: Int, unflattenedSize: [Int]) {
        self.dim = dim
        self.unflattenedSize = unflattenedSize
        super.init()
    }

    /// `input` with dimension ``dim`` replaced by ``unflattenedSize``.
    open override func forward(_ input: Tensor) -> Tensor {
        let position = dim < 0 ? dim + input.rank : dim
        var shape = input.shape
        shape.replaceSubrange(position...position, with: unflattenedSize)
        return input.view(shape)
    }

    /// `dim=1, unflattened_size=(2, 3)`.
    open override var extraRepr: String {
        let sizes = unflattenedSize.count == 1 ? "(\(unflattenedSize[0]),)"
                                               : "(" + unflattenedSize.map(String.init).joined(separator: ", ") + ")"
        return "dim=\(dim), unflattened_size=\(sizes)"
    }
}
