/// The vector and matrix helpers the weight- and spectral-norm machinery shares.
enum NormHelpers {
    /// `F.normalize(x, dim=0, eps=eps)` for a vector: `x / max(‖x‖₂, eps)`.
    static func normalize(_ x: Tensor, eps: Double) -> Tensor {
        x / x.norm(p: 2, dims: [0], keepdim: true).clamp(min: eps)
    }

    /// `torch.norm_except_dim(v, 2, dim)`: the 2-norm over every dimension but `dim`, kept with size 1, or over the
    /// whole tensor (a 0-dim result) when `dim` is -1 — PyTorch's spelling of `dim=None`, not the last dimension.
    static func normExceptDim(_ v: Tensor, dim: Int) -> Tensor {
        if dim == -1 { return v.norm(p: 2) }
        return v.norm(p: 2, dims: (0..<v.rank).filter { $0 != dim }, keepdim: true)
    }

    /// `torch._weight_norm(v, g, dim)`: `v * (g / norm_except_dim(v, 2, dim))`.
    static func weightNorm(v: Tensor, g: Tensor, dim: Int) -> Tensor {
        v * (g / normExceptDim(v, dim: dim))
    }

    /// The weight as a matrix with dimension `dim` first, the others flattened (spectral norm's
    /// `reshape_weight_to_matrix`).
    static func matrix(_ weight: Tensor, dim: Int) -> Tensor {
        let moved = dim == 0 ? weight : weight.permute([dim] + (0..<weight.rank).filter { $0 != dim })
        return moved.reshape([moved.size(0), -1])
    }
}
