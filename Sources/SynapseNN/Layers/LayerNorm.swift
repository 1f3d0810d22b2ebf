/// Layer normalisation over the last dimensions (`torch.nn.LayerNorm`): each sample's trailing
/// `normalizedShape` is normalised to mean 0 and variance 1 (biased), then scaled by `weight` (ones at first) and
/// shifted by `bias` (zeros at first).
///
/// ```swift
/// let norm = LayerNorm(8)     // or LayerNorm([8]); LayerNorm([3, 4]) normalises two dimensions
/// print(norm)     // LayerNorm((8,), eps=1e-05, elementwise_affine=True, bias=True)
/// ```
///
/// A property can be named like the type, as Hugging Face's BERT names it (state-dict key `LayerNorm.weight`):
/// write the type in the annotation and the value as `.init(…)`. Inside the class an unqualified `LayerNorm` in an
/// expression means the property, so `let LayerNorm = LayerNorm(32)` does not compile; `SynapseNN.LayerNorm(32)`
/// (or `Synapse.LayerNorm(32)`) does.
///
/// ```swift
/// final class BertEmbeddings: Module {
///     let LayerNorm: LayerNorm = .init(768, eps: 1e-12)
///     let dropout = Dropout(0.1)
///     override func forward(_ input: Tensor) -> Tensor { dropout(LayerNorm(input)) }
/// }
/// ```
open class LayerNorm: Module {
    /// The trailing shape that is normalised.
    public let normalizedShape: [Int]
    /// Added to the variance before the square root.
    public let eps: Double
    /// Whether the layer has a learnable per-element scale (and shift).
    public let elementwiseAffine: Bool
    /// The scale, `normalizedShape`, or `nil`.
    public var weight: Parameter?
    /// The shift, `normalizedShape`, or `nil`.
    public var bias: Parameter?

    /// A layer normalising the trailing `normalizedShape` of its inputs.
    public init(_ normalizedShape: [Int], eps: Double = 1e-5, elementwiseAffine: Bool = true, bias: Bool = true,
                dtype: DType = .float32) {
        self.normalizedShape = normalizedShape
        self.eps = eps
        self.elementwiseAffine = elementwiseAffine
        weight = elementwiseAffine ? Parameter(Tensor.ones(normalizedShape, dtype: dtype)) : nil
        self.bias = elementwiseAffine && bias ? Parameter(Tensor.zeros(normalizedShape, dtype: dtype)) : nil
        super.init()
    }

    /// A layer normalising the last dimension, of size `normalizedShape` (`nn.LayerNorm(384)`), the same as
    /// `LayerNorm([normalizedShape])`.
    public convenience init(_ normalizedShape: Int, eps: Double = 1e-5, elementwiseAffine: Bool = true,
                            bias: Bool = true, dtype: DType = .float32) {
        self.init([normalizedShape], eps: eps, elementwiseAffine: elementwiseAffine, bias: bias, dtype: dtype)
    }

    /// Normalises the trailing dimensions of `input`, which must end with ``normalizedShape``.
    open override func forward(_ input: Tensor) -> Tensor {
        let count = normalizedShape.count
        check(input.rank >= count && Array(input.shape.suffix(count)) == normalizedShape,
              "Given normalized_shape=\(normalizedShape), expected input with shape [*, \(normalizedShape.map(String.init).joined(separator: ", "))], but got input of size\(input.shape)")
        return input.layerNorm(normalizedDimensions: count, weight: weight, bias: bias, eps: eps)
    }

    /// `(10,), eps=1e-05, elementwise_affine=True, bias=True`.
    open override var extraRepr: String {
        let shape = normalizedShape.count == 1 ? "(\(normalizedShape[0]),)"
                                               : "(" + normalizedShape.map(String.init).joined(separator: ", ") + ")"
        return "\(shape), eps=\(PythonFormat.repr(eps)), elementwise_affine=\(PythonRepr.bool(elementwiseAffine)), "
            + "bias=\(PythonRepr.bool(bias != nil))"
    }
}
