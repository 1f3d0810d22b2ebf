/// What the max-unpooling layers share (PyTorch's `_MaxUnpoolNd`): kernel, stride and padding per spatial
/// dimension (printed as tuples, as PyTorch stores them), and the call `unpool(input, indices, outputSize:)`.
open class MaxUnpool: Module {
    /// The pooling's window.
    public let kernelSize: [Int]
    /// The pooling's stride (the kernel size by default).
    public let stride: [Int]
    /// The pooling's padding.
    public let padding: [Int]

    init(kernelSize: [Int], stride: [Int]?, padding: [Int]) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
        super.init()
    }

    /// ``Functional/maxUnpool(_:indices:kernelSize:stride:padding:outputSize:)``.
    open func forward(_ input: Tensor, _ indices: Tensor, outputSize: [Int]?) -> Tensor {
        Functional.maxUnpool(input, indices: indices, kernelSize: kernelSize, stride: stride, padding: padding,
                             outputSize: outputSize)
    }

    /// Unpooling needs the pooling's indices: call ``callAsFunction(_:_:outputSize:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        fatalError("\(typeName) needs the indices of the max pooling: call it as unpool(input, indices)")
    }

    /// `input`'s values written at `indices` in a zero output of the default size or `outputSize`.
    public func callAsFunction(_ input: Tensor, _ indices: Tensor, outputSize: [Int]? = nil) -> Tensor {
        callForward({ self.forward($0, $1, outputSize: outputSize) }, input, indices, labels: ["input", "indices"])
    }

    /// `kernel_size=(2, 2), stride=(2, 2), padding=(0, 0)`.
    open override var extraRepr: String {
        "kernel_size=\(ConvolutionRepr.tuple(kernelSize)), stride=\(ConvolutionRepr.tuple(stride)), padding=\(ConvolutionRepr.tuple(padding))"
    }
}

/// The partial inverse of ``MaxPool1d`` (`torch.nn.MaxUnpool1d`).
open class MaxUnpool1d: MaxUnpool {
    /// An unpooling for a pooling of the given settings.
    public init(_ kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        super.init(kernelSize: [kernelSize], stride: stride.map { [$0] }, padding: [padding])
    }
}

/// The partial inverse of ``MaxPool2d`` (`torch.nn.MaxUnpool2d`).
open class MaxUnpool2d: MaxUnpool {
    /// An unpooling for a pooling of the given settings.
    public init(_ kernelSize: PoolSize, stride: PoolSize? = nil, padding: PoolSize = 0) {
        func list(_ size: PoolSize) -> [Int] { [size.pair.0, size.pair.1] }
        super.init(kernelSize: list(kernelSize), stride: stride.map(list), padding: list(padding))
    }
}

/// The partial inverse of ``MaxPool3d`` (`torch.nn.MaxUnpool3d`).
open class MaxUnpool3d: MaxUnpool {
    /// An unpooling for a pooling of the given settings.
    public init(_ kernelSize: PoolSize3d, stride: PoolSize3d? = nil, padding: PoolSize3d = 0) {
        func list(_ size: PoolSize3d) -> [Int] { Functional.entries(size.triple) }
        super.init(kernelSize: list(kernelSize), stride: stride.map(list), padding: list(padding))
    }
}
