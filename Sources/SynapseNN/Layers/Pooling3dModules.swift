/// A 3-D pooling size as PyTorch echoes it: `2` for a cube given as one number, `(1, 2, 2)` for a triple.
public struct PoolSize3d: Sendable, Equatable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// Depth, height and width.
    public let triple: (Int, Int, Int)
    private let cube: Bool

    /// A cubic size: `kernelSize: 2`.
    public init(integerLiteral value: Int) { self.init(value) }
    /// A cubic size.
    public init(_ value: Int) { (triple, cube) = ((value, value, value), true) }
    /// A box size (printed as a triple even when equal).
    public init(_ depth: Int, _ height: Int, _ width: Int) { (triple, cube) = ((depth, height, width), false) }

    /// `2` or `(1, 2, 2)`.
    public var description: String { cube ? "\(triple.0)" : "(\(triple.0), \(triple.1), \(triple.2))" }

    /// Sizes are equal when they describe the same window.
    public static func == (a: PoolSize3d, b: PoolSize3d) -> Bool { a.triple == b.triple }
}

/// Max pooling over 3-D windows (`torch.nn.MaxPool3d`) of `[N, C, D, H, W]` or `[C, D, H, W]` inputs.
open class MaxPool3d: Module {
    /// The window.
    public let kernelSize: PoolSize3d
    /// Step between windows (the kernel size by default).
    public let stride: PoolSize3d
    /// Implicit -∞ padding on each side.
    public let padding: PoolSize3d
    /// Spacing between window elements.
    public let dilation: PoolSize3d
    /// Whether a last partial window is kept.
    public let ceilMode: Bool

    /// A max-pooling layer.
    public init(_ kernelSize: PoolSize3d, stride: PoolSize3d? = nil, padding: PoolSize3d = 0,
                dilation: PoolSize3d = 1, ceilMode: Bool = false) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        self.dilation = dilation
        self.ceilMode = ceilMode
        super.init()
    }

    /// ``Functional/maxPool3d(_:kernelSize:stride:padding:dilation:ceilMode:)``.
    open override func forward(_ input: Tensor) -> Tensor { forwardWithIndices(input).values }

    /// The pooling and the position of each maximum in its `D·H·W` volume (PyTorch's `return_indices=True`), for
    /// ``MaxUnpool3d``.
    open func forwardWithIndices(_ input: Tensor) -> (values: Tensor, indices: Tensor) {
        Functional.maxPool3dWithIndices(input, kernelSize: kernelSize.triple, stride: stride.triple,
                                        padding: padding.triple, dilation: dilation.triple, ceilMode: ceilMode)
    }

    /// `kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False`.
    open override var extraRepr: String {
        "kernel_size=\(kernelSize), stride=\(stride), padding=\(padding), dilation=\(dilation), "
            + "ceil_mode=\(PythonRepr.bool(ceilMode))"
    }
}

/// Average pooling over 3-D windows (`torch.nn.AvgPool3d`).
open class AvgPool3d: Module {
    /// The window.
    public let kernelSize: PoolSize3d
    /// Step between windows (the kernel size by default).
    public let stride: PoolSize3d
    /// Implicit zero padding on each side.
    public let padding: PoolSize3d
    /// Whether a last partial window is kept.
    public let ceilMode: Bool
    /// Whether the padding counts in the divisor.
    public let countIncludePad: Bool
    /// A divisor used for every window instead of its size.
    public let divisorOverride: Int?

    /// An average-pooling layer.
    public init(_ kernelSize: PoolSize3d, stride: PoolSize3d? = nil, padding: PoolSize3d = 0, ceilMode: Bool = false,
                countIncludePad: Bool = true, divisorOverride: Int? = nil) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        self.ceilMode = ceilMode
        self.countIncludePad = countIncludePad
        self.divisorOverride = divisorOverride
        super.init()
    }

    /// ``Functional/avgPool3d(_:kernelSize:stride:padding:ceilMode:countIncludePad:divisorOverride:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.avgPool3d(input, kernelSize: kernelSize.triple, stride: stride.triple, padding: padding.triple,
                             ceilMode: ceilMode, countIncludePad: countIncludePad, divisorOverride: divisorOverride)
    }

    /// `kernel_size=2, stride=2, padding=0`.
    open override var extraRepr: String { "kernel_size=\(kernelSize), stride=\(stride), padding=\(padding)" }
}

