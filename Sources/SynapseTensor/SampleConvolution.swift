/// Convolutions whose windows are large per sample (a ResNet stage's 3×3 convolutions: `[576, 3136]` per sample,
/// 231 MB for a batch of 32), computed one sample at a time: the sample's window matrix (a few megabytes, reused,
/// so it stays in cache and costs no fresh pages) times the weight, straight into the sample's `[O, L]` output
/// rows, with no regrouping copy. The backward pass recomputes each sample's windows instead of saving the batch's,
/// accumulates the weight gradient over the samples (`beta = 1`), and computes the input gradient as a full
/// convolution (stride 1, ``FullConvolution``) or by folding each sample's window gradient back. The products are still large enough (`O × L × C·kH·kW`) for the matrix kernel's
/// threads.
///
/// With the built-in matrix kernel the window matrices are never written: the kernel packs them block by block
/// straight from the sample's image (``ConvolutionWindows``, an implicit GEMM), which saves writing and re-reading
/// 7 MB per product on a ResNet stage. OpenBLAS gets each sample's window matrix gathered first.
struct SampleConvolution {
    let conv: BatchConvolution

    /// Window-matrix elements per sample from which one product per sample pays: below, the batched matrix
    /// (one product for the batch) wins.
    static let minimumWindowElements = 1 << 18

    /// The per-sample loops for `conv`, when they apply: float32 or float64, one group, large windows per sample.
    init?(_ conv: BatchConvolution, dtype: DType) {
        guard dtype == .float32 || dtype == .float64, conv.groups == 1, conv.batch > 0,
              conv.windowRows * conv.positions >= Self.minimumWindowElements else { return nil }
        self.conv = conv
    }

    private var sampleSize: Int { conv.channels * conv.height * conv.width }
    /// One sample's windows, `[C·kH·kW, L]`.
    private var layout: ColumnLayout {
        ColumnLayout(channels: conv.channels, batch: 1, windowSize: conv.geometry.kernel.0 * conv.geometry.kernel.1,
                     positions: conv.positions)
    }

    /// The windows of `planes` planes of `height × width` (one sample) into `columns` under `geometry`, one plane
    /// after another on the calling thread: the matrix kernel's threads spin for a while after each product, and
    /// splitting this short pass across the same cores would wait for them.
    static func gather<T: BinaryFloatingPoint>(
        _ source: UnsafeMutablePointer<T>, _ columns: UnsafeMutablePointer<T>, planes: Int, height: Int, width: Int,
        _ geometry: WindowGeometry
    ) {
        let planeColumns = geometry.kernel.0 * geometry.kernel.1 * geometry.outputHeight * geometry.outputWidth
        for plane in 0..<planes {
            WindowKernels.im2col(source + plane * height * width, columns + plane * planeColumns, planes: 1,
                                 height: height, width: width, geometry, padding: 0)
        }
    }

    /// The output `[N, O, outH, outW]` (or `shape`, with the same elements) of `input`, `weight` and `bias`.
    func forward(_ input: Tensor, weight: Tensor, bias: Tensor?, shape: [Int]?) -> Tensor {
        conv.computeOutput(input, weight: weight, bias: bias, shape: shape,
                           float: { forward($0, $1, $2, $3) }, double: { forward($0, $1, $2, $3) })
    }

    private func forward<T: SampleConvolutionScalar>(
        _ input: UnsafeMutablePointer<T>, _ weight: UnsafeMutablePointer<T>, _ bias: UnsafeMutablePointer<T>?,
        _ output: UnsafeMutablePointer<T>
    ) {
        let (rows, positions, outChannels) = (conv.windowRows, conv.positions, conv.outChannels)
        let columns = WindowBuffer<T>(capacity: rows * positions)
        defer { columns.deallocate() }
        for sample in 0..<conv.batch {
            let target = output + sample * outChannels * positions
            if let bias {
                for channel in 0..<outChannels {
                    (target + channel * positions).update(repeating: bias[channel], count: positions)
                }
            }
            columns.multiply(m: outChannels, a: weight, lda: rows, image: input + sample * sampleSize,
                             planes: conv.channels, height: conv.height, width: conv.width, conv.geometry,
                             transposed: false, beta: bias == nil ? 0 : 1, c: target, ldc: positions)
        }
    }

