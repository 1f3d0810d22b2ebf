/// `x` where positive, `alpha · (exp(x) - 1)` elsewhere (`torch.nn.ELU`).
open class ELU: Module {
    /// The scale of the negative branch.
    public let alpha: Double
    /// Kept for PyTorch's printout; the result is always a new tensor.
    public let inplace: Bool

    /// An ELU layer.
    public init(alpha: Double = 1.0, inplace: Bool = false) {
        self.alpha = alpha
        self.inplace = inplace
        super.init()
    }

    /// ``Functional/elu(_:alpha:)``.
    open override func forward(_ input: Tensor) -> Tensor { Functional.elu(input, alpha: alpha) }

    /// `alpha=1.0` (and `, inplace=True`).
    open override var extraRepr: String { "alpha=\(PythonFormat.repr(alpha))" + (inplace ? ", inplace=True" : "") }
}

/// Scaled ELU with PyTorch's fixed constants (`torch.nn.SELU`).
open class SELU: Module {
    /// Kept for PyTorch's printout; the result is always a new tensor.
    public let inplace: Bool

    /// A SELU layer.
    public init(inplace: Bool = false) {
        self.inplace = inplace
        super.init()
    }

    /// ``Functional/selu(_:)``.
    open override func forward(_ input: Tensor) -> Tensor { Functional.selu(input) }

    /// Empty, or `inplace=True`.
    open override var extraRepr: String { inplace ? "inplace=True" : "" }
}

/// `x` where positive, `alpha · (exp(x / alpha) - 1)` elsewhere (`torch.nn.CELU`).
open class CELU: Module {
    /// The scale of the negative branch.
    public let alpha: Double
    /// Kept for PyTorch's printout; the result is always a new tensor.
    public let inplace: Bool

    /// A CELU layer.
    public init(alpha: Double = 1.0, inplace: Bool = false) {
        self.alpha = alpha
        self.inplace = inplace
        super.init()
    }

    /// ``Functional/celu(_:alpha:)``.
    open override func forward(_ input: Tensor) -> Tensor { Functional.celu(input, alpha: alpha) }

    /// `alpha=1.0` (and `, inplace=True`).
    open override var extraRepr: String { "alpha=\(PythonFormat.repr(alpha))" + (inplace ? ", inplace=True" : "") }
}

/// A smooth ReLU, `log(1 + exp(beta · x)) / beta` (`torch.nn.Softplus`).
open class Softplus: Module {
    /// The sharpness of the curve.
    public let beta: Double
    /// Above this `beta · x` the layer is the identity.
    public let threshold: Double

    /// A softplus layer, positional as in PyTorch: `Softplus(2, 5)`.
    public init(_ beta: Double, _ threshold: Double = 20.0) {
        self.beta = beta
        self.threshold = threshold
        super.init()
    }

    /// A softplus layer with PyTorch's keywords: `Softplus(beta: 2, threshold: 5)`.
    public convenience init(beta: Double = 1.0, threshold: Double = 20.0) { self.init(beta, threshold) }

    /// ``Functional/softplus(_:beta:threshold:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.softplus(input, beta: beta, threshold: threshold)
    }

    /// `beta=1.0, threshold=20.0`.
    open override var extraRepr: String {
        "beta=\(PythonFormat.repr(beta)), threshold=\(PythonFormat.repr(threshold))"
    }
}

/// `x / (1 + |x|)` (`torch.nn.Softsign`).
open class Softsign: Module {
    /// A softsign layer.
    public override init() { super.init() }
    /// ``Functional/softsign(_:)``.
    open override func forward(_ input: Tensor) -> Tensor { Functional.softsign(input) }
}

/// `x · relu6(x + 3) / 6` (`torch.nn.Hardswish`).
open class Hardswish: Module {
    /// Kept for PyTorch's signature; PyTorch doesn't print it and the result is always a new tensor.
    public let inplace: Bool