/// Max pooling to a fixed output length (`torch.nn.AdaptiveMaxPool1d`).
open class AdaptiveMaxPool1d: Module {
    /// The output length.
    public let outputSize: Int

    /// A layer producing `outputSize` outputs per channel.
    public init(_ outputSize: Int) {
        self.outputSize = outputSize
        super.init()
    }

    /// ``Functional/adaptiveMaxPool1d(_:outputSize:)``.
    open override func forward(_ input: Tensor) -> Tensor { forwardWithIndices(input).values }

    /// The pooling and the maxima's positions (PyTorch's `return_indices=True`).
    open func forwardWithIndices(_ input: Tensor) -> (values: Tensor, indices: Tensor) {
        Functional.adaptiveMaxPool1dWithIndices(input, outputSize: outputSize)
    }

    /// `output_size=3`.
    open override var extraRepr: String { "output_size=\(outputSize)" }
}

/// Max pooling to a fixed output size (`torch.nn.AdaptiveMaxPool2d`).
open class AdaptiveMaxPool2d: Module {
    /// The output height and width.
    public let outputSize: PoolSize

    /// A layer producing `outputSize` outputs per channel.
    public init(_ outputSize: PoolSize) {
        self.outputSize = outputSize
        super.init()
    }

    /// ``Functional/adaptiveMaxPool2d(_:outputSize:)``.
    open override func forward(_ input: Tensor) -> Tensor { forwardWithIndices(input).values }

    /// The pooling and the maxima's positions in each `H·W` plane (PyTorch's `return_indices=True`).
    open func forwardWithIndices(_ input: Tensor) -> (values: Tensor, indices: Tensor) {
        Functional.adaptiveMaxPool2dWithIndices(input, outputSize: outputSize.pair)
    }

    /// `output_size=(2, 3)`.
    open override var extraRepr: String { "output_size=\(outputSize)" }
}

/// Max pooling to a fixed output size (`torch.nn.AdaptiveMaxPool3d`).
open class AdaptiveMaxPool3d: Module {
    /// The output depth, height and width.
    public let outputSize: PoolSize3d

    /// A layer producing `outputSize` outputs per channel.
    public init(_ outputSize: PoolSize3d) {
        self.outputSize = outputSize
        super.init()
    }

    /// ``Functional/adaptiveMaxPool3d(_:outputSize:)``.
    open override func forward(_ input: Tensor) -> Tensor { forwardWithIndices(input).values }

    /// The pooling and the maxima's positions in each `D·H·W` volume (PyTorch's `return_indices=True`).
    open func forwardWithIndices(_ input: Tensor) -> (values: Tensor, indices: Tensor) {
        Functional.adaptiveMaxPool3dWithIndices(input, outputSize: outputSize.triple)
    }

    /// `output_size=(1, 2, 2)`.
    open override var extraRepr: String { "output_size=\(outputSize)" }
}

/// Average pooling to a fixed output size (`torch.nn.AdaptiveAvgPool3d`).
open class AdaptiveAvgPool3d: Module {
    /// The output depth, height and width.
    public let outputSize: PoolSize3d

    /// A layer producing `outputSize` outputs per channel.
    public init(_ outputSize: PoolSize3d) {
        self.outputSize = outputSize
        super.init()
    }

    /// ``Functional/adaptiveAvgPool3d(_:outputSize:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.adaptiveAvgPool3d(input, outputSize: outputSize.triple)
    }

    /// `output_size=(1, 2, 2)`.
    open override var extraRepr: String { "output_size=\(outputSize)" }
}
