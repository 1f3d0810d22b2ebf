/// The sliding windows of a 2-D convolution or pooling, gathered into columns (`im2col`) and scattered back
/// (`col2im`), as fast loops over contiguous buffers.
public struct WindowGeometry: Sendable, Equatable {
    /// Kernel height and width.
    public var kernel: (Int, Int)
    /// Spacing between kernel elements.
    public var dilation: (Int, Int)
    /// Padding above, below, left and right of the input.
    public var padTop: Int, padBottom: Int, padLeft: Int, padRight: Int
    /// Step between windows.
    public var stride: (Int, Int)
    /// Windows down and across.
    public var outputHeight: Int, outputWidth: Int

    /// Windows are equal when every setting is.
    public static func == (a: WindowGeometry, b: WindowGeometry) -> Bool {
        a.kernel == b.kernel && a.dilation == b.dilation && a.stride == b.stride && a.padTop == b.padTop
            && a.padBottom == b.padBottom && a.padLeft == b.padLeft && a.padRight == b.padRight
            && a.outputHeight == b.outputHeight && a.outputWidth == b.outputWidth
    }

    /// A geometry with explicit output size (which may include windows running past the padded input, as pooling's
    /// ceil mode makes; those read the padding value).
    public init(kernel: (Int, Int), dilation: (Int, Int), padTop: Int, padBottom: Int, padLeft: Int, padRight: Int,
                stride: (Int, Int), outputHeight: Int, outputWidth: Int) {
        self.kernel = kernel
        self.dilation = dilation
        (self.padTop, self.padBottom, self.padLeft, self.padRight) = (padTop, padBottom, padLeft, padRight)
        self.stride = stride
        (self.outputHeight, self.outputWidth) = (outputHeight, outputWidth)
    }
}

extension Tensor {
    /// The windows of an `[N, C, H, W]` float tensor as columns `[N, C·kH·kW, outH·outW]` (`F.unfold`), reading
    /// `padding` outside the input. Differentiable: the gradient sums each column back into the window's
    /// positions (`Im2ColBackward0`).
    public func unfold2d(_ geometry: WindowGeometry, padding value: Double = 0) -> Tensor {
        check(rank == 4, "unfold2d: expected a 4-D [N, C, H, W] tensor, got \(rank)-D")
        check(dtype.isFloatingPoint, "unfold2d: expected a floating-point tensor, got \(dtype.scalarTypeName)")
        let source = contiguous()
        let (batch, channels, height, width) = (shape[0], shape[1], shape[2], shape[3])
        let windowSize = geometry.kernel.0 * geometry.kernel.1
        let positions = geometry.outputHeight * geometry.outputWidth
        let out = Tensor.empty([batch, channels * windowSize, positions], dtype: dtype == .float64 ? .float64 : .float32)
        let input = source.to(out.dtype)
        withExtendedLifetime(input) {
            if out.dtype == .float64 {
                WindowKernels.im2col(input.basePointer(Double.self), out.basePointer(Double.self), planes: batch * channels,
                                     height: height, width: width, geometry, padding: value)
            } else {
                WindowKernels.im2col(input.basePointer(Float.self), out.basePointer(Float.self), planes: batch * channels,
                                     height: height, width: width, geometry, padding: value)
            }
        }
        let result = dtype == out.dtype ? out : out.to(dtype)
        guard Autograd.needsGrad(self) else { return result }
        let inputShape = shape
        return Autograd.attach(result, name: "Im2ColBackward0", inputs: self) { g, _, _ in
            InputGradients(g.fold2d(geometry, height: inputShape[2], width: inputShape[3]))
        }
    }

    /// The inverse gather of ``unfold2d(_:padding:)``: columns `[N, C·kH·kW, outH·outW]` summed into an
    /// `[N, C, height, width]` tensor (`F.fold`); positions in the padding are dropped. Not differentiable.
    public func fold2d(_ geometry: WindowGeometry, height: Int, width: Int) -> Tensor {
        let windowSize = geometry.kernel.0 * geometry.kernel.1
        check(rank == 3 && shape[1] % windowSize == 0 && shape[2] == geometry.outputHeight * geometry.outputWidth,
              "fold2d: expected [N, C·\(windowSize), \(geometry.outputHeight * geometry.outputWidth)] columns, got \(shape)")
        let (batch, channels) = (shape[0], shape[1] / windowSize)
        let computeType: DType = dtype == .float64 ? .float64 : .float32
        let columns = noGrad { to(computeType).contiguous() }
        let out = Tensor.zeros([batch, channels, height, width], dtype: computeType)
        withExtendedLifetime(columns) {
            if computeType == .float64 {
                WindowKernels.col2im(columns.basePointer(Double.self), out.basePointer(Double.self),
                                     planes: batch * channels, height: height, width: width, geometry)
            } else {
                WindowKernels.col2im(columns.basePointer(Float.self), out.basePointer(Float.self),
                                     planes: batch * channels, height: height, width: width, geometry)
            }
        }
        return computeType == dtype ? out : out.to(dtype)
    }
}

/// Where im2col puts each plane's columns: the row of kernel offset `k` of plane `p` (sample `p / channels`,
/// channel `p % channels`) starts at `start(p) + k·rowStride`.
struct ColumnLayout {
    let channels: Int, windowSize: Int, rowStride: Int, sampleStride: Int

