/// The windows a 2-D convolution or pooling slides over an `[N, C, H, W]` input: output size, and every window's
/// elements gathered as `[N, C, kH·kW, outH·outW]` (``Tensor/unfold2d(_:padding:)``, differentiable).
struct SlidingWindow {
    let kernel: (Int, Int)
    let stride: (Int, Int)
    let dilation: (Int, Int)
    let padTop: Int, padBottom: Int, padLeft: Int, padRight: Int
    let height: Int, width: Int
    let outputHeight: Int, outputWidth: Int

    /// The windows over an input of `shape` `[N, C, H, W]`; stops with PyTorch's message when the kernel doesn't fit.
    init(input shape: [Int], kernel: (Int, Int), stride: (Int, Int), padding: ConvPadding, dilation: (Int, Int),
         ceilMode: Bool = false) {
        check(padding != .same || (stride.0 == 1 && stride.1 == 1),
              "padding='same' is not supported for strided convolutions")
        self.kernel = kernel
        self.stride = stride
        self.dilation = dilation
        (height, width) = (shape[2], shape[3])
        (padTop, padBottom) = padding.amounts(dimension: 0, kernel: kernel.0, dilation: dilation.0)
        (padLeft, padRight) = padding.amounts(dimension: 1, kernel: kernel.1, dilation: dilation.1)
        let paddedH = height + padTop + padBottom, paddedW = width + padLeft + padRight
        func outputSize(_ padded: Int, _ kernel: Int, _ stride: Int, _ dilation: Int, _ before: Int) -> Int {
            let span = padded - dilation * (kernel - 1) - 1
            var size = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1
            // A last window starting inside the right padding is dropped, as PyTorch does in ceil mode.
            if ceilMode && (size - 1) * stride >= padded - before { size -= 1 }
            return size
        }
        outputHeight = outputSize(paddedH, kernel.0, stride.0, dilation.0, padTop)
        outputWidth = outputSize(paddedW, kernel.1, stride.1, dilation.1, padLeft)
        check(outputHeight > 0 && outputWidth > 0,
              "Calculated padded input size per channel: (\(paddedH) x \(paddedW)). Kernel size: (\(dilation.0 * (kernel.0 - 1) + 1) x \(dilation.1 * (kernel.1 - 1) + 1)). Kernel size can't be greater than actual input size")
    }

    /// The windows as the tensor kernels take them.
    var geometry: WindowGeometry {
        WindowGeometry(kernel: kernel, dilation: dilation, padTop: padTop, padBottom: padBottom,
                       padLeft: padLeft, padRight: padRight, stride: stride,
                       outputHeight: outputHeight, outputWidth: outputWidth)
    }

    /// Every window's elements, `[N, C, kH·kW, outH·outW]`, reading `padding` outside the input.
    func patches(of input: Tensor, padding value: Double) -> Tensor {
        input.unfold2d(geometry, padding: value)
            .view(input.shape[0], input.shape[1], kernel.0 * kernel.1, outputHeight * outputWidth)
    }
}
