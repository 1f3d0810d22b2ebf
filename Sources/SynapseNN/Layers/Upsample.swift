/// Upsampling of the spatial dimensions (`torch.nn.Upsample`) of `[N, C, L]`, `[N, C, H, W]` or `[N, C, D, H, W]`
/// inputs, to a `size` or by a `scaleFactor`, in any ``InterpolationMode`` (nearest by default).
///
/// ```swift
/// let up = Upsample(scaleFactor: 2, mode: .bilinear, alignCorners: true)
/// print(up)    // Upsample(scale_factor=2.0, mode='bilinear')
/// ```
open class Upsample: Module {
    /// The output's spatial size, or `nil` when a scale factor is given.
    public let size: [Int]?
    /// The factor each spatial dimension grows by, or `nil` when a size is given.
    public let scaleFactor: Double?
    /// How new samples are computed.
    public let mode: InterpolationMode
    /// Whether the corner samples of input and output are aligned (interpolating modes only; `nil` is false).
    public let alignCorners: Bool?

    /// Upsamples to `size` (one entry per spatial dimension, or one for all).
    public init(size: [Int], mode: InterpolationMode = .nearest, alignCorners: Bool? = nil) {
        self.size = size
        scaleFactor = nil
        self.mode = mode
        self.alignCorners = alignCorners
        super.init()
    }

    /// Upsamples every spatial dimension by `scaleFactor`.
    public init(scaleFactor: Double, mode: InterpolationMode = .nearest, alignCorners: Bool? = nil) {
        check(scaleFactor > 0, "scale_factor must be positive, got \(scaleFactor)")
        size = nil
        self.scaleFactor = scaleFactor
        self.mode = mode
        self.alignCorners = alignCorners
        super.init()
    }

    /// ``Functional/interpolate(_:size:scaleFactor:mode:alignCorners:)``.
    open override func forward(_ input: Tensor) -> Tensor {
        Functional.interpolate(input, size: size, scaleFactor: scaleFactor, mode: mode, alignCorners: alignCorners)
    }

    /// `scale_factor=2.0, mode='bilinear'` or `size=(5, 7), mode='nearest'` (PyTorch leaves `align_corners` out).
    open override var extraRepr: String {
        if let scaleFactor { return "scale_factor=\(PythonFormat.repr(scaleFactor)), mode='\(mode.rawValue)'" }
        let sizes = size ?? []
        let text = sizes.count == 1 ? "\(sizes[0])" : "(" + sizes.map(String.init).joined(separator: ", ") + ")"
        return "size=\(text), mode='\(mode.rawValue)'"
    }
}

/// Nearest-neighbour upsampling of `[N, C, H, W]` inputs (`torch.nn.UpsamplingNearest2d`, PyTorch's older name
/// for `Upsample(mode="nearest")`).
open class UpsamplingNearest2d: Upsample {
    /// Upsamples to `size`.
    public init(size: [Int]) { super.init(size: size, mode: .nearest) }

    /// Upsamples by `scaleFactor`.
    public init(scaleFactor: Double) { super.init(scaleFactor: scaleFactor, mode: .nearest) }
}

/// Bilinear upsampling with aligned corners of `[N, C, H, W]` inputs (`torch.nn.UpsamplingBilinear2d`, PyTorch's
/// older name for `Upsample(mode="bilinear", align_corners=True)`).
open class UpsamplingBilinear2d: Upsample {
    /// Upsamples to `size`.
    public init(size: [Int]) { super.init(size: size, mode: .bilinear, alignCorners: true) }

    /// Upsamples by `scaleFactor`.
    public init(scaleFactor: Double) { super.init(scaleFactor: scaleFactor, mode: .bilinear, alignCorners: true) }
}

extension Functional {
    /// `F.interpolate(input, size=…, scale_factor=…, mode="nearest")`: output position `i` of a spatial dimension
    /// reads input position `min(floor(i · s), in - 1)` with `s = 1 / scaleFactor` (or `in / out` for a size) in
    /// float arithmetic, as PyTorch's CPU kernel; the output size is `floor(in · scaleFactor)`.
    public static func interpolateNearest(_ input: Tensor, size: [Int]? = nil, scaleFactor: Double? = nil) -> Tensor {
        check(input.rank >= 3 && input.rank <= 5, "Input Error: Only 3D, 4D and 5D input Tensors supported (got \(input.rank)D) for the modes: nearest")
        check((size == nil) != (scaleFactor == nil), "only one of size or scale_factor should be defined")
        let spatial = input.rank - 2
        var output = input
        for offset in 0..<spatial {
            let dim = 2 + offset, inputSize = input.shape[dim]
            let outputSize: Int
            if let size {
                check(size.count == 1 || size.count == spatial,
                      "Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of \(Array(input.shape.dropFirst(2))) and output size of \(size).")
                outputSize = size.count == 1 ? size[0] : size[offset]
            } else {
                outputSize = Int((Double(inputSize) * scaleFactor!).rounded(.down))
            }
            check(outputSize > 0, "Input and output sizes should be greater than 0, but got input size \(inputSize) and output size \(outputSize)")
            let scale = scaleFactor.map { Float(1 / $0) } ?? Float(inputSize) / Float(outputSize)
            let sources = (0..<outputSize).map { index -> Int64 in
                if outputSize == inputSize { return Int64(index) }
                if outputSize == 2 * inputSize { return Int64(index >> 1) }
                return Int64(Swift.min(Int((Float(index) * scale).rounded(.down)), inputSize - 1))
            }
            output = output.index(Array(repeating: TensorIndex.all, count: dim) + [Tensor(sources).tensorIndex])
        }
        return output
    }
}
