extension Functional {
    /// A triple's entries as an array.
    static func entries(_ triple: (Int, Int, Int)) -> [Int] { [triple.0, triple.1, triple.2] }

    /// The sliding windows of a max or average pooling of `input` (`[N, C, spatial…]`) after PyTorch's checks.
    private static func slidingWindows(
        _ input: Tensor, kernel: [Int], stride: [Int], padding: [Int], dilation: [Int], ceilMode: Bool
    ) -> PoolingWindows {
        let spatial = Array(input.shape.dropFirst(2))
        check(kernel.allSatisfy { $0 > 0 }, "kernel size should be greater than zero, but got \(kernel)")
        check(stride.allSatisfy { $0 > 0 }, "stride should be greater than zero, but got \(stride)")
        check(dilation.allSatisfy { $0 > 0 }, "dilation should be greater than zero, but got \(dilation)")
        for dim in kernel.indices {
            check(padding[dim] * 2 <= (kernel[dim] - 1) * dilation[dim] + 1,
                  "pad should be at most half of effective kernel size, but got pad=\(padding[dim]), kernel_size=\(kernel[dim]) and dilation=\(dilation[dim])")
        }
        let windows = PoolingWindows(input: spatial, kernel: kernel, stride: stride, padding: padding,
                                     dilation: dilation, ceilMode: ceilMode)
        check(windows.outputSizes.allSatisfy { $0 > 0 },
              "Given input size: (\(([input.shape[1]] + spatial).map(String.init).joined(separator: "x"))). Calculated output size: (\(([input.shape[1]] + windows.outputSizes).map(String.init).joined(separator: "x"))). Output size is too small")
        return windows
    }

    /// The largest element of each window (`F.max_pool3d`) of an `[N, C, D, H, W]` (or `[C, D, H, W]`) input;
    /// `stride` defaults to the kernel size, padding reads as -∞, `ceilMode` keeps a last partial window.
    /// Gradients go to the first largest element of each window (scanned depth, then height, then width).
    public static func maxPool3d(
        _ input: Tensor, kernelSize: (Int, Int, Int), stride: (Int, Int, Int)? = nil, padding: (Int, Int, Int) = (0, 0, 0),
        dilation: (Int, Int, Int) = (1, 1, 1), ceilMode: Bool = false
    ) -> Tensor {
        maxPool3dWithIndices(input, kernelSize: kernelSize, stride: stride, padding: padding, dilation: dilation,
                             ceilMode: ceilMode).values
    }

    /// ``maxPool3d(_:kernelSize:stride:padding:dilation:ceilMode:)`` with the position of each maximum in its
    /// `D·H·W` volume (`return_indices=True`).
    public static func maxPool3dWithIndices(
        _ input: Tensor, kernelSize: (Int, Int, Int), stride: (Int, Int, Int)? = nil, padding: (Int, Int, Int) = (0, 0, 0),
        dilation: (Int, Int, Int) = (1, 1, 1), ceilMode: Bool = false
    ) -> (values: Tensor, indices: Tensor) {
        let (values, indices) = withBatch(input, batchedRank: 5, "non-empty 4D or 5D (batch mode) tensor expected for input") {
            let windows = slidingWindows($0, kernel: entries(kernelSize), stride: entries(stride ?? kernelSize),
                                         padding: entries(padding), dilation: entries(dilation), ceilMode: ceilMode)
            let (values, indices) = windows.maxima($0)
            return (values, indices)
        }
        return (values, indices!)
    }

    /// The mean of each window (`F.avg_pool3d`) of an `[N, C, D, H, W]` (or `[C, D, H, W]`) input: zero padding
    /// counts in the divisor when `countIncludePad`; `divisorOverride` replaces the divisor.
    public static func avgPool3d(
        _ input: Tensor, kernelSize: (Int, Int, Int), stride: (Int, Int, Int)? = nil, padding: (Int, Int, Int) = (0, 0, 0),
        ceilMode: Bool = false, countIncludePad: Bool = true, divisorOverride: Int? = nil
    ) -> Tensor {
        check(divisorOverride.map { $0 != 0 } ?? true, "divisor must be not zero")
        return withBatch(input, batchedRank: 5, "non-empty 4D or 5D (batch mode) tensor expected for input") {
            let spatial = Array($0.shape.dropFirst(2)), kernel = entries(kernelSize)
            check(zip(spatial, kernel).allSatisfy { $0 >= $1 },
                  "input image (T: \(spatial[0]) H: \(spatial[1]) W: \(spatial[2])) smaller than kernel size (kT: \(kernel[0]) kH: \(kernel[1]) kW: \(kernel[2]))")
            let windows = slidingWindows($0, kernel: kernel, stride: entries(stride ?? kernelSize),
                                         padding: entries(padding), dilation: [1, 1, 1], ceilMode: ceilMode)
            let divisors = divisorOverride.map { Array(repeating: $0, count: windows.outputCount) }
                ?? (countIncludePad ? windows.paddedCounts : windows.inputCounts)
            return (windows.averages($0, divisors: divisors), nil)
        }.0
    }

