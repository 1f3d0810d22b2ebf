/// How a convolution pads its input (`padding=` in PyTorch): explicit sizes per spatial side, or `"same"` /
/// `"valid"`.
public enum ConvPadding: Sendable, Equatable, ExpressibleByIntegerLiteral {
    /// Zeros added before and after each spatial dimension (height, width).
    case explicit(Int, Int)
    /// Output as large as the input (stride 1 only); odd totals put the extra zero after, as PyTorch does.
    case same
    /// No padding.
    case valid

    /// The same padding on both spatial dimensions: `padding: 1`.
    public init(integerLiteral value: Int) { self = .explicit(value, value) }

    /// `(before, after)` zeros for a spatial dimension with this kernel size and dilation.
    func amounts(dimension: Int, kernel: Int, dilation: Int) -> (before: Int, after: Int) {
        switch self {
        case .explicit(let height, let width):
            let amount = dimension == 0 ? height : width
            return (amount, amount)
        case .same:
            let total = dilation * (kernel - 1)
            return (total / 2, total - total / 2)
        case .valid:
            return (0, 0)
        }
    }
}

/// Functions behind the layers (`torch.nn.functional`).
public enum Functional {
    /// 2-D convolution (`F.conv2d`) of `input` `[N, C, H, W]` (or `[C, H, W]`) with `weight`
    /// `[O, C / groups, kH, kW]`, plus `bias` `[O]`.
    ///
    /// For float32 and float64, one operation with PyTorch's `ConvolutionBackward0`: the batch's windows gathered
    /// into one matrix (im2col) and one matrix product per group each way. Other dtypes are composed of
    /// differentiable operations (im2col and one batched product per group).
    public static func conv2d(
        _ input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: (Int, Int) = (1, 1),
        padding: ConvPadding = .valid, dilation: (Int, Int) = (1, 1), groups: Int = 1
    ) -> Tensor {
        if input.rank == 3 {
            return conv2d(input.unsqueeze(0), weight: weight, bias: bias, stride: stride, padding: padding,
                          dilation: dilation, groups: groups).squeeze(0)
        }
        check(input.rank == 4, "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: \(input.shape)")
        return convolution(input, weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation,
                           groups: groups, dropsHeight: false)
    }

    /// 1-D convolution (`F.conv1d`) of `input` `[N, C, L]` (or `[C, L]`) with `weight` `[O, C / groups, k]`, plus
    /// `bias` `[O]`: a 2-D convolution over a height of 1, with `padding` along the length (`.explicit(0, p)` for
    /// `p` zeros on each side), and like it one operation (`ConvolutionBackward0`) for float32 and float64.
    public static func conv1d(
        _ input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: ConvPadding = .valid,
        dilation: Int = 1, groups: Int = 1
    ) -> Tensor {
        if input.rank == 2 {
            return conv1d(input.unsqueeze(0), weight: weight, bias: bias, stride: stride, padding: padding,
                          dilation: dilation, groups: groups).squeeze(0)
        }
        check(input.rank == 3, "Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: \(input.shape)")
        return convolution(input.unsqueeze(2), weight: weight.unsqueeze(2), bias: bias, stride: (1, stride),
                           padding: padding, dilation: (1, dilation), groups: groups, dropsHeight: true)
    }

    /// A batched 2-D convolution; with `dropsHeight` (a 1-D convolution over a height of 1), the output loses its
    /// height dimension inside the operation, so its node stays the convolution's.
    private static func convolution(
        _ input: Tensor, weight: Tensor, bias: Tensor?, stride: (Int, Int), padding: ConvPadding,
        dilation: (Int, Int), groups: Int, dropsHeight: Bool
    ) -> Tensor {
        check(weight.rank == 4, "conv2d: weight must be 4-D [out_channels, in_channels/groups, kH, kW], got \(weight.shape)")
        let (batch, channels) = (input.shape[0], input.shape[1])
        let (outChannels, kernelH, kernelW) = (weight.shape[0], weight.shape[2], weight.shape[3])
        check(groups > 0 && channels % groups == 0 && outChannels % groups == 0 && weight.shape[1] * groups == channels,
              "Given groups=\(groups), weight of size \(weight.shape), expected input\(input.shape) to have \(weight.shape[1] * groups) channels, but got \(channels) channels instead")
        let window = SlidingWindow(input: input.shape, kernel: (kernelH, kernelW), stride: stride,
                                   padding: padding, dilation: dilation)
        let (outH, outW) = (window.outputHeight, window.outputWidth)
        let outputShape = dropsHeight ? [batch, outChannels, outW] : [batch, outChannels, outH, outW]
        let floating = input.dtype == .float32 || input.dtype == .float64
        if floating, weight.dtype == input.dtype, bias.map({ $0.dtype == input.dtype }) ?? true,
           batch > 0, channels > 0, outChannels > 0 {
            return Tensor.convolution2d(input, weight: weight, bias: bias, window.geometry, groups: groups,
                                        outputShape: outputShape)
        }
        let patches = window.patches(of: input, padding: 0)                                    // [N, C, kHkW, L]
        let perGroup = channels / groups * kernelH * kernelW
        let columns = patches.reshape([batch, groups, perGroup, outH * outW])
        let kernels = weight.reshape([groups, outChannels / groups, perGroup])
        var output = kernels.matmul(columns).reshape([batch, outChannels, outH, outW])
        if let bias { output = output + bias.view(1, outChannels, 1, 1) }
        return output.reshape(outputShape)
    }
}
