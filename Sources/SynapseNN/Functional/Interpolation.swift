/// How ``Functional/interpolate(_:size:scaleFactor:mode:alignCorners:)`` and ``Upsample`` compute new samples
/// (PyTorch's `mode=` strings).
public enum InterpolationMode: String, Sendable {
    /// The nearest input sample (PyTorch's float source-index rule).
    case nearest
    /// Linear between the two nearest samples of `[N, C, L]` inputs.
    case linear
    /// Linear along height and width of `[N, C, H, W]` inputs.
    case bilinear
    /// Cubic convolution (`A = -0.75`) over the 4×4 nearest samples of `[N, C, H, W]` inputs, edges replicated.
    case bicubic
    /// Linear along depth, height and width of `[N, C, D, H, W]` inputs.
    case trilinear
    /// The mean of each output cell's area (adaptive average pooling), for 3-D and 4-D inputs.
    case area

    /// Whether `align_corners` means something for this mode.
    var interpolates: Bool { self == .linear || self == .bilinear || self == .bicubic || self == .trilinear }

    /// The input rank the interpolating modes require.
    var requiredRank: Int? {
        switch self {
        case .linear: 3
        case .bilinear, .bicubic: 4
        case .trilinear: 5
        case .nearest, .area: nil
        }
    }
}

extension Functional {
    /// `F.interpolate(input, size=…, scale_factor=…, mode=…, align_corners=…)`: resamples the spatial dimensions of
    /// an `[N, C, L]`, `[N, C, H, W]` or `[N, C, D, H, W]` input to `size` (one entry per spatial dimension, or one
    /// for all) or by `scaleFactor` (output size `floor(in · scaleFactor)`).
    ///
    /// The interpolating modes map output position `i` to the input coordinate `i · (in - 1)/(out - 1)` with
    /// `alignCorners`, otherwise `(i + 0.5)·s - 0.5` (clamped at 0 except for bicubic) with `s = 1/scaleFactor` when
    /// a scale factor is given and `in/out` otherwise, as ATen's `area_pixel_compute_source_index`. They are
    /// separable, so each spatial dimension is resampled in turn (last first, as PyTorch's kernels nest), and
    /// gradients flow through the gathers and weights.
    public static func interpolate(
        _ input: Tensor, size: [Int]? = nil, scaleFactor: Double? = nil, mode: InterpolationMode = .nearest,
        alignCorners: Bool? = nil
    ) -> Tensor {
        check(mode.interpolates || alignCorners == nil,
              "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear")
        check(size == nil || scaleFactor == nil, "only one of size or scale_factor should be defined")
        check(size != nil || scaleFactor != nil, "either size or scale_factor should be defined")
        if let required = mode.requiredRank, input.rank != required, (3...5).contains(input.rank) {
            let needs = required == 3 ? "3D" : required == 4 ? "4D" : "5D"
            check(false, "Got \(input.rank)D input, but \(mode.rawValue) mode needs \(needs) input")
        }
        check((3...5).contains(input.rank),
              "Input Error: Only 3D, 4D and 5D input Tensors supported (got \(input.rank)D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area (got \(mode.rawValue))")
        if mode == .nearest { return interpolateNearest(input, size: size, scaleFactor: scaleFactor) }
        let outputSizes = interpolationSizes(input, size: size, scaleFactor: scaleFactor)
        if mode == .area {
            check(input.rank <= 4, "area interpolation supports 3-D and 4-D inputs here, got \(input.rank)D")
            return input.rank == 3 ? adaptiveAvgPool1d(input, outputSize: outputSizes[0])
                : adaptiveAvgPool2d(input, outputSize: (outputSizes[0], outputSizes[1]))
        }
        var output = input
        for dim in (2..<input.rank).reversed() {
            let taps = InterpolationTaps(mode: mode, inputSize: input.shape[dim], outputSize: outputSizes[dim - 2],
                                         scaleFactor: scaleFactor, alignCorners: alignCorners ?? false)
            output = taps.apply(to: output, dim: dim)
        }
        return output
    }