    /// A hard-swish layer.
    public init(inplace: Bool = false) {
        self.inplace = inplace
        super.init()
    }

    /// ``Functional/hardswish(_:)``.
    open override func forward(_ input: Tensor) -> Tensor { Functional.hardswish(input) }
}

/// `relu6(x + 3) / 6` (`torch.nn.Hardsigmoid`).
open class Hardsigmoid: Module {
    /// Kept for PyTorch's signature; PyTorch doesn't print it and the result is always a new tensor.
    public let inplace: Bool

    /// A hard-sigmoid layer.
    public init(inplace: Bool = false) {
        self.inplace = inplace
        super.init()
    }

    /// ``Functional/hardsigmoid(_:)``.
    open override func forward(_ input: Tensor) -> Tensor { Functional.hardsigmoid(input) }
}

/// `x` clamped to `[minVal, maxVal]` (`torch.nn.Hardtanh`).
open class Hardtanh: Module {
    /// The lower bound.
    public let minVal: Double
    /// The upper bound.
    public let maxVal: Double
    /// Kept for PyTorch's printout; the result is always a new tensor.
    public let inplace: Bool

    /// A hard-tanh layer, positional as in PyTorch: `Hardtanh(-2, 3)`.
    public init(_ minVal: Double, _ maxVal: Double = 1.0, inplace: Bool = false) {
        check(maxVal > minVal, "max_val (\(PythonFormat.repr(maxVal))) must be greater than min_val "
            + "(\(PythonFormat.repr(minVal)))")
        self.minVal = minVal
        self.maxVal = maxVal
        self.inplace = inplace
        super.init()
    }

    /// A hard-tanh layer with PyTorch's keywords: `Hardtanh(minVal: -2, maxVal: 3)`.
    public convenience init(minVal: Double = -1.0, maxVal: Double = 1.0, inplace: Bool = false) {
        self.init(minVal, maxVal, inplace: inplace)
    }

    /// ``Functional/hardtanh(_:minVal:maxVal:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.hardtanh(input, minVal: minVal, maxVal: maxVal)
    }

    /// `min_val=-1.0, max_val=1.0` (and `, inplace=True`).
    open override var extraRepr: String {
        "min_val=\(PythonFormat.repr(minVal)), max_val=\(PythonFormat.repr(maxVal))" + (inplace ? ", inplace=True" : "")
    }
}

/// `min(max(0, x), 6)` (`torch.nn.ReLU6`): a ``Hardtanh`` on `[0, 6]`.
open class ReLU6: Hardtanh {
    /// A ReLU6 layer.
    public init(inplace: Bool = false) { super.init(0, 6, inplace: inplace) }

    /// Empty, or `inplace=True`.
    open override var extraRepr: String { inplace ? "inplace=True" : "" }
}

/// `x · tanh(softplus(x))` (`torch.nn.Mish`).
open class Mish: Module {
    /// Kept for PyTorch's printout; the result is always a new tensor.
    public let inplace: Bool

    /// A Mish layer.
    public init(inplace: Bool = false) {
        self.inplace = inplace
        super.init()
    }

    /// ``Functional/mish(_:)``.
    open override func forward(_ input: Tensor) -> Tensor { Functional.mish(input) }

    /// Empty, or `inplace=True`.
    open override var extraRepr: String { inplace ? "inplace=True" : "" }
}

/// Gated linear unit (`torch.nn.GLU`): one half of `dim` gated by the sigmoid of the other.
open class GLU: Module {
    /// The dimension split in half.
    public let dim: Int

    /// A GLU layer.
    public init(dim: Int = -1) {
        self.dim = dim
        super.init()
    }

    /// ``Functional/glu(_:dim:)``.
    open override func forward(_ input: Tensor) -> Tensor { Functional.glu(input, dim: dim) }

    /// `dim=-1`.
    open override var extraRepr: String { "dim=\(dim)" }
}

