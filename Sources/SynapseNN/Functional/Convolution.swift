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
        check(weight.rank == 4, "conv2d: weight must be 4-D [out_channels, in_channels/groups, kH, kW], got \(weight.shape)")
        let (batch, channels) = (input.shape[0], input.shape[1])
        let (outChannels, kernelH, kernelW) = (weight.shape[0], weight.shape[2], weight.shape[3])
        check(groups > 0 && channels % groups == 0 && outChannels % groups == 0 && weight.shape[1] * groups == channels,
              "Given groups=\(groups), weight of size \(weight.shape), expected input\(input.shape) to have \(weight.shape[1] * groups) channels, but got \(channels) channels instead")
        let window = SlidingWindow(input: input.shape, kernel: (kernelH, kernelW), stride: stride,
                                   padding: padding, dilation: dilation)
        let (outH, outW) = (window.outputHeight, window.outputWidth)
        let floating = input.dtype == .float32 || input.dtype == .float64
        if floating, weight.dtype == input.dtype, bias.map({ $0.dtype == input.dtype }) ?? true,
           batch > 0, channels > 0, outChannels > 0 {
            return Tensor.convolution2d(input, weight: weight, bias: bias, window.geometry, groups: groups)
        }
        let patches = window.patches(of: input, padding: 0)                                    // [N, C, kHkW, L]
        let perGroup = channels / groups * kernelH * kernelW
        let columns = patches.reshape([batch, groups, perGroup, outH * outW])
        let kernels = weight.reshape([groups, outChannels / groups, perGroup])
        var output = kernels.matmul(columns).reshape([batch, outChannels, outH, outW])
        if let bias { output = output + bias.view(1, outChannels, 1, 1) }
        return output
    }
}