    /// The output's spatial sizes, after PyTorch's checks.
    static func interpolationSizes(_ input: Tensor, size: [Int]?, scaleFactor: Double?) -> [Int] {
        let spatial = Array(input.shape.dropFirst(2))
        let sizes: [Int]
        if let size {
            check(size.count == 1 || size.count == spatial.count,
                  "Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of \(spatial) and output size of \(size).")
            sizes = size.count == 1 ? Array(repeating: size[0], count: spatial.count) : size
        } else {
            check(scaleFactor! > 0, "scale_factor must be positive, got \(scaleFactor!)")
            sizes = spatial.map { Int((Double($0) * scaleFactor!).rounded(.down)) }
        }
        for (inputSize, outputSize) in zip(spatial, sizes) {
            check(inputSize > 0 && outputSize > 0,
                  "Input and output sizes should be greater than 0, but got input (\(spatial)) and output (\(sizes))")
        }
        return sizes
    }
}

/// The input positions and weights that make each output position of one spatial dimension: 2 taps for the
/// linear modes, 4 for bicubic.
struct InterpolationTaps {
    /// `positions[k][i]`: the input position of tap `k` for output position `i`.
    var positions: [[Int64]]
    /// `weights[k][i]`: its weight.
    var weights: [[Double]]

    /// PyTorch's cubic convolution constant.
    private static let cubicA = -0.75

    init(mode: InterpolationMode, inputSize: Int, outputSize: Int, scaleFactor: Double?, alignCorners: Bool) {
        let cubic = mode == .bicubic
        let scale: Double
        if alignCorners {
            scale = outputSize > 1 ? Double(inputSize - 1) / Double(outputSize - 1) : 0
        } else {
            scale = scaleFactor.map { 1 / $0 } ?? Double(inputSize) / Double(outputSize)
        }
        let tapCount = cubic ? 4 : 2
        positions = Array(repeating: [], count: tapCount)
        weights = Array(repeating: [], count: tapCount)
        for index in 0..<outputSize {
            var source = alignCorners ? scale * Double(index) : scale * (Double(index) + 0.5) - 0.5
            if !alignCorners && !cubic && source < 0 { source = 0 }
            if cubic {
                let floor = source.rounded(.down), t = source - floor
                let a = Self.cubicA
                func near(_ x: Double) -> Double { ((a + 2) * x - (a + 3)) * x * x + 1 }
                func far(_ x: Double) -> Double { ((a * x - 5 * a) * x + 8 * a) * x - 4 * a }
                let coefficients = [far(t + 1), near(t), near(1 - t), far(2 - t)]
                for tap in 0..<4 {
                    let position = Swift.min(Swift.max(Int(floor) - 1 + tap, 0), inputSize - 1)
                    positions[tap].append(Int64(position))
                    weights[tap].append(coefficients[tap])
                }
            } else {
                let lower = Swift.min(Int(source.rounded(.down)), inputSize - 1)
                let lambda = Swift.min(Swift.max(source - Double(lower), 0), 1)
                positions[0].append(Int64(lower))
                positions[1].append(Int64(lower < inputSize - 1 ? lower + 1 : lower))
                weights[0].append(1 - lambda)
                weights[1].append(lambda)
            }
        }
    }

    /// `input` resampled along `dim`: the weighted sum of its taps.
    func apply(to input: Tensor, dim: Int) -> Tensor {
        var shape = Array(repeating: 1, count: input.rank)
        shape[dim] = positions[0].count
        var output: Tensor?
        for (taps, tapWeights) in zip(positions, weights) {
            let picked = input.index(Array(repeating: TensorIndex.all, count: dim) + [Tensor(taps).tensorIndex])
            let term = picked * Tensor(flat: tapWeights, shape: shape).to(input.dtype)
            output = output.map { $0 + term } ?? term
        }
        return output!
    }
}
