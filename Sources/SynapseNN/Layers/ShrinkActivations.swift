/// `x` where `|x| > lambd`, 0 elsewhere (`torch.nn.Hardshrink`).
open class Hardshrink: Module {
    /// The threshold.
    public let lambd: Double

    /// A hard-shrink layer (PyTorch's default threshold 0.5).
    public init(lambd: Double = 0.5) {
        self.lambd = lambd
        super.init()
    }

    /// ``Functional/hardshrink(_:lambd:)``.
    open override func forward(_ input: Tensor) -> Tensor { Functional.hardshrink(input, lambd: lambd) }

    /// `0.5`.
    open override var extraRepr: String { PythonFormat.repr(lambd) }
}

/// `x - lambd` above `lambd`, `x + lambd` below `-lambd`, 0 between (`torch.nn.Softshrink`).
open class Softshrink: Module {
    /// The threshold.
    public let lambd: Double

    /// A soft-shrink layer (PyTorch's default threshold 0.5).
    public init(lambd: Double = 0.5) {
        check(lambd >= 0, "lambda must be greater or equal to 0, but found to be \(PythonFormat.repr(lambd)).")
        self.lambd = lambd
        super.init()
    }

    /// ``Functional/softshrink(_:lambd:)``.
    open override func forward(_ input: Tensor) -> Tensor { Functional.softshrink(input, lambd: lambd) }

    /// `0.5`.
    open override var extraRepr: String { PythonFormat.repr(lambd) }
}

/// Softmax over the channels of `[N, C, H, W]` or `[C, H, W]` inputs (`torch.nn.Softmax2d`).
open class Softmax2d: Module {
    /// Softmax along dimension -3.
    open override func forward(_ input: Tensor) -> Tensor {
        check(input.rank == 3 || input.rank == 4, "Softmax2d: expected input to be 3D or 4D, got \(input.rank)D instead")
        return input.softmax(dim: -3)
    }
}

extension Functional {
    /// `F.hardshrink`: `x` where `|x| > lambd`, 0 elsewhere.
    public static func hardshrink(_ input: Tensor, lambd: Double = 0.5) -> Tensor {
        Tensor.where(input.abs() .> lambd, input, Tensor.zerosLike(input))
    }

    /// `F.softshrink`: `x - lambd` above `lambd`, `x + lambd` below `-lambd`, 0 between.
    public static func softshrink(_ input: Tensor, lambd: Double = 0.5) -> Tensor {
        check(lambd >= 0, "lambda must be greater or equal to 0, but found to be \(PythonFormat.repr(lambd)).")
        let zeros = Tensor.zerosLike(input)
        return Tensor.where(input .> lambd, input - lambd, Tensor.where(input .< -lambd, input + lambd, zeros))
    }
}