    /// Adaptive max pooling of `[N, C, spatial…]` (or unbatched) inputs with the maxima's positions.
    private static func adaptiveMax(_ input: Tensor, outputSize: [Int], name: String, message: String)
        -> (values: Tensor, indices: Tensor) {
        let (values, indices) = withBatch(input, batchedRank: outputSize.count + 2, message) {
            check(outputSize.allSatisfy { $0 >= 0 }, "\(name): elements of output_size must be greater than or equal to 0 but received \(outputSize)")
            check($0.shape.dropFirst(2).allSatisfy { $0 > 0 }, "\(name): Expected input to have non-zero size for non-batch dimensions, but input has sizes \(input.shape) with dimension 2 being empty")
            let (values, indices) = PoolingWindows(input: Array($0.shape.dropFirst(2)), adaptiveOutput: outputSize).maxima($0)
            return (values, indices)
        }
        return (values, indices!)
    }

    /// `F.adaptive_max_pool1d`: the maximum over adaptive windows giving `outputSize` outputs per channel of an
    /// `[N, C, L]` (or `[C, L]`) input.
    public static func adaptiveMaxPool1d(_ input: Tensor, outputSize: Int) -> Tensor {
        adaptiveMaxPool1dWithIndices(input, outputSize: outputSize).values
    }

    /// ``adaptiveMaxPool1d(_:outputSize:)`` with the maxima's positions (`return_indices=True`).
    public static func adaptiveMaxPool1dWithIndices(_ input: Tensor, outputSize: Int) -> (values: Tensor, indices: Tensor) {
        adaptiveMax(input, outputSize: [outputSize], name: "adaptive_max_pool1d",
                    message: "Expected 2 to 3 dimensions, but got \(input.rank)-dimensional tensor for argument #1 'self' (while checking arguments for adaptive_max_pool1d)")
    }

    /// `F.adaptive_max_pool2d`: output cell `(i, j)` is the maximum of rows `floor(i·H/oH) ..< ceil((i+1)·H/oH)`
    /// and the matching columns.
    public static func adaptiveMaxPool2d(_ input: Tensor, outputSize: (Int, Int)) -> Tensor {
        adaptiveMaxPool2dWithIndices(input, outputSize: outputSize).values
    }

    /// ``adaptiveMaxPool2d(_:outputSize:)`` with the maxima's positions in each `H·W` plane.
    public static func adaptiveMaxPool2dWithIndices(_ input: Tensor, outputSize: (Int, Int))
        -> (values: Tensor, indices: Tensor) {
        adaptiveMax(input, outputSize: [outputSize.0, outputSize.1], name: "adaptive_max_pool2d",
                    message: "adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: \(input.shape)")
    }

    /// `F.adaptive_max_pool3d`.
    public static func adaptiveMaxPool3d(_ input: Tensor, outputSize: (Int, Int, Int)) -> Tensor {
        adaptiveMaxPool3dWithIndices(input, outputSize: outputSize).values
    }

    /// ``adaptiveMaxPool3d(_:outputSize:)`` with the maxima's positions in each `D·H·W` volume.
    public static func adaptiveMaxPool3dWithIndices(_ input: Tensor, outputSize: (Int, Int, Int))
        -> (values: Tensor, indices: Tensor) {
        adaptiveMax(input, outputSize: entries(outputSize), name: "adaptive_max_pool3d",
                    message: "adaptive_max_pool3d(): Expected 4D or 5D tensor, but got: \(input.shape)")
    }

    /// `F.adaptive_avg_pool3d`: the mean over adaptive windows of an `[N, C, D, H, W]` (or `[C, D, H, W]`) input.
    public static func adaptiveAvgPool3d(_ input: Tensor, outputSize: (Int, Int, Int)) -> Tensor {
        withBatch(input, batchedRank: 5, "adaptive_avg_pool3d(): Expected 4D or 5D tensor, but got \(input.shape)") {
            let windows = PoolingWindows(input: Array($0.shape.dropFirst(2)), adaptiveOutput: entries(outputSize))
            return (windows.averages($0, divisors: windows.inputCounts), nil)
        }.0
    }

    /// Power-average pooling (`F.lp_pool1d/2d/3d`): `(Σ x^p)^(1/p)` over each window, computed as PyTorch does from
    /// the average pooling of `x^p` (`sign(a)·relu(|a|)·k)^(1/p)`, so negative sums give NaN as there); `p = ∞` is
    /// the max pooling of `|x|`.
    private static func lpPool(_ input: Tensor, normType: Double, kernel: [Int],
                               average: (Tensor) -> Tensor, maximum: (Tensor) -> Tensor) -> Tensor {
        check(normType != 0, "norm_type must be a non-zero value, but got \(PythonFormat.repr(normType))")
        if normType == .infinity { return maximum(input.abs()) }
        if normType == -.infinity { return -maximum(-input.abs()) }
        let out = average(input.pow(normType))
        return (out.sign() * out.abs().relu() * Double(kernel.reduce(1, *))).pow(1 / normType)
    }

