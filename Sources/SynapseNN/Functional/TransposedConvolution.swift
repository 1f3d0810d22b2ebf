extension Functional {
    /// 2-D transposed convolution (`F.conv_transpose2d`), the gradient of ``conv2d(_:weight:bias:stride:padding:dilation:groups:)``
    /// with respect to its input: `input` `[N, Cin, H, W]` (or `[Cin, H, W]`), `weight` `[Cin, Cout / groups, kH, kW]`.
    ///
    /// Each input position's contribution (a matrix product per group) is scattered into the output canvas
    /// (col2im with `scatterAdd`), which is then cropped by `padding`; all differentiable tensor operations.
    public static func convTranspose2d(
        _ input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
        outputPadding: (Int, Int) = (0, 0), groups: Int = 1, dilation: (Int, Int) = (1, 1)
    ) -> Tensor {
        if input.rank == 3 {
            return convTranspose2d(input.unsqueeze(0), weight: weight, bias: bias, stride: stride, padding: padding,
                                   outputPadding: outputPadding, groups: groups, dilation: dilation).squeeze(0)
        }
        check(input.rank == 4 && weight.rank == 4,
              "conv_transpose2d: expected a 4-D input and weight, got \(input.shape) and \(weight.shape)")
        let (batch, inChannels, height, width) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        check(weight.shape[0] == inChannels && inChannels % groups == 0,
              "Given transposed=1, weight of size \(weight.shape), expected input\(input.shape) to have \(weight.shape[0]) channels, but got \(inChannels) channels instead")
        check(outputPadding.0 < max(stride.0, dilation.0) && outputPadding.1 < max(stride.1, dilation.1),
              "output padding must be smaller than either stride or dilation")
        let (kernelH, kernelW) = (weight.shape[2], weight.shape[3])
        let outPerGroup = weight.shape[1], outChannels = weight.shape[1] * groups
        let canvasH = (height - 1) * stride.0 + dilation.0 * (kernelH - 1) + 1 + outputPadding.0
        let canvasW = (width - 1) * stride.1 + dilation.1 * (kernelW - 1) + 1 + outputPadding.1
        let outH = canvasH - 2 * padding.0, outW = canvasW - 2 * padding.1
        check(outH > 0 && outW > 0, "conv_transpose2d: the output would be empty (\(outH) x \(outW))")

        // [N, g, Cin/g, HW] against [g, Cin/g, Cout/g·kH·kW] → each position's contributions [N, g, Cout/g·kHkW, HW].
        let perGroup = outPerGroup * kernelH * kernelW
        let kernels = weight.reshape([groups, inChannels / groups, perGroup]).transpose(1, 2)
        let columns = kernels.matmul(input.reshape([batch, groups, inChannels / groups, height * width]))
            .reshape([batch, outChannels, kernelH * kernelW * height * width])
        var offsets: [Int64] = []
        offsets.reserveCapacity(kernelH * kernelW * height * width)
        for ky in 0..<kernelH {
            for kx in 0..<kernelW {
                for iy in 0..<height {
                    for ix in 0..<width {
                        offsets.append(Int64((iy * stride.0 + ky * dilation.0) * canvasW + ix * stride.1 + kx * dilation.1))
                    }
                }
            }
        }
        let index = Tensor(flat: offsets, shape: [1, 1, offsets.count]).expand([batch, outChannels, offsets.count])
        let canvas = Tensor.zeros([batch, outChannels, canvasH * canvasW], dtype: input.dtype)
            .scatterAdd(2, index, columns)
            .reshape([batch, outChannels, canvasH, canvasW])
        var output = canvas[.all, .all, padding.0..<(padding.0 + outH), padding.1..<(padding.1 + outW)]
        if let bias { output = output + bias.view(1, outChannels, 1, 1) }
        return output
    }
}
