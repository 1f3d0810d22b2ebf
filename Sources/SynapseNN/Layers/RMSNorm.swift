/// Root-mean-square layer normalisation (`torch.nn.RMSNorm`): each sample's trailing `normalizedShape` is divided by
/// its root mean square, then scaled by `weight` (ones at first).
///
/// ```swift
/// let norm = RMSNorm(8)
/// print(norm)     // RMSNorm((8,), eps=None, elementwise_affine=True)
/// ```
open class RMSNorm: Module {
    /// The trailing shape that is normalised.
    public let normalizedShape: [Int]
    /// Added to the mean square, or `nil` for the input dtype's machine epsilon (`torch.finfo(dtype).eps`).
    public let eps: Double?
    /// Whether the layer has a learnable per-element scale.
    public let elementwiseAffine: Bool
    /// The scale, `normalizedShape`, or `nil`.
    public var weight: Parameter?

    /// A layer normalising the trailing `normalizedShape` of its inputs.
    public init(_ normalizedShape: [Int], eps: Double? = nil, elementwiseAffine: Bool = true, dtype: DType = .float32) {
        self.normalizedShape = normalizedShape
        self.eps = eps
        self.elementwiseAffine = elementwiseAffine
        weight = elementwiseAffine ? Parameter(Tensor.ones(normalizedShape, dtype: dtype)) : nil
        super.init()
    }

    /// A layer normalising the last dimension, of size `normalizedShape`.
    public convenience init(_ normalizedShape: Int, eps: Double? = nil, elementwiseAffine: Bool = true,
                            dtype: DType = .float32) {
        self.init([normalizedShape], eps: eps, elementwiseAffine: elementwiseAffine, dtype: dtype)
    }

    /// ``Functional/rmsNorm(_:normalizedShape:weight:eps:)`` with this layer's weight.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.rmsNorm(input, normalizedShape: normalizedShape, weight: weight, eps: eps)
    }

    /// `(8,), eps=None, elementwise_affine=True`.
    open override var extraRepr: String {
        let shape = normalizedShape.count == 1 ? "(\(normalizedShape[0]),)"
                                               : "(" + normalizedShape.map(String.init).joined(separator: ", ") + ")"
        return "\(shape), eps=\(eps.map(PythonFormat.repr) ?? "None"), elementwise_affine=\(PythonRepr.bool(elementwiseAffine))"
    }
}

extension Functional {
    /// `x / √(mean(x²) + eps) · weight` over the trailing `normalizedShape` (`F.rms_norm`); `eps` `nil` is the
    /// input dtype's machine epsilon.
    public static func rmsNorm(_ input: Tensor, normalizedShape: [Int], weight: Tensor? = nil, eps: Double? = nil) -> Tensor {
        let count = normalizedShape.count
        check(input.rank >= count && Array(input.shape.suffix(count)) == normalizedShape,
              "Given normalized_shape=\(normalizedShape), expected input with shape [*, \(normalizedShape.map(String.init).joined(separator: ", "))], but got input of size\(input.shape)")
        let dims = Array((input.rank - count)..<input.rank)
        let epsilon = eps ?? input.dtype.finfo.eps
        let output = input * ((input * input).mean(dims: dims, keepdim: true) + epsilon).rsqrt()
        return weight.map { output * $0 } ?? output
    }
}
