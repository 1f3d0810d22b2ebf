/// Randomised leaky ReLU (`torch.nn.RReLU`): in training each non-positive element is multiplied by its own slope
/// drawn uniformly from `[lower, upper]` (as PyTorch draws it, one 64-bit draw per such element), in evaluation by
/// the fixed slope `(lower + upper) / 2`.
open class RReLU: Module {
    /// The smallest slope.
    public let lower: Double
    /// The largest slope.
    public let upper: Double
    /// Kept for PyTorch's printout; the result is always a new tensor.
    public let inplace: Bool
    /// Where the slopes are drawn from (the default generator when `nil`).
    public let generator: Generator?

    /// A layer with PyTorch's defaults (`lower=1/8, upper=1/3`).
    public init(lower: Double = 1.0 / 8, upper: Double = 1.0 / 3, inplace: Bool = false, generator: Generator? = nil) {
        (self.lower, self.upper, self.inplace, self.generator) = (lower, upper, inplace, generator)
        super.init()
    }

    /// ``Functional/rrelu(_:lower:upper:training:generator:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.rrelu(input, lower: lower, upper: upper, training: training, generator: generator)
    }

    /// `lower=0.125, upper=0.3333333333333333` (and `, inplace=True`).
    open override var extraRepr: String {
        "lower=\(PythonFormat.repr(lower)), upper=\(PythonFormat.repr(upper))" + (inplace ? ", inplace=True" : "")
    }
}

extension Functional {
    /// `F.rrelu`: in `training`, `x·r` where `x ≤ 0` with `r` uniform in `[lower, upper]` (ATen's
    /// `uniform_real_distribution<double>`: the low 53 bits of a 64-bit draw), `x` elsewhere; otherwise the leaky
    /// ReLU of slope `(lower + upper) / 2`. Gradients are the slopes used.
    public static func rrelu(_ input: Tensor, lower: Double = 1.0 / 8, upper: Double = 1.0 / 3, training: Bool = false,
                             generator: Generator? = nil) -> Tensor {
        check(lower <= upper, "Lower bound should be less than or equal to the upper bound")
        guard training else { return leakyReLU(input, negativeSlope: (lower + upper) / 2) }
        let source = generator ?? Generator.default
        let values = input.detach().to(.float64).contiguous().toArray(of: Double.self)
        let slopes = values.map { value -> Double in
            guard value <= 0 else { return 1 }
            let unit = Double(source.random64() & ((1 << 53) - 1)) * 0x1p-53
            return unit * (upper - lower) + lower
        }
        return input * Tensor(flat: slopes, shape: input.shape).to(input.dtype)
    }
}
