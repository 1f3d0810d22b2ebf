/// How a 3-D convolution pads its input (`padding=` in PyTorch): explicit sizes per spatial dimension, or
/// `"same"` / `"valid"`.
public enum ConvPadding3d: Sendable, Equatable, ExpressibleByIntegerLiteral {
    /// Zeros added before and after each spatial dimension (depth, height, width).
    case explicit(Int, Int, Int)
    /// Output as large as the input (stride 1 only); odd totals put the extra zero after, as PyTorch does.
    case same
    /// No padding.
    case valid

    /// The same padding on every spatial dimension: `padding: 1`.
    public init(integerLiteral value: Int) { self = .explicit(value, value, value) }

    /// `(before, after)` zeros per spatial dimension for this kernel and dilation.
    func amounts(kernel: [Int], dilation: [Int]) -> [(before: Int, after: Int)] {
        switch self {
        case .explicit(let depth, let height, let width): return [depth, height, width].map { ($0, $0) }
        case .valid: return Array(repeating: (0, 0), count: 3)
        case .same:
            return zip(kernel, dilation).map { size, step in
                let total = step * (size - 1)
                return (total / 2, total - total / 2)
            }
        }
    }

    /// The printed padding, `nil` when it is zero: `(1, 1, 1)`, `'same'`.
    var reprText: String? {
        switch self {
        case .explicit(let depth, let height, let width):
            return depth == 0 && height == 0 && width == 0 ? nil : ConvolutionRepr.tuple([depth, height, width])
        case .same: return "same"
        case .valid: return "valid"
        }
    }
}

extension Functional {
    /// 3-D convolution (`F.conv3d`) of `input` `[N, C, D, H, W]` (or `[C, D, H, W]`) with `weight`
    /// `[O, C / groups, kD, kH, kW]`, plus `bias` `[O]`: the input zero-padded, its windows gathered into one
    /// `[N, groups, L, C / groups · kD·kH·kW]` matrix and multiplied by each group's kernels; differentiable
    /// throughout.
    public static func conv3d(
        _ input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: (Int, Int, Int) = (1, 1, 1),
        padding: ConvPadding3d = .valid, dilation: (Int, Int, Int) = (1, 1, 1), groups: Int = 1
    ) -> Tensor {
        if input.rank == 4 {
            return conv3d(input.unsqueeze(0), weight: weight, bias: bias, stride: stride, padding: padding,
                          dilation: dilation, groups: groups).squeeze(0)
        }
        check(input.rank == 5, "Expected 4D (unbatched) or 5D (batched) input to conv3d, but got input of size: \(input.shape)")
        check(weight.rank == 5, "conv3d: weight must be 5-D [out_channels, in_channels/groups, kD, kH, kW], got \(weight.shape)")
        let (batch, channels, outChannels) = (input.shape[0], input.shape[1], weight.shape[0])
        check(groups > 0 && outChannels % groups == 0 && weight.shape[1] * groups == channels,
              "Given groups=\(groups), weight of size \(weight.shape), expected input\(input.shape) to have \(weight.shape[1] * groups) channels, but got \(channels) channels instead")
        let stride = entries(stride), dilation = entries(dilation), kernel = Array(weight.shape.suffix(3))
        check(padding != .same || stride.allSatisfy { $0 == 1 }, "padding='same' is not supported for strided convolutions")
        let amounts = padding.amounts(kernel: kernel, dilation: dilation)
        let padded = amounts.allSatisfy({ $0.before == 0 && $0.after == 0 }) ? input
            : pad(input, amounts.reversed().flatMap { [$0.before, $0.after] })
        let spatial = Array(padded.shape.suffix(3))
        check(zip(spatial, zip(kernel, dilation)).allSatisfy { $0 >= ($1.0 - 1) * $1.1 + 1 },
              "Calculated padded input size per channel: (\(spatial.map(String.init).joined(separator: " x "))). Kernel size: (\(kernel.map(String.init).joined(separator: " x "))). Kernel size can't be greater than actual input size")
        let windows = PoolingWindows(input: spatial, kernel: kernel, stride: stride, padding: [0, 0, 0],
                                     dilation: dilation, ceilMode: false)
        let cells = windows.outputCount, perGroup = channels / groups * windows.width
        // [N, C, L, K] → [N, g, L, C/g·K] against [g, C/g·K, O/g] → [N, g, L, O/g] → [N, O, L].
        let columns = windows.gather(padded, fill: 0)
            .reshape([batch, groups, channels / groups, cells, windows.width])
            .permute([0, 1, 3, 2, 4]).reshape([batch, groups, cells, perGroup])
        let kernels = weight.reshape([groups, outChannels / groups, perGroup]).transpose(1, 2)
        var output = columns.matmul(kernels).permute([0, 1, 3, 2]).reshape([batch, outChannels] + windows.outputSizes)
        if let bias { output = output + bias.view(1, outChannels, 1, 1, 1) }
        return output
    }

