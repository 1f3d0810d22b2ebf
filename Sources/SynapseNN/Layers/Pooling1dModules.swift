/// Max pooling over 1-D windows (`torch.nn.MaxPool1d`) of `[N, C, L]` or `[C, L]` inputs: the 2-D kernel over a
/// height of 1.
open class MaxPool1d: Module {
    /// The window length.
    public let kernelSize: Int
    /// Step between windows (the kernel size by default).
    public let stride: Int
    /// Implicit -inf padding on each side.
    public let padding: Int
    /// Spacing between the window's elements.
    public let dilation: Int
    /// Whether a last partial window is kept.
    public let ceilMode: Bool

    /// A max-pooling layer.
    public init(_ kernelSize: Int, stride: Int? = nil, padding: Int = 0, dilation: Int = 1, ceilMode: Bool = false) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        self.dilation = dilation
        self.ceilMode = ceilMode
        super.init()
    }

    /// ``Functional/maxPool1d(_:kernelSize:stride:padding:dilation:ceilMode:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.maxPool1d(input, kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation,
                             ceilMode: ceilMode)
    }

    /// `kernel_size=3, stride=3, padding=0, dilation=1, ceil_mode=False`.
    open override var extraRepr: String {
        "kernel_size=\(kernelSize), stride=\(stride), padding=\(padding), dilation=\(dilation), ceil_mode=\(PythonRepr.bool(ceilMode))"
    }
}

/// Average pooling over 1-D windows (`torch.nn.AvgPool1d`).
open class AvgPool1d: Module {
    /// The window length.
    public let kernelSize: Int
    /// Step between windows (the kernel size by default).
    public let stride: Int
    /// Implicit zero padding on each side.
    public let padding: Int
    /// Whether a last partial window is kept.
    public let ceilMode: Bool
    /// Whether the padding counts in the divisor.
    public let countIncludePad: Bool

    /// An average-pooling layer.
    public init(_ kernelSize: Int, stride: Int? = nil, padding: Int = 0, ceilMode: Bool = false,
                countIncludePad: Bool = true) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        self.ceilMode = ceilMode
        self.countIncludePad = countIncludePad
        super.init()
    }

    /// ``Functional/avgPool1d(_:kernelSize:stride:padding:ceilMode:countIncludePad:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.avgPool1d(input, kernelSize: kernelSize, stride: stride, padding: padding, ceilMode: ceilMode,
                             countIncludePad: countIncludePad)
    }

    /// `kernel_size=(3,), stride=(2,), padding=(1,)`, tuples as PyTorch prints them.
    open override var extraRepr: String { "kernel_size=(\(kernelSize),), stride=(\(stride),), padding=(\(padding),)" }
}

/// Average pooling to a fixed output length (`torch.nn.AdaptiveAvgPool1d`).
open class AdaptiveAvgPool1d: Module {
    /// The output length.
    public let outputSize: Int

    /// A layer producing `outputSize` outputs per channel.
    public init(_ outputSize: Int) {
        self.outputSize = outputSize
        super.init()
    }

    /// ``Functional/adaptiveAvgPool1d(_:outputSize:)``.
    open override func forward(_ input: Tensor) -> Tensor { Functional.adaptiveAvgPool1d(input, outputSize: outputSize) }

    /// `output_size=4`.
    open override var extraRepr: String { "output_size=\(outputSize)" }
}

extension Functional {
    /// `input` (`[N, C, L]` or `[C, L]`) with a height of 1 inserted before its length, for the 2-D kernels.
    private static func overHeightOne(_ input: Tensor, _ name: String, _ body: (Tensor) -> Tensor) -> Tensor {
        check(input.rank == 2 || input.rank == 3,
              "\(name): Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got: \(input.shape)")
        return body(input.unsqueeze(input.rank - 1)).squeeze(input.rank - 1)
    }

    /// `F.max_pool1d`.
    public static func maxPool1d(_ input: Tensor, kernelSize: Int, stride: Int? = nil, padding: Int = 0,
                                 dilation: Int = 1, ceilMode: Bool = false) -> Tensor {
        overHeightOne(input, "max_pool1d") {
            maxPool2d($0, kernelSize: (1, kernelSize), stride: (1, stride ?? kernelSize), padding: (0, padding),
                      dilation: (1, dilation), ceilMode: ceilMode)
        }
    }

    /// `F.avg_pool1d`.
    public static func avgPool1d(_ input: Tensor, kernelSize: Int, stride: Int? = nil, padding: Int = 0,
                                 ceilMode: Bool = false, countIncludePad: Bool = true) -> Tensor {
        overHeightOne(input, "avg_pool1d") {
            avgPool2d($0, kernelSize: (1, kernelSize), stride: (1, stride ?? kernelSize), padding: (0, padding),
                      ceilMode: ceilMode, countIncludePad: countIncludePad)
        }
    }

    /// `F.adaptive_avg_pool1d`.
    public static func adaptiveAvgPool1d(_ input: Tensor, outputSize: Int) -> Tensor {
        overHeightOne(input, "adaptive_avg_pool1d") { adaptiveAvgPool2d($0, outputSize: (1, outputSize)) }
    }
}
