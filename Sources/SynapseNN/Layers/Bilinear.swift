/// `y = x1ᵀ·A·x2 + b` (`torch.nn.Bilinear`): weight `[out, in1, in2]` and bias `[out]`, both drawn uniformly
/// from `±1/sqrt(in1)` as PyTorch does.
open class Bilinear: Module {
    /// Size of the first input's samples.
    public let in1Features: Int
    /// Size of the second input's samples.
    public let in2Features: Int
    /// Size of each output sample.
    public let outFeatures: Int
    /// The weights, `[outFeatures, in1Features, in2Features]`.
    public var weight: Parameter
    /// The bias, `[outFeatures]`, or `nil`.
    public var bias: Parameter?

    /// A bilinear layer drawn from `generator` (the default generator when `nil`).
    public init(_ in1Features: Int, _ in2Features: Int, _ outFeatures: Int, bias: Bool = true,
                dtype: DType = .float32, generator: Generator? = nil) {
        check(in1Features > 0, "in1_features must be > 0, but got (in1_features=\(in1Features))")
        self.in1Features = in1Features
        self.in2Features = in2Features
        self.outFeatures = outFeatures
        weight = Parameter(Tensor.empty([outFeatures, in1Features, in2Features], dtype: dtype))
        self.bias = bias ? Parameter(Tensor.empty([outFeatures], dtype: dtype)) : nil
        super.init()
        resetParameters(generator: generator)
    }

    /// Re-draws weight, then bias, from `±1/sqrt(in1Features)` (`reset_parameters`).
    open func resetParameters(generator: Generator? = nil) {
        let bound = 1 / Double(in1Features).squareRoot()
        Init.uniform_(weight, -bound, bound, generator: generator)
        if let bias { Init.uniform_(bias, -bound, bound, generator: generator) }
    }

    /// Bilinear layers take two inputs: call ``callAsFunction(_:_:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        fatalError("Bilinear needs two inputs: call it as bilinear(x1, x2)")
    }

    /// ``Functional/bilinear(_:_:weight:bias:)`` with this layer's parameters.
    public func callAsFunction(_ x1: Tensor, _ x2: Tensor) -> Tensor {
        Functional.bilinear(x1, x2, weight: weight, bias: bias)
    }

    /// `in1_features=2, in2_features=3, out_features=4, bias=True`.
    open override var extraRepr: String {
        "in1_features=\(in1Features), in2_features=\(in2Features), out_features=\(outFeatures), "
            + "bias=\(PythonRepr.bool(bias != nil))"
    }
}

extension Functional {
    /// `y[…, o] = Σᵢⱼ x1[…, i] · weight[o, i, j] · x2[…, j] + bias[o]` (`F.bilinear`).
    public static func bilinear(_ x1: Tensor, _ x2: Tensor, weight: Tensor, bias: Tensor? = nil) -> Tensor {
        let leading = Array(x1.shape.dropLast())
        let (outFeatures, in1, in2) = (weight.shape[0], weight.shape[1], weight.shape[2])
        let left = x1.reshape([-1, 1, 1, in1])                       // [N, 1, 1, in1]
        let right = x2.reshape([-1, 1, in2, 1])                      // [N, 1, in2, 1]
        let product = left.matmul(weight.unsqueeze(0)).matmul(right)  // [N, out, 1, 1]
        var output = product.reshape(leading + [outFeatures])
        if let bias { output = output + bias }
        return output
    }

    /// `x·Wᵀ + b` (`F.linear`), recorded as `AddmmBackward0` for a batch of rows as PyTorch records it; a
    /// contiguous input of more dimensions is flattened to rows for one `addmm` and viewed back (PyTorch's
    /// `_flatten_nd_linear`), so the bias is added in the product instead of in a second pass.
    public static func linear(_ input: Tensor, weight: Tensor, bias: Tensor? = nil) -> Tensor {
        if input.rank == 2, let bias { return Tensor.addmm(bias, input, weight.t()) }
        if input.rank > 2, let bias, bias.rank == 1, input.isContiguous {
            let leading = Array(input.shape.dropLast())
            let rows = leading.reduce(1, *)
            let product = Tensor.addmm(bias, input.reshape([rows, input.shape[input.rank - 1]]), weight.t())
            return product.view(leading + [product.shape[1]])
        }
        let product = input.matmul(weight.t())
        guard let bias else { return product }
        return product + bias
    }
}
