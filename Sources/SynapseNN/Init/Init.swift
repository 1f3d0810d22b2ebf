/// `torch.nn.init`: in-place initialisers with PyTorch's trailing underscore, computed as torch computes them
/// (bounds in `Double`, then one `uniform_`/`normal_` draw per element in memory order, under no-grad), so the
/// same seed gives the same bits.
///
/// ```swift
/// func initNormal(_ module: Module) {
///     if let linear = module as? Linear {
///         Init.normal_(linear.weight, mean: 0, std: 0.01)
///         Init.zeros_(linear.bias!)
///     }
/// }
/// net.apply(initNormal)
/// ```
///
/// Every function returns the tensor it filled and takes an optional ``/SynapseTensor/Generator`` (the default generator when
/// `nil`).
public enum Init {
    /// `_calculate_fan_in_and_fan_out`: `fanIn = size(1) × receptive field`, `fanOut = size(0) × receptive field`,
    /// where the receptive field is the product of the sizes past the first two.
    public static func fans(_ tensor: Tensor) -> (fanIn: Int, fanOut: Int) {
        check(tensor.rank >= 2, "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
        let receptiveField = tensor.shape.dropFirst(2).reduce(1, *)
        return (tensor.shape[1] * receptiveField, tensor.shape[0] * receptiveField)
    }

    /// Runs `body` on `tensor` without recording history (nothing inside ``skipInit(_:)``), and returns `tensor`.
    @discardableResult
    static func filling(_ tensor: Tensor, _ body: (Tensor) -> Void) -> Tensor {
        if isSkipped { return tensor }
        noGrad { body(tensor) }
        return tensor
    }
}
