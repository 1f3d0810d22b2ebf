/// A convolution's weight gradient summed over its samples as `dWᵀ = windows · dYᵀ` (`[C·kH·kW, O]`), transposed
/// into `dW` (`[O, C·kH·kW]`) once at the end: the built-in kernel then reads the window matrix as its `A` operand,
/// in place from zero-padded image planes
/// (``NativeGEMM/multiplyWindowRows(m:n:k:alpha:windows:b:beta:c:isa:threads:)``), where `dW = dY · windowsᵀ`
/// packs the windows' transpose sliver by sliver (9 % of a one-thread ResNet block step). Every element adds the
/// same products in the same order, so the gradient has the same bits either way.
struct WindowRowsWeightGradient<T: NativeGEMMScalar> {
    let conv: BatchConvolution
    /// `dWᵀ`, `[C·kH·kW, O]`, summed into sample after sample.
    private let transposed: UnsafeMutablePointer<T>

    /// The sum for `conv` over the batch `input`, when the built-in kernel runs the products and takes its
    /// windows (stride 1 along the rows of the image, planes small enough); `nil` otherwise.
    init?(_ conv: BatchConvolution, input: UnsafePointer<T>) {
        guard GEMM.backend == .native, Self.windows(conv, image: input).readsRowsInPlace(columns: conv.outChannels) else { return nil }
        self.conv = conv
        transposed = .allocate(capacity: conv.windowRows * conv.outChannels)
    }

    private static func windows(_ conv: BatchConvolution, image: UnsafePointer<T>) -> ConvolutionWindows {
        ConvolutionWindows(image, height: conv.height, width: conv.width, conv.geometry)
    }

    /// Adds sample `sample`'s `g · windowsᵀ` (`g` its `[O, L]` output gradient, `image` its `[C, H, W]` input);
    /// sample 0 overwrites.
    func add(sample: Int, gradient g: UnsafePointer<T>, image: UnsafePointer<T>) {
        let positions = conv.positions
        NativeGEMM.multiplyWindowRows(
            m: conv.windowRows, n: conv.outChannels, k: positions, alpha: 1, windows: Self.windows(conv, image: image),
            b: MatrixView(g, leadingDimension: positions, transposed: true), beta: sample == 0 ? 0 : 1,
            c: OutputMatrix(base: transposed, ld: conv.outChannels))
    }

    /// Writes the sum, transposed, into `weightGradient` (`[O, C·kH·kW]`) and frees the buffer.
    func finish(into weightGradient: UnsafeMutablePointer<T>) {
        let (rows, outChannels) = (conv.windowRows, conv.outChannels)
        for row in 0..<rows {
            for channel in 0..<outChannels {
                weightGradient[channel * rows + row] = transposed[row * outChannels + channel]
            }
        }
        transposed.deallocate()
    }
}