    /// The input, weight and bias gradients, each when asked for, from the output gradient `g`, the weight and,
    /// for the weight's gradient, the input.
    func gradients(_ g: Tensor, weight: Tensor, input: Tensor?, needs: (input: Bool, weight: Bool, bias: Bool))
        -> (input: Tensor?, weight: Tensor?, bias: Tensor?) {
        let dtype = g.dtype
        let gradient = g.contiguous(), weight = weight.contiguous(), source = needs.weight ? input?.contiguous() : nil
        // Summed into by the window gradients, or written whole by the full convolution.
        let inputShape = [conv.batch, conv.channels, conv.height, conv.width]
        let inputGradient = needs.input
            ? (FullConvolution(conv) != nil ? Tensor.empty(inputShape, dtype: dtype) : Tensor.zeros(inputShape, dtype: dtype))
            : nil
        let weightGradient = source != nil ? Tensor.empty(weight.shape, dtype: dtype) : nil
        withExtendedLifetime((gradient, weight, source)) {
            if dtype == .float64 {
                backward(gradient.basePointer(Double.self), weight.basePointer(Double.self),
                         source?.basePointer(Double.self), inputGradient?.basePointer(Double.self),
                         weightGradient?.basePointer(Double.self))
            } else {
                backward(gradient.basePointer(Float.self), weight.basePointer(Float.self),
                         source?.basePointer(Float.self), inputGradient?.basePointer(Float.self),
                         weightGradient?.basePointer(Float.self))
            }
        }
        let biasGradient = needs.bias
            ? gradient.view([conv.batch, conv.outChannels, conv.positions]).sum(dims: [0, 2]) : nil
        return (inputGradient, weightGradient, biasGradient)
    }

    private func backward<T: SampleConvolutionScalar>(
        _ gradient: UnsafeMutablePointer<T>, _ weight: UnsafeMutablePointer<T>, _ input: UnsafeMutablePointer<T>?,
        _ inputGradient: UnsafeMutablePointer<T>?, _ weightGradient: UnsafeMutablePointer<T>?
    ) {
        guard inputGradient != nil || weightGradient != nil else { return }
        let (rows, positions, outChannels) = (conv.windowRows, conv.positions, conv.outChannels)
        let full = inputGradient != nil ? FullConvolution(conv) : nil
        // The window gradients of the folding path are always written out; the windows only for OpenBLAS.
        let columns = WindowBuffer<T>(capacity: Swift.max(rows * positions, full?.elements ?? 0),
                                      always: inputGradient != nil && full == nil)
        let flipped = full.map { $0.flippedWeight(weight) }
        // The weight gradient transposed, with the windows read in place (when the built-in kernel takes them).
        let rowsGradient = weightGradient != nil ? input.flatMap { WindowRowsWeightGradient<T>(conv, input: $0) } : nil
        defer { columns.deallocate(); flipped?.deallocate() }
        for sample in 0..<conv.batch {
            let g = gradient + sample * outChannels * positions
            if let rowsGradient, let input {
                rowsGradient.add(sample: sample, gradient: g, image: input + sample * sampleSize)
            } else if let weightGradient, let input {
                // dW (+)= g · windowsᵀ, summed over the samples in order.
                columns.multiply(m: outChannels, a: g, lda: positions, image: input + sample * sampleSize,
                                 planes: conv.channels, height: conv.height, width: conv.width, conv.geometry,
                                 transposed: true, beta: sample == 0 ? 0 : 1, c: weightGradient, ldc: rows)
            }
            if let inputGradient, let full, let flipped {
                // The full convolution of the output gradient with the flipped weight, straight into the rows of
                // the input gradient.
                columns.multiply(m: conv.channels, a: flipped, lda: full.rows, image: g, planes: outChannels,
                                 height: conv.geometry.outputHeight, width: conv.geometry.outputWidth, full.geometry,
                                 transposed: false, beta: 0, c: inputGradient + sample * sampleSize,
                                 ldc: full.positions)
            } else if let inputGradient, let columns = columns.pointer {
                // The window gradient Wᵀ · g, summed back into the sample's input positions.
                T.multiply(transposeA: true, transposeB: false, m: rows, n: positions, k: outChannels, a: weight,
                           lda: rows, b: g, ldb: positions, beta: 0, c: columns, ldc: positions)
                WindowKernels.col2im(columns, inputGradient + sample * sampleSize, planes: conv.channels,
                                     height: conv.height, width: conv.width, conv.geometry, layout: layout)
            }
        }
        if let rowsGradient, let weightGradient { rowsGradient.finish(into: weightGradient) }
    }
}

/// A stride-1 convolution's input gradient as a convolution itself: the output gradient `[O, outH, outW]`, padded
/// by `dilation·(k − 1) − padding` on each side, convolved with the weight flipped in both spatial dimensions and
/// with its channel dimensions swapped, `[C, O, kH, kW]`. Its product has the forward pass's depth (`O·kH·kW`)
/// and writes the input gradient's rows directly, where `Wᵀ·g` has depth `O` and needs a scatter (`col2im`) after.
struct FullConvolution {
    let conv: BatchConvolution
    /// The windows over the output gradient.
    let geometry: WindowGeometry

