/// The sliding blocks of `[N, C, H, W]` inputs as columns (`torch.nn.Unfold`, im2col): `[N, C·kH·kW, L]`, one
/// column per block position, rows ordered channel, then kernel row, then kernel column.
open class Unfold: Module {
    /// The block size.
    public let kernelSize: PoolSize
    /// Spacing between a block's elements.
    public let dilation: PoolSize
    /// Zeros added on each side.
    public let padding: PoolSize
    /// Step between blocks.
    public let stride: PoolSize

    /// An unfolding with PyTorch's defaults.
    public init(_ kernelSize: PoolSize, dilation: PoolSize = 1, padding: PoolSize = 0, stride: PoolSize = 1) {
        (self.kernelSize, self.dilation, self.padding, self.stride) = (kernelSize, dilation, padding, stride)
        super.init()
    }

    /// ``Functional/unfold(_:kernelSize:dilation:padding:stride:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.unfold(input, kernelSize: kernelSize.pair, dilation: dilation.pair, padding: padding.pair,
                          stride: stride.pair)
    }

    /// `kernel_size=2, dilation=1, padding=0, stride=1`.
    open override var extraRepr: String {
        "kernel_size=\(kernelSize), dilation=\(dilation), padding=\(padding), stride=\(stride)"
    }
}

/// The inverse arrangement of ``Unfold`` (`torch.nn.Fold`, col2im): columns `[N, C·kH·kW, L]` summed into an
/// `[N, C, outputSize]` image, overlapping blocks adding up.
open class Fold: Module {
    /// The image's height and width.
    public let outputSize: PoolSize
    /// The block size.
    public let kernelSize: PoolSize
    /// Spacing between a block's elements.
    public let dilation: PoolSize
    /// Zeros the blocks were padded with (cropped away).
    public let padding: PoolSize
    /// Step between blocks.
    public let stride: PoolSize

    /// A folding with PyTorch's defaults.
    public init(outputSize: PoolSize, kernelSize: PoolSize, dilation: PoolSize = 1, padding: PoolSize = 0,
                stride: PoolSize = 1) {
        (self.outputSize, self.kernelSize, self.dilation, self.padding, self.stride) =
            (outputSize, kernelSize, dilation, padding, stride)
        super.init()
    }

    /// ``Functional/fold(_:outputSize:kernelSize:dilation:padding:stride:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.fold(input, outputSize: outputSize.pair, kernelSize: kernelSize.pair, dilation: dilation.pair,
                        padding: padding.pair, stride: stride.pair)
    }

    /// `output_size=(4, 5), kernel_size=2, dilation=1, padding=0, stride=1`.
    open override var extraRepr: String {
        "output_size=\(outputSize), kernel_size=\(kernelSize), dilation=\(dilation), padding=\(padding), stride=\(stride)"
    }
}

extension Functional {
    /// `F.unfold` of an `[N, C, H, W]` (or `[C, H, W]`) input: `[N, C·kH·kW, L]`.
    public static func unfold(_ input: Tensor, kernelSize: (Int, Int), dilation: (Int, Int) = (1, 1),
                              padding: (Int, Int) = (0, 0), stride: (Int, Int) = (1, 1)) -> Tensor {
        if input.rank == 3 {
            return unfold(input.unsqueeze(0), kernelSize: kernelSize, dilation: dilation, padding: padding,
                          stride: stride).squeeze(0)
        }
        check(input.rank == 4, "Input Error: Only 3D or 4D input Tensors are supported (got \(input.rank)D)")
        let windows = PoolingWindows(input: Array(input.shape.suffix(2)), kernel: [kernelSize.0, kernelSize.1],
                                     stride: [stride.0, stride.1], padding: [padding.0, padding.1],
                                     dilation: [dilation.0, dilation.1], ceilMode: false)
        check(windows.outputSizes.allSatisfy { $0 > 0 },
              "Given input with spatial size (\(input.shape[2]), \(input.shape[3])), kernel_size=(\(kernelSize.0), \(kernelSize.1)), dilation=(\(dilation.0), \(dilation.1)), padding=(\(padding.0), \(padding.1)), calculated shape of the array of sliding blocks as (\(windows.outputSizes[0]), \(windows.outputSizes[1])), but its components must be at least one.")
        let (batch, channels) = (input.shape[0], input.shape[1])
        return windows.gather(input, fill: 0).permute([0, 1, 3, 2])
            .reshape([batch, channels * windows.width, windows.outputCount])
    }

    /// `F.fold` of `[N, C·kH·kW, L]` (or `[C·kH·kW, L]`) columns into an `[N, C, outputSize]` image.
    public static func fold(_ input: Tensor, outputSize: (Int, Int), kernelSize: (Int, Int),
                            dilation: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
                            stride: (Int, Int) = (1, 1)) -> Tensor {
        if input.rank == 2 {
            return fold(input.unsqueeze(0), outputSize: outputSize, kernelSize: kernelSize, dilation: dilation,
                        padding: padding, stride: stride).squeeze(0)
        }
        check(input.rank == 3, "Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported (got \(input.rank)D)")
        let kernelCells = kernelSize.0 * kernelSize.1
        check(input.shape[1] % kernelCells == 0,
              "Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=\(input.shape[1]) and kernel_size=(\(kernelSize.0), \(kernelSize.1)).")
        let padded = [outputSize.0 + 2 * padding.0, outputSize.1 + 2 * padding.1]
        let windows = PoolingWindows(input: padded, kernel: [kernelSize.0, kernelSize.1], stride: [stride.0, stride.1],
                                     padding: [0, 0], dilation: [dilation.0, dilation.1], ceilMode: false)
        check(windows.outputCount == input.shape[2],
              "Given output_size=(\(outputSize.0), \(outputSize.1)), kernel_size=(\(kernelSize.0), \(kernelSize.1)), dilation=(\(dilation.0), \(dilation.1)), padding=(\(padding.0), \(padding.1)), stride=(\(stride.0), \(stride.1)), expected size of input's dimension 2 to match the calculated number of sliding blocks \(windows.outputSizes[0]) * \(windows.outputSizes[1]) = \(windows.outputCount), but got input.size(2)=\(input.shape[2]).")
        let (batch, channels) = (input.shape[0], input.shape[1] / kernelCells)
        let columns = input.reshape([batch, channels, kernelCells, windows.outputCount]).permute([0, 1, 3, 2])
            .reshape([batch, channels, windows.outputCount * kernelCells])
        let index = Tensor(flat: windows.positions, shape: [1, 1, windows.positions.count])
            .expand([batch, channels, windows.positions.count])
        let canvas = Tensor.zeros([batch, channels, padded[0] * padded[1]], dtype: input.dtype)
            .scatterAdd(2, index, columns).reshape([batch, channels] + padded)
        return canvas[.all, .all, padding.0..<(padding.0 + outputSize.0), padding.1..<(padding.1 + outputSize.1)]
    }
}