/// Softmax of the negated input along one dimension (`torch.nn.Softmin`).
open class Softmin: DimensionActivation {
    /// ``Functional/softmin(_:dim:)``.
    open override func forward(_ input: Tensor) -> Tensor { Functional.softmin(input, dim: dim) }
}

/// `log(sigmoid(x))` (`torch.nn.LogSigmoid`).
open class LogSigmoid: Module {
    /// A log-sigmoid layer.
    public override init() { super.init() }
    /// ``Functional/logsigmoid(_:)``.
    open override func forward(_ input: Tensor) -> Tensor { Functional.logsigmoid(input) }
}

/// `x - tanh(x)` (`torch.nn.Tanhshrink`).
open class Tanhshrink: Module {
    /// A tanh-shrink layer.
    public override init() { super.init() }
    /// ``Functional/tanhshrink(_:)``.
    open override func forward(_ input: Tensor) -> Tensor { Functional.tanhshrink(input) }
}

/// `x` where `x > threshold`, `value` elsewhere (`torch.nn.Threshold`).
open class Threshold: Module {
    /// The value compared against.
    public let threshold: Double
    /// The replacement at and below `threshold`.
    public let value: Double
    /// Kept for PyTorch's printout; the result is always a new tensor.
    public let inplace: Bool

    /// A threshold layer, positional as in PyTorch: `Threshold(0.1, 20)`.
    public init(_ threshold: Double, _ value: Double, inplace: Bool = false) {
        self.threshold = threshold
        self.value = value
        self.inplace = inplace
        super.init()
    }

    /// A threshold layer with PyTorch's keywords: `Threshold(threshold: 0.1, value: 20)`.
    public convenience init(threshold: Double, value: Double, inplace: Bool = false) {
        self.init(threshold, value, inplace: inplace)
    }

    /// ``Functional/threshold(_:threshold:value:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.threshold(input, threshold: threshold, value: value)
    }

    /// `threshold=0.1, value=20.0` (and `, inplace=True`).
    open override var extraRepr: String {
        "threshold=\(PythonFormat.repr(threshold)), value=\(PythonFormat.repr(value))"
            + (inplace ? ", inplace=True" : "")
    }
}

/// A leaky ReLU whose negative slopes are learnt (`torch.nn.PReLU`): one slope for all channels, or one per
/// channel (dimension 1 of the input).
open class PReLU: Module {
    /// How many slopes, 1 or the number of input channels: PyTorch's `num_parameters`, renamed because
    /// ``Module/numParameters`` already counts every parameter element.
    public let parameterCount: Int
    /// The value the slopes start from (and return to on ``resetParameters()``).
    public let initialValue: Double
    /// The slopes, `[parameterCount]`. Can be replaced by another parameter.
    public var weight: Parameter

    /// A PReLU layer, positional as in PyTorch: `PReLU(3, 0.1)`; every slope starts at `init`.
    public init(_ numParameters: Int, _ init: Double = 0.25, dtype: DType = .float32) {
        self.parameterCount = numParameters
        self.initialValue = `init`
        weight = Parameter(Tensor.empty([numParameters], dtype: dtype))
        super.init()
        resetParameters()
    }

    /// A PReLU layer with PyTorch's keywords: `PReLU(numParameters: 3, init: 0.1)`.
    public convenience init(numParameters: Int = 1, init: Double = 0.25, dtype: DType = .float32) {
        self.init(numParameters, `init`, dtype: dtype)
    }

    /// Fills the slopes with their initial value again (`reset_parameters`).
    open func resetParameters() { Init.constant_(weight, initialValue) }

    /// ``Functional/prelu(_:weight:)`` with this layer's slopes.
    open override func forward(_ input: Tensor) -> Tensor { Functional.prelu(input, weight: weight) }

    /// `num_parameters=1`.
    open override var extraRepr: String { "num_parameters=\(parameterCount)" }
}
