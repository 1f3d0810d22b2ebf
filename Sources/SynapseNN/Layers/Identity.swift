/// Returns its input unchanged (`torch.nn.Identity`): a placeholder in a container.
open class Identity: Module {
    /// An identity layer.
    public override init() { super.init() }

    /// The input itself.
    open override func forward(_ input: Tensor) -> Tensor { input }
}
