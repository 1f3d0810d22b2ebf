extension Functional {
    /// The largest element of each window (`F.max_pool2d`) of an `[N, C, H, W]` (or `[C, H, W]`) input;
    /// `stride` defaults to the kernel size, padding reads as -∞, and `ceilMode` keeps a last partial window.
    /// Gradients go to the first largest element of each window, as in PyTorch.
    public static func maxPool2d(
        _ input: Tensor, kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0),
        dilation: (Int, Int) = (1, 1), ceilMode: Bool = false
    ) -> Tensor {
        // One operation for float32 and float64; half types go through the windows as columns.
        if input.dtype == .float32 || input.dtype == .float64 {
            return maxPool2dWithIndices(input, kernelSize: kernelSize, stride: stride, padding: padding,
                                        dilation: dilation, ceilMode: ceilMode).values
        }
        if input.rank == 3 {
            return maxPool2d(input.unsqueeze(0), kernelSize: kernelSize, stride: stride, padding: padding,
                             dilation: dilation, ceilMode: ceilMode).squeeze(0)
        }
        let window = maxPoolWindow(input, kernelSize: kernelSize, stride: stride, padding: padding,
                                   dilation: dilation, ceilMode: ceilMode)
        let largest = window.patches(of: input, padding: -.infinity).max(dim: 2).values
        return largest.reshape([input.shape[0], input.shape[1], window.outputHeight, window.outputWidth])
    }

    /// ``maxPool2d(_:kernelSize:stride:padding:dilation:ceilMode:)`` with the position of each maximum in its
    /// `H·W` plane (`F.max_pool2d(..., return_indices=True)`), for a float32 or float64 input. One operation with
    /// PyTorch's `MaxPool2DWithIndicesBackward0`.
    public static func maxPool2dWithIndices(
        _ input: Tensor, kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0),
        dilation: (Int, Int) = (1, 1), ceilMode: Bool = false
    ) -> (values: Tensor, indices: Tensor) {
        if input.rank == 3 {
            let (values, indices) = maxPool2dWithIndices(input.unsqueeze(0), kernelSize: kernelSize, stride: stride,
                                                         padding: padding, dilation: dilation, ceilMode: ceilMode)
            return (values.squeeze(0), indices.squeeze(0))
        }
        let window = maxPoolWindow(input, kernelSize: kernelSize, stride: stride, padding: padding,
                                   dilation: dilation, ceilMode: ceilMode)
        return input.maxPool2dWithIndices(window.geometry)
    }

    /// The windows of a max pooling, after PyTorch's checks on the input's rank and the padding.
    private static func maxPoolWindow(
        _ input: Tensor, kernelSize: (Int, Int), stride: (Int, Int)?, padding: (Int, Int), dilation: (Int, Int),
        ceilMode: Bool
    ) -> SlidingWindow {
        check(input.rank == 4, "non-empty 3D or 4D (batch mode) tensor expected for input")
        // PyTorch's two checks: against the dilated kernel per dimension, then against the kernel itself.
        checkPadding(padding, kernelSize: kernelSize, dilation: dilation)
        check(kernelSize.0 / 2 >= padding.0 && kernelSize.1 / 2 >= padding.1,
              "pad should be smaller than or equal to half of kernel size, but got padW = \(padding.1), padH = \(padding.0), kW = \(kernelSize.1), kH = \(kernelSize.0)")
        return SlidingWindow(input: input.shape, kernel: kernelSize, stride: stride ?? kernelSize,
                             padding: .explicit(padding.0, padding.1), dilation: dilation, ceilMode: ceilMode)
    }

    /// PyTorch's check that pooling pads each side by at most half the (dilated) kernel, per dimension.
    private static func checkPadding(_ padding: (Int, Int), kernelSize: (Int, Int), dilation: (Int, Int)) {
        for (pad, kernel, step) in [(padding.0, kernelSize.0, dilation.0), (padding.1, kernelSize.1, dilation.1)] {
            check(pad * 2 <= (kernel - 1) * step + 1,
                  "pad should be at most half of effective kernel size, but got pad=\(pad), kernel_size=\(kernel) and dilation=\(step)")
        }
    }

    /// The mean of each window (`F.avg_pool2d`) of an `[N, C, H, W]` (or `[C, H, W]`) input; `stride` defaults
    /// to the kernel size. Zero padding counts in the divisor when `countIncludePad`; `ceilMode` keeps a last
    /// partial window; `divisorOverride` replaces the divisor. One operation with PyTorch's `AvgPool2DBackward0`.
    public static func avgPool2d(
        _ input: Tensor, kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0),
        ceilMode: Bool = false, countIncludePad: Bool = true, divisorOverride: Int? = nil
    ) -> Tensor {
        if input.rank == 3 {
            return avgPool2d(input.unsqueeze(0), kernelSize: kernelSize, stride: stride, padding: padding,
                             ceilMode: ceilMode, countIncludePad: countIncludePad,
                             divisorOverride: divisorOverride).squeeze(0)
        }
        check(input.rank == 4,
              "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:\(input.shape)")
        checkPadding(padding, kernelSize: kernelSize, dilation: (1, 1))
        let window = SlidingWindow(input: input.shape, kernel: kernelSize, stride: stride ?? kernelSize,
                                   padding: .explicit(padding.0, padding.1), dilation: (1, 1), ceilMode: ceilMode)
        return input.avgPool2d(window.geometry, countIncludePad: countIncludePad, divisorOverride: divisorOverride)
    }

    /// The mean over adaptive windows giving an `outputSize` result (`F.adaptive_avg_pool2d`): output cell `i`
    /// covers input rows `floor(i·H/outH) ..< ceil((i+1)·H/outH)`, and likewise for columns.
    public static func adaptiveAvgPool2d(_ input: Tensor, outputSize: (Int, Int)) -> Tensor {
        if input.rank == 3 { return adaptiveAvgPool2d(input.unsqueeze(0), outputSize: outputSize).squeeze(0) }
        check(input.rank == 4, "adaptive_avg_pool2d: Expected 3D or 4D input, got \(input.rank)D")
        let (height, width) = (input.shape[2], input.shape[3])
        func bounds(_ index: Int, _ output: Int, _ size: Int) -> Range<Int> {
            (index * size / output)..<(((index + 1) * size + output - 1) / output)
        }
        var rows: [Tensor] = []
        for row in 0..<outputSize.0 {
            var cells: [Tensor] = []
            for column in 0..<outputSize.1 {
                cells.append(input[.all, .all, bounds(row, outputSize.0, height), bounds(column, outputSize.1, width)]
                    .mean(dims: [2, 3]))
            }
            rows.append(Tensor.stack(cells, dim: -1))
        }
        return Tensor.stack(rows, dim: -2)
    }

    /// The rows of `weight` named by the integer `input` (`F.embedding`): the result has shape
    /// `input.shape + [embeddingDim]`. The row `paddingIdx`, if given, receives no gradient. With `sparse`, `weight`
    /// must be a ``SparseGradientParameter`` (`Embedding(sparse: true)`'s), which records the rows looked up.
    public static func embedding(_ input: Tensor, weight: Tensor, paddingIdx: Int? = nil, maxNorm: Double? = nil,
                                 normType: Double = 2, sparse: Bool = false) -> Tensor {
        check(input.dtype == .int64 || input.dtype == .int32,
              "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got \(input.dtype.scalarTypeName) instead")
        if let maxNorm { embeddingRenorm_(weight, input, maxNorm: maxNorm, normType: normType) }
        let rows = weight[input]
        if sparse {
            let sparseWeight = weight as? SparseGradientParameter
            check(sparseWeight != nil,
                  "embedding(sparse: true) needs a SparseGradientParameter weight (Embedding(sparse: true) makes one)")
            let indices = input.to(.int64).reshape([-1]).toArray(of: Int64.self).map(Int.init)
            sparseWeight?.recordLookup(rows, indices: indices.filter { $0 != paddingIdx })
        }
        guard let paddingIdx else { return rows }
        let padding = (input .== Tensor(Int64(paddingIdx))).unsqueeze(-1)
        return Tensor.where(padding, rows.detach(), rows)
    }

    /// Rescales, in place and without recording, each row of `weight` that `indices` name and whose `normType`-norm
    /// exceeds `maxNorm`, to `maxNorm` (`torch.embedding_renorm_`: factor `maxNorm / (norm + 1e-7)`).
    static func embeddingRenorm_(_ weight: Tensor, _ indices: Tensor, maxNorm: Double, normType: Double) {
        noGrad {
            for row in Set(indices.to(.int64).contiguous().toArray(of: Int64.self)).sorted() {
                let vector = weight[Int(row)]
                let norm = vector.norm(p: normType).item()
                if norm > maxNorm { vector.mul_(maxNorm / (norm + 1e-7)) }
            }
        }
    }

    /// Group normalisation (`F.group_norm`): the channels of each sample split into `numGroups` groups, each
    /// normalised to mean 0 and variance 1 (biased), then scaled and shifted per channel.
    public static func groupNorm(
        _ input: Tensor, numGroups: Int, weight: Tensor? = nil, bias: Tensor? = nil, eps: Double = 1e-5
    ) -> Tensor {
        let channels = input.shape[1]
        check(channels % numGroups == 0,
              "Expected number of channels in input to be divisible by num_groups, but got input of shape \(input.shape) and num_groups=\(numGroups)")
        let grouped = input.reshape([input.shape[0], numGroups, -1])
        let mean = grouped.mean(dims: [2], keepdim: true)
        let variance = grouped.variance(dims: [2], unbiased: false, keepdim: true)
        var output = ((grouped - mean) * (variance + eps).rsqrt()).reshape(input.shape)
        let broadcast = [1, channels] + Array(repeating: 1, count: input.rank - 2)
        if let weight { output = output * weight.view(broadcast) }
        if let bias { output = output + bias.view(broadcast) }
        return output
    }
}