    /// Transposed convolution over any number of spatial dimensions (the gradient of the convolution with respect
    /// to its input): `input` `[N, Cin, spatial…]`, `weight` `[Cin, Cout / groups, kernel…]`. Each input
    /// position's contribution (a matrix product per group) is scattered into the output canvas (`scatterAdd`),
    /// which is then cropped by `padding`.
    static func transposedConvolution(
        _ input: Tensor, weight: Tensor, bias: Tensor?, stride: [Int], padding: [Int], outputPadding: [Int],
        groups: Int, dilation: [Int], name: String
    ) -> Tensor {
        let dims = stride.count
        check(input.rank == dims + 2 && weight.rank == dims + 2,
              "\(name): expected a \(dims + 2)-D input and weight, got \(input.shape) and \(weight.shape)")
        let (batch, inChannels) = (input.shape[0], input.shape[1])
        check(groups > 0 && weight.shape[0] == inChannels && inChannels % groups == 0,
              "Given transposed=1, weight of size \(weight.shape), expected input\(input.shape) to have \(weight.shape[0]) channels, but got \(inChannels) channels instead")
        if zip(outputPadding, zip(stride, dilation)).contains(where: { $0 >= Swift.max($1.0, $1.1) }) {
            // PyTorch's text; a 1-D convolution runs as a 2-D one of height 1 there.
            let names = dims == 1 ? ["height", "width"] : ["depth", "height", "width"]
            let lead = dims == 1 ? 1 : 0
            func listing(_ label: String, _ values: [Int], _ filler: Int) -> String {
                zip(names, Array(repeating: filler, count: lead) + values).map { "\(label)_\($0): \($1)" }
                    .joined(separator: " ")
            }
            check(false, "output padding must be smaller than either stride or dilation, but got \(listing("output_padding", outputPadding, 0)) \(listing("stride", stride, 1)) \(listing("dilation", dilation, 1))")
        }
        let spatial = Array(input.shape.suffix(dims)), kernel = Array(weight.shape.suffix(dims))
        let canvas = (0..<dims).map { (dim: Int) -> Int in
            let reach: Int = dilation[dim] * (kernel[dim] - 1) + 1
            return (spatial[dim] - 1) * stride[dim] + reach + outputPadding[dim]
        }
        let sizes = (0..<dims).map { (dim: Int) -> Int in canvas[dim] - 2 * padding[dim] }
        check(sizes.allSatisfy { $0 > 0 }, "\(name): the output would be empty (\(sizes))")
        let outPerGroup = weight.shape[1], outChannels = outPerGroup * groups
        let kernelCells = kernel.reduce(1, *), inputCells = spatial.reduce(1, *)
        let kernels = weight.reshape([groups, inChannels / groups, outPerGroup * kernelCells]).transpose(1, 2)
        let columns = kernels.matmul(input.reshape([batch, groups, inChannels / groups, inputCells]))
            .reshape([batch, outChannels, kernelCells * inputCells])
        func digits(_ flat: Int, _ radices: [Int]) -> [Int] {
            var rest = flat
            return radices.reversed().map { radix in defer { rest /= radix }; return rest % radix }.reversed()
        }
        var offsets: [Int64] = []
        offsets.reserveCapacity(kernelCells * inputCells)
        for kernelCell in 0..<kernelCells {
            let k = digits(kernelCell, kernel)
            for inputCell in 0..<inputCells {
                let i = digits(inputCell, spatial)
                var offset = 0
                for dim in 0..<dims { offset = offset * canvas[dim] + i[dim] * stride[dim] + k[dim] * dilation[dim] }
                offsets.append(Int64(offset))
            }
        }
        let index = Tensor(flat: offsets, shape: [1, 1, offsets.count]).expand([batch, outChannels, offsets.count])
        var output = Tensor.zeros([batch, outChannels, canvas.reduce(1, *)], dtype: input.dtype)
            .scatterAdd(2, index, columns)
            .reshape([batch, outChannels] + canvas)
        for dim in 0..<dims where padding[dim] > 0 {
            output = output.narrow(2 + dim, start: padding[dim], length: sizes[dim])
        }
        if let bias { output = output + bias.view([1, outChannels] + Array(repeating: 1, count: dims)) }
        return output
    }

    /// 1-D transposed convolution (`F.conv_transpose1d`): `input` `[N, Cin, L]` (or `[Cin, L]`), `weight`
    /// `[Cin, Cout / groups, k]`.
    public static func convTranspose1d(
        _ input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0,
        outputPadding: Int = 0, groups: Int = 1, dilation: Int = 1
    ) -> Tensor {
        if input.rank == 2 {
            return convTranspose1d(input.unsqueeze(0), weight: weight, bias: bias, stride: stride, padding: padding,
                                   outputPadding: outputPadding, groups: groups, dilation: dilation).squeeze(0)
        }
        return transposedConvolution(input, weight: weight, bias: bias, stride: [stride], padding: [padding],
                                     outputPadding: [outputPadding], groups: groups, dilation: [dilation],
                                     name: "conv_transpose1d")
    }

    /// 3-D transposed convolution (`F.conv_transpose3d`): `input` `[N, Cin, D, H, W]` (or `[Cin, D, H, W]`),
    /// `weight` `[Cin, Cout / groups, kD, kH, kW]`.
    public static func convTranspose3d(
        _ input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: (Int, Int, Int) = (1, 1, 1),
        padding: (Int, Int, Int) = (0, 0, 0), outputPadding: (Int, Int, Int) = (0, 0, 0), groups: Int = 1,
        dilation: (Int, Int, Int) = (1, 1, 1)
    ) -> Tensor {
        if input.rank == 4 {
            return convTranspose3d(input.unsqueeze(0), weight: weight, bias: bias, stride: stride, padding: padding,
                                   outputPadding: outputPadding, groups: groups, dilation: dilation).squeeze(0)
        }
        return transposedConvolution(input, weight: weight, bias: bias, stride: entries(stride),
                                     padding: entries(padding), outputPadding: entries(outputPadding), groups: groups,
                                     dilation: entries(dilation), name: "conv_transpose3d")
    }
}
