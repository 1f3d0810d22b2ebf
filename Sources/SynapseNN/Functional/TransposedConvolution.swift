extension Functional {
    /// 2-D transposed convolution (`F.conv_transpose2d`), the gradient of ``conv2d(_:weight:bias:stride:padding:dilation:groups:)``
    /// with respect to its input: `input` `[N, Cin, H, W]` (or `[Cin, H, W]`), `weight` `[Cin, Cout / groups, kH, kW]`.
    ///
    /// Each input position's contribution (a matrix product per group) is scattered into the output canvas
    /// (col2im with `scatterAdd`), which is then cropped by `padding`; all differentiable tensor operations, shared
    /// with the 1-d and 3-d transposed convolutions.
    public static func convTranspose2d(
        _ input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
        outputPadding: (Int, Int) = (0, 0), groups: Int = 1, dilation: (Int, Int) = (1, 1)
    ) -> Tensor {
        if input.rank == 3 {
            return convTranspose2d(input.unsqueeze(0), weight: weight, bias: bias, stride: stride, padding: padding,
                                   outputPadding: outputPadding, groups: groups, dilation: dilation).squeeze(0)
        }
        return transposedConvolution(input, weight: weight, bias: bias, stride: [stride.0, stride.1],
                                     padding: [padding.0, padding.1], outputPadding: [outputPadding.0, outputPadding.1],
                                     groups: groups, dilation: [dilation.0, dilation.1], name: "conv_transpose2d")
    }
}
