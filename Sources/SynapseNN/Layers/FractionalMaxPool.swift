/// Fractional max pooling (Graham, `torch.nn.FractionalMaxPool2d` / `FractionalMaxPool3d`): each channel of each
/// sample is pooled over windows of `kernelSize` whose starts follow a pseudo-random sequence of steps, from one
/// uniform sample per spatial dimension and plane (`torch.rand(N, C, dims)`, drawn as PyTorch draws it).
open class FractionalMaxPool: Module {
    /// The window, per spatial dimension.
    public let kernelSize: [Int]
    /// The output's spatial size, or `nil` when it comes from ``outputRatio``.
    public let outputSize: [Int]?
    /// The output's size as a fraction of the input's, or `nil` when ``outputSize`` is given.
    public let outputRatio: [Double]?
    /// Where the samples are drawn from (the default generator when `nil`).
    public let generator: Generator?

    init(kernelSize: [Int], outputSize: [Int]?, outputRatio: [Double]?, generator: Generator?) {
        check(outputSize != nil || outputRatio != nil,
              "\(Self.self) requires specifying either an output size, or a pooling ratio")
        check(outputSize == nil || outputRatio == nil, "only one of output_size and output_ratio may be specified")
        if let outputRatio {
            check(outputRatio.allSatisfy { $0 > 0 && $0 < 1 },
                  "output_ratio must be between 0 and 1 (got (\(outputRatio.map(PythonFormat.repr).joined(separator: ", "))))")
        }
        (self.kernelSize, self.outputSize, self.outputRatio, self.generator) =
            (kernelSize, outputSize, outputRatio, generator)
        super.init()
    }

    /// The pooling (the maxima only).
    open override func forward(_ input: Tensor) -> Tensor { forwardWithIndices(input).values }

    /// The pooling and each maximum's position in its plane (PyTorch's `return_indices=True`).
    open func forwardWithIndices(_ input: Tensor) -> (values: Tensor, indices: Tensor) {
        Functional.fractionalMaxPool(input, kernelSize: kernelSize, outputSize: outputSize, outputRatio: outputRatio,
                                     generator: generator)
    }
}

/// Fractional max pooling of `[N, C, H, W]` or `[C, H, W]` inputs (`torch.nn.FractionalMaxPool2d`).
open class FractionalMaxPool2d: FractionalMaxPool {
    /// A pooling to `outputSize`.
    public init(_ kernelSize: PoolSize, outputSize: PoolSize, generator: Generator? = nil) {
        super.init(kernelSize: [kernelSize.pair.0, kernelSize.pair.1],
                   outputSize: [outputSize.pair.0, outputSize.pair.1], outputRatio: nil, generator: generator)
    }

    /// A pooling to `outputRatio` (height and width) of the input's size.
    public init(_ kernelSize: PoolSize, outputRatio: (Double, Double), generator: Generator? = nil) {
        super.init(kernelSize: [kernelSize.pair.0, kernelSize.pair.1], outputSize: nil,
                   outputRatio: [outputRatio.0, outputRatio.1], generator: generator)
    }
}

/// Fractional max pooling of `[N, C, D, H, W]` or `[C, D, H, W]` inputs (`torch.nn.FractionalMaxPool3d`).
open class FractionalMaxPool3d: FractionalMaxPool {
    /// A pooling to `outputSize`.
    public init(_ kernelSize: PoolSize3d, outputSize: PoolSize3d, generator: Generator? = nil) {
        super.init(kernelSize: Functional.entries(kernelSize.triple), outputSize: Functional.entries(outputSize.triple),
                   outputRatio: nil, generator: generator)
    }

    /// A pooling to `outputRatio` (depth, height and width) of the input's size.
    public init(_ kernelSize: PoolSize3d, outputRatio: (Double, Double, Double), generator: Generator? = nil) {
        super.init(kernelSize: Functional.entries(kernelSize.triple), outputSize: nil,
                   outputRatio: [outputRatio.0, outputRatio.1, outputRatio.2], generator: generator)
    }
}

