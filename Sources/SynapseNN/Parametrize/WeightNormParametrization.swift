/// Weight normalisation as a parametrization (`torch.nn.utils.parametrizations._WeightNorm`): the value is
/// `original1 * (original0 / ‖original1‖)`, the norm taken over every dimension but `dim` (over everything when
/// `dim` is -1). Its right inverse splits a weight into its norm (`original0`, PyTorch's old `weight_g`) and
/// itself (`original1`, `weight_v`). Registered by ``Parametrizations/weightNorm(_:name:dim:)``.
public final class WeightNormParametrization: Module, Parametrization {
    /// The dimension kept by the norm; -1 for a norm over the whole tensor.
    public let dim: Int

    /// A weight norm keeping `dim` (`nil`: the whole tensor).
    public init(dim: Int? = 0) {
        self.dim = dim ?? -1
        super.init()
    }

    /// PyTorch's class name.
    public override var typeName: String { "_WeightNorm" }

    /// `torch._weight_norm(original1, original0, dim)`.
    public func forward(originals: [Tensor]) -> Tensor {
        check(originals.count == 2, "_WeightNorm takes two originals (g, v), got \(originals.count)")
        return NormHelpers.weightNorm(v: originals[1], g: originals[0], dim: dim)
    }

    /// `[norm_except_dim(weight, 2, dim), weight]`.
    public func rightInverse(_ value: Tensor) -> [Tensor]? {
        [NormHelpers.normExceptDim(value, dim: dim), value]
    }
}
