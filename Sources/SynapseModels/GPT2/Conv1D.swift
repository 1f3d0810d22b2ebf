/// GPT-2's "1D convolution" (transformers' `Conv1D`): a linear layer whose weight is stored transposed,
/// `[nx, nf]`, so `y = x·W + b`. Checkpoints keep that layout.
public final class Conv1D: Module {
    /// Number of output features.
    public let nf: Int
    /// `[nx, nf]`.
    public let weight: Parameter
    /// `[nf]`.
    public let bias: Parameter

    /// A layer from `nx` to `nf` features: weight `N(0, 0.02)`, bias zeros, as transformers initialises it.
    public init(_ nf: Int, _ nx: Int) {
        self.nf = nf
        weight = Parameter(Tensor.empty([nx, nf]))
        bias = Parameter(Tensor.zeros([nf]))
        super.init()
        Init.normal_(weight, std: 0.02)
    }

    /// `x·W + b` over the last dimension.
    public override func forward(_ x: Tensor) -> Tensor {
        let outputShape = Array(x.shape.dropLast()) + [nf]
        return Tensor.addmm(bias, x.reshape(-1, x.size(-1)), weight).view(outputShape)
    }

    /// `nf=…, nx=…`, as transformers prints it.
    public override var extraRepr: String { "nf=\(nf), nx=\(weight.size(0))" }
}
