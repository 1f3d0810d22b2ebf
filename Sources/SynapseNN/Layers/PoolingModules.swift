/// A pooling size as PyTorch echoes it: `2` for a square window given as one number, `(3, 2)` for a pair.
public struct PoolSize: Sendable, Equatable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// Height and width.
    public let pair: (Int, Int)
    private let square: Bool

    /// A square size: `kernelSize: 2`.
    public init(integerLiteral value: Int) { self.init(value) }
    /// A square size.
    public init(_ value: Int) { (pair, square) = ((value, value), true) }
    /// A rectangular size (printed as a pair even when equal).
    public init(_ height: Int, _ width: Int) { (pair, square) = ((height, width), false) }

    /// `2` or `(3, 2)`.
    public var description: String { square ? "\(pair.0)" : "(\(pair.0), \(pair.1))" }

    /// Sizes are equal when they describe the same window.
    public static func == (a: PoolSize, b: PoolSize) -> Bool { a.pair == b.pair }
}

/// Max pooling over 2-D windows (`torch.nn.MaxPool2d`).
open class MaxPool2d: Module {
    /// The window.
    public let kernelSize: PoolSize
    /// Step between windows (the kernel size by default).
    public let stride: PoolSize
    /// Implicit -∞ padding on each side.
    public let padding: PoolSize
    /// Spacing between window elements.
    public let dilation: PoolSize
    /// Whether a last partial window is kept.
    public let ceilMode: Bool

    /// A max-pooling layer.
    public init(_ kernelSize: PoolSize, stride: PoolSize? = nil, padding: PoolSize = 0, dilation: PoolSize = 1,
                ceilMode: Bool = false) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        self.dilation = dilation
        self.ceilMode = ceilMode
        super.init()
    }

    /// ``Functional/maxPool2d(_:kernelSize:stride:padding:dilation:ceilMode:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.maxPool2d(input, kernelSize: kernelSize.pair, stride: stride.pair, padding: padding.pair,
                             dilation: dilation.pair, ceilMode: ceilMode)
    }

    /// `kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False`.
    open override var extraRepr: String {
        "kernel_size=\(kernelSize), stride=\(stride), padding=\(padding), dilation=\(dilation), "
            + "ceil_mode=\(PythonRepr.bool(ceilMode))"
    }
}

/// Average pooling over 2-D windows (`torch.nn.AvgPool2d`).
open class AvgPool2d: Module {
    /// The window.
    public let kernelSize: PoolSize
    /// Step between windows (the kernel size by default).
    public let stride: PoolSize
    /// Implicit zero padding on each side.
    public let padding: PoolSize
    /// Whether a last partial window (starting inside the input or the left padding) is kept.
    public let ceilMode: Bool
    /// Whether the padding counts in the divisor.
    public let countIncludePad: Bool
    /// A divisor used for every window instead of its size.
    public let divisorOverride: Int?

    /// An average-pooling layer.
    public init(_ kernelSize: PoolSize, stride: PoolSize? = nil, padding: PoolSize = 0, ceilMode: Bool = false,
                countIncludePad: Bool = true, divisorOverride: Int? = nil) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        self.ceilMode = ceilMode
        self.countIncludePad = countIncludePad
        self.divisorOverride = divisorOverride
        super.init()
    }

    /// ``Functional/avgPool2d(_:kernelSize:stride:padding:ceilMode:countIncludePad:divisorOverride:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.avgPool2d(input, kernelSize: kernelSize.pair, stride: stride.pair, padding: padding.pair,
                             ceilMode: ceilMode, countIncludePad: countIncludePad, divisorOverride: divisorOverride)
    }

    /// `kernel_size=2, stride=2, padding=0` (PyTorch shows neither the ceil mode nor the divisor).
    open override var extraRepr: String { "kernel_size=\(kernelSize), stride=\(stride), padding=\(padding)" }
}

/// Average pooling to a fixed output size (`torch.nn.AdaptiveAvgPool2d`).
open class AdaptiveAvgPool2d: Module {
    /// The output height and width.
    public let outputSize: PoolSize

    /// A layer producing `outputSize` outputs per channel.
    public init(_ outputSize: PoolSize) {
        self.outputSize = outputSize
        super.init()
    }

    /// ``Functional/adaptiveAvgPool2d(_:outputSize:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.adaptiveAvgPool2d(input, outputSize: outputSize.pair)
    }

    /// `output_size=(1, 1)`.
    open override var extraRepr: String { "output_size=\(outputSize)" }
}