    /// `[N·C, kH·kW, L]`: each plane's windows on their own (``Tensor/unfold2d(_:padding:)``).
    init(windowSize: Int, positions: Int) {
        (channels, self.windowSize, rowStride, sampleStride) = (1, windowSize, positions, windowSize * positions)
    }

    /// `[C·kH·kW, N·L]`: one row per channel and kernel offset, every sample's windows side by side, so a whole
    /// batch's convolution is one matrix product.
    init(channels: Int, batch: Int, windowSize: Int, positions: Int) {
        (self.channels, self.windowSize, rowStride, sampleStride) = (channels, windowSize, batch * positions, positions)
    }

    /// Offset of plane `plane`'s first row.
    @inline(__always) func start(_ plane: Int) -> Int {
        (plane % channels) * windowSize * rowStride + (plane / channels) * sampleStride
    }
}

/// The loops behind ``Tensor/unfold2d(_:padding:)`` and ``Tensor/fold2d(_:height:width:)``, one plane (one
/// sample's channel) at a time, split across cores by planes. Each output row of a kernel offset is cut into the
/// windows left of the input, those inside it and those right of it, so the inner loops have no bounds checks
/// (with stride 1 they are plain copies and additions, which vectorise).
enum WindowKernels {
    static func im2col<T: BinaryFloatingPoint>(
        _ input: UnsafeMutablePointer<T>, _ output: UnsafeMutablePointer<T>, planes: Int, height: Int, width: Int,
        _ g: WindowGeometry, padding value: Double, layout: ColumnLayout? = nil
    ) {
        let windowSize = g.kernel.0 * g.kernel.1, positions = g.outputHeight * g.outputWidth
        let layout = layout ?? ColumnLayout(windowSize: windowSize, positions: positions)
        let fill = T(value)
        Parallel.forRanges(count: planes, grain: Swift.max(1, (1 << 15) / Swift.max(1, windowSize * positions))) { range in
            for plane in range {
                let source = input + plane * height * width
                var column = output + layout.start(plane)
                for ky in 0..<g.kernel.0 {
                    for kx in 0..<g.kernel.1 {
                        let inside = insideWindows(offset: kx * g.dilation.1 - g.padLeft, stride: g.stride.1,
                                                   count: g.outputWidth, limit: width)
                        for oy in 0..<g.outputHeight {
                            let y = oy * g.stride.0 + ky * g.dilation.0 - g.padTop
                            let row = column + oy * g.outputWidth
                            guard y >= 0 && y < height, !inside.isEmpty else {
                                row.update(repeating: fill, count: g.outputWidth)
                                continue
                            }
                            row.update(repeating: fill, count: inside.lowerBound)
                            let first = source + y * width + inside.lowerBound * g.stride.1 + kx * g.dilation.1 - g.padLeft
                            if g.stride.1 == 1 {
                                (row + inside.lowerBound).update(from: first, count: inside.count)
                            } else {
                                for ox in inside { row[ox] = first[(ox - inside.lowerBound) * g.stride.1] }
                            }
                            (row + inside.upperBound).update(repeating: fill, count: g.outputWidth - inside.upperBound)
                        }
                        column += layout.rowStride
                    }
                }
            }
        }
    }

    static func col2im<T: BinaryFloatingPoint>(
        _ columns: UnsafeMutablePointer<T>, _ output: UnsafeMutablePointer<T>, planes: Int, height: Int, width: Int,
        _ g: WindowGeometry, layout: ColumnLayout? = nil
    ) {
        let windowSize = g.kernel.0 * g.kernel.1, positions = g.outputHeight * g.outputWidth
        let layout = layout ?? ColumnLayout(windowSize: windowSize, positions: positions)
        Parallel.forRanges(count: planes, grain: Swift.max(1, (1 << 15) / Swift.max(1, windowSize * positions))) { range in
            for plane in range {
                let target = output + plane * height * width
                var column = columns + layout.start(plane)
                for ky in 0..<g.kernel.0 {
                    for kx in 0..<g.kernel.1 {
                        let inside = insideWindows(offset: kx * g.dilation.1 - g.padLeft, stride: g.stride.1,
                                                   count: g.outputWidth, limit: width)
                        defer { column += layout.rowStride }
                        guard !inside.isEmpty else { continue }
                        for oy in 0..<g.outputHeight {
                            let y = oy * g.stride.0 + ky * g.dilation.0 - g.padTop
                            guard y >= 0 && y < height else { continue }
                            let row = column + oy * g.outputWidth + inside.lowerBound
                            let first = target + y * width + inside.lowerBound * g.stride.1 + kx * g.dilation.1 - g.padLeft
                            if g.stride.1 == 1 {
                                for index in 0..<inside.count { first[index] += row[index] }
                            } else {
                                for index in 0..<inside.count { first[index * g.stride.1] += row[index] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The window indices `i` in `0..<count` whose position `i·stride + offset` falls in `0..<limit`.
    static func insideWindows(offset: Int, stride: Int, count: Int, limit: Int) -> Range<Int> {
        // First i with i·stride + offset >= 0, and first i with i·stride + offset >= limit (ceiling divisions).
        let lower = offset >= 0 ? 0 : (-offset + stride - 1) / stride
        let upper = limit - offset <= 0 ? 0 : (limit - offset + stride - 1) / stride
        let start = Swift.min(lower, count), end = Swift.min(Swift.max(upper, start), count)
        return start..<end
    }
}