    /// `F.lp_pool1d` over `[N, C, L]` (or `[C, L]`) inputs; `stride` defaults to the kernel size.
    public static func lpPool1d(_ input: Tensor, normType: Double, kernelSize: Int, stride: Int? = nil,
                                ceilMode: Bool = false) -> Tensor {
        lpPool(input, normType: normType, kernel: [kernelSize],
               average: { avgPool1d($0, kernelSize: kernelSize, stride: stride, ceilMode: ceilMode) },
               maximum: { maxPool1d($0, kernelSize: kernelSize, stride: stride, ceilMode: ceilMode) })
    }

    /// `F.lp_pool2d` over `[N, C, H, W]` (or `[C, H, W]`) inputs.
    public static func lpPool2d(_ input: Tensor, normType: Double, kernelSize: (Int, Int), stride: (Int, Int)? = nil,
                                ceilMode: Bool = false) -> Tensor {
        lpPool(input, normType: normType, kernel: [kernelSize.0, kernelSize.1],
               average: { avgPool2d($0, kernelSize: kernelSize, stride: stride, ceilMode: ceilMode) },
               maximum: { maxPool2d($0, kernelSize: kernelSize, stride: stride, ceilMode: ceilMode) })
    }

    /// `F.lp_pool3d` over `[N, C, D, H, W]` (or `[C, D, H, W]`) inputs.
    public static func lpPool3d(_ input: Tensor, normType: Double, kernelSize: (Int, Int, Int),
                                stride: (Int, Int, Int)? = nil, ceilMode: Bool = false) -> Tensor {
        lpPool(input, normType: normType, kernel: entries(kernelSize),
               average: { avgPool3d($0, kernelSize: kernelSize, stride: stride, ceilMode: ceilMode) },
               maximum: { maxPool3d($0, kernelSize: kernelSize, stride: stride, ceilMode: ceilMode) })
    }

    /// The partial inverse of a max pooling (`F.max_unpool1d/2d/3d`): each value of `input` written at its
    /// `indices` position (as returned with the pooling's indices) in a zero output of `outputSize` (spatial
    /// sizes), by default `(in - 1)·stride - 2·padding + kernel` per dimension.
    public static func maxUnpool(
        _ input: Tensor, indices: Tensor, kernelSize: [Int], stride: [Int]? = nil, padding: [Int]? = nil,
        outputSize: [Int]? = nil
    ) -> Tensor {
        let dims = kernelSize.count, stride = stride ?? kernelSize
        let padding = padding ?? Array(repeating: 0, count: dims)
        check(input.rank == dims + 1 || input.rank == dims + 2,
              "max_unpool\(dims)d: expected a \(dims + 1)D or \(dims + 2)D input, but got \(input.shape)")
        check(indices.shape == input.shape,
              "Expected shape of indices to be same as that of the input tensor (\(input.shape)) but got indices tensor with shape: \(indices.shape)")
        check(indices.dtype == .int64, "elements in indices should be type int64 but got: \(indices.dtype.scalarTypeName)")
        let spatial = Array(input.shape.suffix(dims))
        let defaults = (0..<dims).map { (spatial[$0] - 1) * stride[$0] + kernelSize[$0] - 2 * padding[$0] }
        var sizes = defaults
        if var given = outputSize {
            if given.count == dims + 2 { given = Array(given.suffix(dims)) }
            check(given.count == dims,
                  "output_size should be a sequence containing \(dims) or \(dims + 2) elements, but it has a length of '\(given.count)'")
            for dim in 0..<dims {
                let (low, high) = (defaults[dim] - stride[dim], defaults[dim] + stride[dim])
                check(low < given[dim] && given[dim] < high,
                      "invalid output_size \"\(given)\" (dim \(dim) must be between \(low) and \(high))")
            }
            sizes = given
        }
        let batched = input.rank == dims + 2
        let planes = batched ? [input.shape[0], input.shape[1]] : [input.shape[0]]
        let cells = sizes.reduce(1, *)
        let flatIndices = indices.reshape(planes + [-1])
        let positions = flatIndices.contiguous().toArray(of: Int64.self)
        if let bad = positions.first(where: { $0 < 0 || $0 >= Int64(cells) }) {
            check(false, "Found an invalid max index: \(bad) (output volumes are of size \(sizes.map(String.init).joined(separator: "x")))")
        }
        let output = Tensor.zeros(planes + [cells], dtype: input.dtype)
            .scatter(planes.count, flatIndices, input.reshape(planes + [-1]))
        return output.reshape(planes + sizes)
    }
}
