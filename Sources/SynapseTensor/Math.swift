/// Element-wise mathematical functions. Integer inputs of the transcendental functions give `.float32`, as in PyTorch.
extension Tensor {
    /// `-x`.
    public func neg() -> Tensor { UnaryKernels.apply(.neg, self) }
    /// `|x|`.
    public func abs() -> Tensor { UnaryKernels.apply(.abs, self) }
    /// -1, 0 or 1 by sign (NaN stays NaN).
    public func sign() -> Tensor { UnaryKernels.apply(.sign, self) }
    /// `eˣ`.
    public func exp() -> Tensor { UnaryKernels.apply(.exp, self) }
    /// `2ˣ`.
    public func exp2() -> Tensor { UnaryKernels.apply(.exp2, self) }
    /// `eˣ - 1`, accurate near 0.
    public func expm1() -> Tensor { UnaryKernels.apply(.expm1, self) }
    /// Natural logarithm.
    public func log() -> Tensor { UnaryKernels.apply(.log, self) }
    /// Base-2 logarithm.
    public func log2() -> Tensor { UnaryKernels.apply(.log2, self) }
    /// Base-10 logarithm.
    public func log10() -> Tensor { UnaryKernels.apply(.log10, self) }
    /// `log(1 + x)`, accurate near 0.
    public func log1p() -> Tensor { UnaryKernels.apply(.log1p, self) }
    /// Square root.
    public func sqrt() -> Tensor { UnaryKernels.apply(.sqrt, self) }
    /// `1 / sqrt(x)`.
    public func rsqrt() -> Tensor { UnaryKernels.apply(.rsqrt, self) }
    /// `1 / x`.
    public func reciprocal() -> Tensor { UnaryKernels.apply(.reciprocal, self) }
    /// `x * x`.
    public func square() -> Tensor { UnaryKernels.apply(.square, self) }
    /// Sine.
    public func sin() -> Tensor { UnaryKernels.apply(.sin, self) }
    /// Cosine.
    public func cos() -> Tensor { UnaryKernels.apply(.cos, self) }
    /// Tangent.
    public func tan() -> Tensor { UnaryKernels.apply(.tan, self) }
    /// Arcsine.
    public func asin() -> Tensor { UnaryKernels.apply(.asin, self) }
    /// Arccosine.
    public func acos() -> Tensor { UnaryKernels.apply(.acos, self) }
    /// Arctangent.
    public func atan() -> Tensor { UnaryKernels.apply(.atan, self) }
    /// Hyperbolic sine.
    public func sinh() -> Tensor { UnaryKernels.apply(.sinh, self) }
    /// Hyperbolic cosine.
    public func cosh() -> Tensor { UnaryKernels.apply(.cosh, self) }
    /// Hyperbolic tangent.
    public func tanh() -> Tensor { UnaryKernels.apply(.tanh, self) }
    /// Logistic sigmoid `1 / (1 + e⁻ˣ)`.
    public func sigmoid() -> Tensor { UnaryKernels.apply(.sigmoid, self) }
    /// Error function.
    public func erf() -> Tensor { UnaryKernels.apply(.erf, self) }
    /// Complementary error function.
    public func erfc() -> Tensor { UnaryKernels.apply(.erfc, self) }
    /// `max(x, 0)` (NaN stays NaN).
    public func relu() -> Tensor { UnaryKernels.apply(.relu, self) }
    /// Rounds down.
    public func floor() -> Tensor { UnaryKernels.apply(.floor, self) }
    /// Rounds up.
    public func ceil() -> Tensor { UnaryKernels.apply(.ceil, self) }
    /// Rounds half to even, like `torch.round`.
    public func round() -> Tensor { UnaryKernels.apply(.round, self) }
    /// Rounds toward zero.
    public func trunc() -> Tensor { UnaryKernels.apply(.trunc, self) }

    /// Limits every element to `min...max` (either bound may be omitted; NaN stays NaN).
    public func clamp(min: Double? = nil, max: Double? = nil) -> Tensor {
        check(min != nil || max != nil, "torch.clamp: At least one of 'min' or 'max' must not be None")
        return UnaryKernels.apply(.clamp(min: min, max: max), self)
    }

    /// Limits every element between tensors `min` and `max` (broadcasting).
    public func clamp(min: Tensor? = nil, max: Tensor? = nil) -> Tensor {
        check(min != nil || max != nil, "torch.clamp: At least one of 'min' or 'max' must not be None")
        var result = self
        if let min { result = result.maximum(min) }
        if let max { result = result.minimum(max) }
        return result
    }

    // MARK: In place

    /// Limits every element to `min...max`, in place.
    @discardableResult
    public func clamp_(min: Double? = nil, max: Double? = nil) -> Tensor {
        check(min != nil || max != nil, "torch.clamp: At least one of 'min' or 'max' must not be None")
        _ = UnaryKernels.apply(.clamp(min: min, max: max), self, into: self)
        return self
    }
    /// Negates in place.
    @discardableResult public func neg_() -> Tensor { inPlace(.neg) }
    /// Absolute value in place.
    @discardableResult public func abs_() -> Tensor { inPlace(.abs) }
    /// `eˣ` in place.
    @discardableResult public func exp_() -> Tensor { inPlace(.exp) }
    /// Natural logarithm in place.
    @discardableResult public func log_() -> Tensor { inPlace(.log) }
    /// Square root in place.
    @discardableResult public func sqrt_() -> Tensor { inPlace(.sqrt) }
    /// `max(x, 0)` in place.
    @discardableResult public func relu_() -> Tensor { inPlace(.relu) }
    /// Sigmoid in place.
    @discardableResult public func sigmoid_() -> Tensor { inPlace(.sigmoid) }
    /// Hyperbolic tangent in place.
    @discardableResult public func tanh_() -> Tensor { inPlace(.tanh) }

    private func inPlace(_ op: UnaryOp) -> Tensor {
        _ = UnaryKernels.apply(op, self, into: self)
        return self
    }
}