extension Functional {
    /// `F.fractional_max_pool2d/3d(..., return_indices=True)` over the last `kernelSize.count` dimensions: the
    /// samples `torch.rand(N, C, dims)` in the input's dtype, the window starts from ATen's `generate_intervals`
    /// (`int((i + u)·α) - int(u·α)`, `α = (in - k)/(out - 1)`, in the input's precision, the last window flush
    /// with the end), the first largest element of each window.
    public static func fractionalMaxPool(
        _ input: Tensor, kernelSize: [Int], outputSize: [Int]? = nil, outputRatio: [Double]? = nil,
        generator: Generator? = nil
    ) -> (values: Tensor, indices: Tensor) {
        let dims = kernelSize.count, name = "fractional_max_pool\(dims)d"
        check(input.rank == dims + 1 || input.rank == dims + 2,
              "\(name)(): Expected \(dims + 1)D or \(dims + 2)D tensor, but got: \(input.shape)")
        if input.rank == dims + 1 {
            let (values, indices) = fractionalMaxPool(input.unsqueeze(0), kernelSize: kernelSize,
                                                      outputSize: outputSize, outputRatio: outputRatio,
                                                      generator: generator)
            return (values.squeeze(0), indices.squeeze(0))
        }
        check(outputSize != nil || outputRatio != nil,
              "\(name) requires specifying either an output_size or an output_ratio")
        let spatial = Array(input.shape.suffix(dims))
        let sizes = outputSize ?? zip(spatial, outputRatio!).map { Int(Double($0) * $1) }
        for dim in 0..<dims {
            check(sizes[dim] + kernelSize[dim] - 1 <= spatial[dim],
                  "\(name)(): pool size \(kernelSize[dim]) too large relative to input size \(spatial[dim]) and output size \(sizes[dim]) in dimension \(dim)")
        }
        let (batch, channels) = (input.shape[0], input.shape[1]), planes = batch * channels
        let samples = Tensor.rand([batch, channels, dims], dtype: input.dtype, generator: generator)
            .to(.float64).contiguous().toArray(of: Double.self)
        let single = input.dtype == .float32
        // 2-d planes take their width sample first, 3-d volumes depth, height, width (ATen's order).
        let sampleOfDim: [Int] = dims == 2 ? [1, 0] : Array(0..<dims)
        let cells = spatial.reduce(1, *), windowCells = kernelSize.reduce(1, *), outputCells = sizes.reduce(1, *)
        var positions: [Int64] = []
        positions.reserveCapacity(planes * outputCells * windowCells)
        for plane in 0..<planes {
            let starts = (0..<dims).map { dim in
                intervals(samples[plane * dims + sampleOfDim[dim]], input: spatial[dim], output: sizes[dim],
                          pool: kernelSize[dim], single: single)
            }
            for outputCell in 0..<outputCells {
                let out = digits(outputCell, sizes)
                for windowCell in 0..<windowCells {
                    let k = digits(windowCell, kernelSize)
                    var offset = 0
                    for dim in 0..<dims { offset = offset * spatial[dim] + starts[dim][out[dim]] + k[dim] }
                    positions.append(Int64(plane * cells + offset))
                }
            }
        }
        let flat = input.reshape([planes * cells])
        let table = Tensor(flat: positions, shape: [planes, outputCells, windowCells])
        let windows = flat[table]
        let (values, picked) = windows.max(dim: 2)
        let indices = (table.gather(2, picked.unsqueeze(2)).squeeze(2)
            - Tensor.arange(planes).unsqueeze(1) * cells)
        let shape = [batch, channels] + sizes
        return (values.reshape(shape), indices.reshape(shape))
    }

    /// ATen's `generate_intervals`, in float32 arithmetic when `single`.
    private static func intervals(_ sample: Double, input: Int, output: Int, pool: Int, single: Bool) -> [Int] {
        var sequence = [Int](repeating: 0, count: output)
        if output > 1 {
            for index in 0..<(output - 1) {
                if single {
                    let u = Float(sample), alpha = Float(input - pool) / Float(output - 1)
                    sequence[index] = Int((Float(index) + u) * alpha) - Int(u * alpha)
                } else {
                    let alpha = Double(input - pool) / Double(output - 1)
                    sequence[index] = Int((Double(index) + sample) * alpha) - Int(sample * alpha)
                }
            }
        }
        if output > 0 { sequence[output - 1] = input - pool }
        return sequence
    }

    /// The row-major multi-index of `flat` in a grid of `sizes`.
    private static func digits(_ flat: Int, _ sizes: [Int]) -> [Int] {
        var rest = flat, result = [Int](repeating: 0, count: sizes.count)
        for dim in sizes.indices.reversed() {
            result[dim] = rest % sizes[dim]
            rest /= sizes[dim]
        }
        return result
    }
}
