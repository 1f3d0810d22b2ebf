/// What the power-average pooling layers share (PyTorch's `_LPPoolNd`).
open class LPPool: Module {
    /// The power `p` (∞ is a max pooling of `|x|`).
    public let normType: Double
    /// Whether a last partial window is kept.
    public let ceilMode: Bool
    /// The kernel and stride as PyTorch prints them.
    let kernelText: String, strideText: String

    init(normType: Double, kernelText: String, strideText: String?, ceilMode: Bool) {
        check(normType != 0, "norm_type must be a non-zero value, but got \(PythonFormat.repr(normType))")
        (self.normType, self.kernelText, self.ceilMode) = (normType, kernelText, ceilMode)
        self.strideText = strideText ?? "None"
        super.init()
    }

    /// `norm_type=2.0, kernel_size=2, stride=None, ceil_mode=False`.
    open override var extraRepr: String {
        "norm_type=\(PythonFormat.repr(normType)), kernel_size=\(kernelText), stride=\(strideText), ceil_mode=\(PythonRepr.bool(ceilMode))"
    }
}

/// Power-average pooling over 1-D windows (`torch.nn.LPPool1d`): `(Σ x^p)^(1/p)` per window.
open class LPPool1d: LPPool {
    /// The window length.
    public let kernelSize: Int
    /// Step between windows, or `nil` for the kernel size.
    public let stride: Int?

    /// A pooling of power `normType`.
    public init(_ normType: Double, _ kernelSize: Int, stride: Int? = nil, ceilMode: Bool = false) {
        (self.kernelSize, self.stride) = (kernelSize, stride)
        super.init(normType: normType, kernelText: "\(kernelSize)", strideText: stride.map { "\($0)" },
                   ceilMode: ceilMode)
    }

    /// ``Functional/lpPool1d(_:normType:kernelSize:stride:ceilMode:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.lpPool1d(input, normType: normType, kernelSize: kernelSize, stride: stride, ceilMode: ceilMode)
    }
}

/// Power-average pooling over 2-D windows (`torch.nn.LPPool2d`).
open class LPPool2d: LPPool {
    /// The window.
    public let kernelSize: PoolSize
    /// Step between windows, or `nil` for the kernel size.
    public let stride: PoolSize?

    /// A pooling of power `normType`.
    public init(_ normType: Double, _ kernelSize: PoolSize, stride: PoolSize? = nil, ceilMode: Bool = false) {
        (self.kernelSize, self.stride) = (kernelSize, stride)
        super.init(normType: normType, kernelText: kernelSize.description, strideText: stride?.description,
                   ceilMode: ceilMode)
    }

    /// ``Functional/lpPool2d(_:normType:kernelSize:stride:ceilMode:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.lpPool2d(input, normType: normType, kernelSize: kernelSize.pair, stride: stride?.pair,
                            ceilMode: ceilMode)
    }
}

/// Power-average pooling over 3-D windows (`torch.nn.LPPool3d`).
open class LPPool3d: LPPool {
    /// The window.
    public let kernelSize: PoolSize3d
    /// Step between windows, or `nil` for the kernel size.
    public let stride: PoolSize3d?

    /// A pooling of power `normType`.
    public init(_ normType: Double, _ kernelSize: PoolSize3d, stride: PoolSize3d? = nil, ceilMode: Bool = false) {
        (self.kernelSize, self.stride) = (kernelSize, stride)
        super.init(normType: normType, kernelText: kernelSize.description, strideText: stride?.description,
                   ceilMode: ceilMode)
    }

    /// ``Functional/lpPool3d(_:normType:kernelSize:stride:ceilMode:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.lpPool3d(input, normType: normType, kernelSize: kernelSize.triple, stride: stride?.triple,
                            ceilMode: ceilMode)
    }
}