    /// The full convolution of `conv`'s gradient, when `conv` has stride 1 and no more padding than its reach.
    init?(_ conv: BatchConvolution) {
        let g = conv.geometry
        let (reachY, reachX) = (g.dilation.0 * (g.kernel.0 - 1), g.dilation.1 * (g.kernel.1 - 1))
        guard g.stride == (1, 1), g.padTop <= reachY, g.padBottom <= reachY, g.padLeft <= reachX, g.padRight <= reachX
        else { return nil }
        self.conv = conv
        geometry = WindowGeometry(kernel: g.kernel, dilation: g.dilation, padTop: reachY - g.padTop,
                                  padBottom: reachY - g.padBottom, padLeft: reachX - g.padLeft,
                                  padRight: reachX - g.padRight, stride: (1, 1), outputHeight: conv.height,
                                  outputWidth: conv.width)
    }

    /// Rows of its window matrix (`O·kH·kW`).
    var rows: Int { conv.outChannels * geometry.kernel.0 * geometry.kernel.1 }
    /// Its output positions (the input's).
    var positions: Int { conv.height * conv.width }
    /// Elements of its window matrix.
    var elements: Int { rows * positions }
    /// The weight `[O, C, kH, kW]` as `[C, O, kH, kW]`, flipped in both spatial dimensions (to deallocate).
    func flippedWeight<T>(_ weight: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<T> {
        let (outputs, inputs, taps) = (conv.outChannels, conv.channels, geometry.kernel.0 * geometry.kernel.1)
        let flipped = UnsafeMutablePointer<T>.allocate(capacity: outputs * inputs * taps)
        for o in 0..<outputs {
            for c in 0..<inputs {
                for t in 0..<taps {
                    (flipped + (c * outputs + o) * taps + taps - 1 - t).initialize(to: weight[(o * inputs + c) * taps + t])
                }
            }
        }
        return flipped
    }
}

/// Where one sample's window matrix comes from for a product: read straight from the image by the built-in
/// kernel, or, under OpenBLAS, gathered into a buffer allocated once per pass and reused for every sample.
struct WindowBuffer<T: SampleConvolutionScalar> {
    /// The buffer, when windows are gathered (or `always` asked for it).
    let pointer: UnsafeMutablePointer<T>?
    /// Whether products gather their windows into `pointer` (OpenBLAS) instead of reading the image.
    let gathers: Bool

    /// A buffer of `capacity` elements when the backend needs gathered windows or `always` is set.
    init(capacity: Int, always: Bool = false) {
        gathers = GEMM.backend != .native
        pointer = always || gathers ? UnsafeMutablePointer<T>.allocate(capacity: capacity) : nil
    }

    /// Frees the buffer.
    func deallocate() { pointer?.deallocate() }

    /// `C = A·windows + beta·C` (`windows` `[planes·kH·kW, L]`), or `C = A·windowsᵀ + beta·C` when `transposed`,
    /// for the windows of `geometry` over `image` (`[planes, height, width]`); `A` has `m` rows, leading
    /// dimension `lda`.
    func multiply(
        m: Int, a: UnsafePointer<T>, lda: Int, image: UnsafeMutablePointer<T>, planes: Int, height: Int, width: Int,
        _ geometry: WindowGeometry, transposed: Bool, beta: T, c: UnsafeMutablePointer<T>, ldc: Int
    ) {
        let (rows, positions) = (planes * geometry.kernel.0 * geometry.kernel.1, geometry.outputHeight * geometry.outputWidth)
        let (n, k) = transposed ? (rows, positions) : (positions, rows)
        guard gathers, let pointer else {
            NativeGEMM.multiplyWindows(m: m, n: n, k: k, alpha: 1, a: MatrixView(a, leadingDimension: lda, transposed: false),
                                       windows: ConvolutionWindows(image, height: height, width: width, geometry,
                                                                   transposed: transposed),
                                       beta: beta, c: OutputMatrix(base: c, ld: ldc))
            return
        }
        SampleConvolution.gather(image, pointer, planes: planes, height: height, width: width, geometry)
        T.multiply(transposeA: false, transposeB: transposed, m: m, n: n, k: k, a: a, lda: lda, b: pointer,
                   ldb: positions, beta: beta, c: c, ldc: ldc)
    }
}

/// The scalar types ``GEMM`` multiplies.
protocol SampleConvolutionScalar: NativeGEMMScalar {
    /// `C = op(A)·op(B) + beta·C` through ``GEMM/multiply``.
    static func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Self>,
                         lda: Int, b: UnsafePointer<Self>, ldb: Int, beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
}

extension Float: SampleConvolutionScalar {
    static func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Float>,
                         lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        GEMM.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                      beta: beta, c: c, ldc: ldc)
    }
}

extension Double: SampleConvolutionScalar {
    static func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, a: UnsafePointer<Double>,
                         lda: Int, b: UnsafePointer<Double>, ldb: Int, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        GEMM.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb,
                      beta: beta, c: c, ldc: ldc)
    }
}
