/// `x` where positive, `negativeSlope · x` elsewhere (`torch.nn.LeakyReLU`).
open class LeakyReLU: Module {
    /// The slope for negative inputs.
    public let negativeSlope: Double
    /// Kept for PyTorch's printout; the result is always a new tensor.
    public let inplace: Bool

    /// A leaky ReLU with the given slope.
    public init(negativeSlope: Double = 0.01, inplace: Bool = false) {
        self.negativeSlope = negativeSlope
        self.inplace = inplace
        super.init()
    }

    /// ``Functional/leakyReLU(_:negativeSlope:)``.
    open override func forward(_ input: Tensor) -> Tensor { Functional.leakyReLU(input, negativeSlope: negativeSlope) }

    /// `negative_slope=0.01` (and `, inplace=True`).
    open override var extraRepr: String {
        "negative_slope=\(PythonFormat.repr(negativeSlope))" + (inplace ? ", inplace=True" : "")
    }
}

/// Gaussian error linear unit (`torch.nn.GELU`), exact or with the tanh approximation.
open class GELU: Module {
    /// How the Gaussian CDF is evaluated.
    public let approximate: Functional.GELUApproximation

    /// A GELU layer.
    public init(approximate: Functional.GELUApproximation = .none) {
        self.approximate = approximate
        super.init()
    }

    /// ``Functional/gelu(_:approximate:)``.
    open override func forward(_ input: Tensor) -> Tensor { Functional.gelu(input, approximate: approximate) }

    /// `approximate='none'`.
    open override var extraRepr: String { "approximate=\(PythonRepr.string(approximate.rawValue))" }
}

/// `x · sigmoid(x)` (`torch.nn.SiLU`).
open class SiLU: Module {
    /// A SiLU layer.
    public override init() { super.init() }
    /// ``Functional/silu(_:)``.
    open override func forward(_ input: Tensor) -> Tensor { Functional.silu(input) }
}

/// The logistic function (`torch.nn.Sigmoid`).
open class Sigmoid: Module {
    /// A sigmoid layer.
    public override init() { super.init() }
    /// `1 / (1 + exp(-x))`.
    open override func forward(_ input: Tensor) -> Tensor { input.sigmoid() }
}

/// The hyperbolic tangent (`torch.nn.Tanh`).
open class Tanh: Module {
    /// A tanh layer.
    public override init() { super.init() }
    /// `tanh(x)`.
    open override func forward(_ input: Tensor) -> Tensor { input.tanh() }
}

/// An activation normalised along one dimension: the shared part of ``Softmax`` and ``LogSoftmax``.
open class DimensionActivation: Module {
    /// The dimension normalised.
    public let dim: Int

    /// An activation over `dim` (PyTorch's implicit-dimension form is deprecated there and not offered here).
    public init(dim: Int) {
        self.dim = dim
        super.init()
    }

    /// `dim=1`.
    open override var extraRepr: String { "dim=\(dim)" }
}

/// Softmax along one dimension (`torch.nn.Softmax`).
open class Softmax: DimensionActivation {
    /// ``Functional/softmax(_:dim:)``.
    open override func forward(_ input: Tensor) -> Tensor { Functional.softmax(input, dim: dim) }
}

/// Log-softmax along one dimension (`torch.nn.LogSoftmax`).
open class LogSoftmax: DimensionActivation {
    /// ``Functional/logSoftmax(_:dim:)``.
    open override func forward(_ input: Tensor) -> Tensor { Functional.logSoftmax(input, dim: dim) }
}

/// What the dropout layers share (PyTorch's `_DropoutNd`): the probability, the `inplace` flag PyTorch prints, the
/// generator masks are drawn from, and the printout.
open class DropoutBase: Module {
    /// Probability of dropping an element (or a channel).
    public let p: Double
    /// Kept for PyTorch's printout; the result is always a new tensor.
    public let inplace: Bool
    /// Where masks are drawn from (the default generator when `nil`).
    let generator: Generator?

    /// A layer dropping with probability `p`.
    public init(_ p: Double = 0.5, inplace: Bool = false, generator: Generator? = nil) {
        check(p >= 0 && p <= 1, "dropout probability has to be between 0 and 1, but got \(p)")
        self.p = p
        self.inplace = inplace
        self.generator = generator
        super.init()
    }

    /// `p=0.5, inplace=False`.
    open override var extraRepr: String { "p=\(PythonFormat.repr(p)), inplace=\(PythonRepr.bool(inplace))" }
}

/// Randomly zeroes elements in training mode (`torch.nn.Dropout`), with PyTorch's mask for the same seed;
/// positional as in PyTorch: `Dropout(0.1)`.
open class Dropout: DropoutBase {
    /// ``Functional/dropout(_:p:training:generator:)`` in training mode, the identity in evaluation mode.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.dropout(input, p: p, training: training, generator: generator)
    }
}
