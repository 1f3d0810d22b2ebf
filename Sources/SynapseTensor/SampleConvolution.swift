/// Convolutions whose windows are large per sample (a ResNet stage's 3×3 convolutions: `[576, 3136]` per sample,
/// 231 MB for a batch of 32), computed one sample at a time: the sample's window matrix (a few megabytes, reused,
/// so it stays in cache and costs no fresh pages) times the weight, straight into the sample's `[O, L]` output
/// rows, with no regrouping copy. The backward pass recomputes each sample's windows instead of saving the batch's,
/// accumulates the weight gradient over the samples (`beta = 1`), and folds each sample's window gradient back
/// into its input gradient. The products are still large enough (`O × L × C·kH·kW`) for the matrix kernel's
/// threads.
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

    /// The output `[N, O, outH, outW]` (or `shape`, with the same elements) of `input`, `weight` and `bias`.
    func forward(_ input: Tensor, weight: Tensor, bias: Tensor?, shape: [Int]?) -> Tensor {
        let g = conv.geometry
        let output = Tensor.empty(shape ?? [conv.batch, conv.outChannels, g.outputHeight, g.outputWidth],
                                  dtype: input.dtype)
        let (source, weight, bias) = (input.contiguous(), weight.contiguous(), bias?.to(input.dtype).contiguous())
        withExtendedLifetime((source, weight, bias)) {
            if input.dtype == .float64 {
                forward(source.basePointer(Double.self), weight.basePointer(Double.self),
                        bias?.basePointer(Double.self), output.basePointer(Double.self))
            } else {
                forward(source.basePointer(Float.self), weight.basePointer(Float.self),
                        bias?.basePointer(Float.self), output.basePointer(Float.self))
            }
        }
        return output
    }

    private func forward<T: SampleConvolutionScalar>(
        _ input: UnsafeMutablePointer<T>, _ weight: UnsafeMutablePointer<T>, _ bias: UnsafeMutablePointer<T>?,
        _ output: UnsafeMutablePointer<T>
    ) {
        let (rows, positions, outChannels) = (conv.windowRows, conv.positions, conv.outChannels)
        let columns = UnsafeMutablePointer<T>.allocate(capacity: rows * positions)
        defer { columns.deallocate() }
        for sample in 0..<conv.batch {
            WindowKernels.im2col(input + sample * sampleSize, columns, planes: conv.channels, height: conv.height,
                                 width: conv.width, conv.geometry, padding: 0, layout: layout)
            let target = output + sample * outChannels * positions
            if let bias {
                for channel in 0..<outChannels {
                    (target + channel * positions).update(repeating: bias[channel], count: positions)
                }
            }
            T.multiply(transposeA: false, transposeB: false, m: outChannels, n: positions, k: rows, a: weight,
                       lda: rows, b: columns, ldb: positions, beta: bias == nil ? 0 : 1, c: target, ldc: positions)
        }
    }

    /// The input, weight and bias gradients, each when asked for, from the output gradient `g`, the weight and,
    /// for the weight's gradient, the input.
    func gradients(_ g: Tensor, weight: Tensor, input: Tensor?, needs: (input: Bool, weight: Bool, bias: Bool))
        -> (input: Tensor?, weight: Tensor?, bias: Tensor?) {
        let dtype = g.dtype
        let gradient = g.contiguous(), weight = weight.contiguous(), source = needs.weight ? input?.contiguous() : nil
        let inputGradient = needs.input ? Tensor.zeros([conv.batch, conv.channels, conv.height, conv.width], dtype: dtype) : nil
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
        let columns = UnsafeMutablePointer<T>.allocate(capacity: rows * positions)
        defer { columns.deallocate() }
        for sample in 0..<conv.batch {
            let g = gradient + sample * outChannels * positions
            if let weightGradient, let input {
                WindowKernels.im2col(input + sample * sampleSize, columns, planes: conv.channels, height: conv.height,
                                     width: conv.width, conv.geometry, padding: 0, layout: layout)
                // dW (+)= g · windowsᵀ, summed over the samples in order.
                T.multiply(transposeA: false, transposeB: true, m: outChannels, n: rows, k: positions, a: g,
                           lda: positions, b: columns, ldb: positions, beta: sample == 0 ? 0 : 1, c: weightGradient,
                           ldc: rows)
            }
            if let inputGradient {
                // The window gradient Wᵀ · g, summed back into the sample's input positions.
                T.multiply(transposeA: true, transposeB: false, m: rows, n: positions, k: outChannels, a: weight,
                           lda: rows, b: g, ldb: positions, beta: 0, c: columns, ldc: positions)
                WindowKernels.col2im(columns, inputGradient + sample * sampleSize, planes: conv.channels,
                                     height: conv.height, width: conv.width, conv.geometry, layout: layout)
            }
        }
    }
}

/// The scalar types ``GEMM`` multiplies.
protocol SampleConvolutionScalar: BinaryFloatingPoint {
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
