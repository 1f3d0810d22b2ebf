/// 2-D convolution as one operation with PyTorch's node (`ConvolutionBackward0`). A whole batch's windows are
/// gathered into one `[C·kH·kW, N·L]` matrix (`L` output positions per sample), so the forward pass and both
/// products of the backward pass are single matrix products per group, rather than one small product per sample.
/// Two shapes take other loops: stride-1 convolutions with few channels run directly over padded planes
/// (``DirectConvolution``), and those with large windows per sample one sample at a time (``SampleConvolution``).
extension Tensor {
    /// `input` `[N, C, H, W]` convolved with `weight` `[O, C / groups, kH, kW]` over the windows of `geometry`,
    /// plus `bias` `[O]`: float32 or float64, all three of one dtype. Each group of `C / groups` input channels
    /// makes `O / groups` output channels.
    ///
    /// The output is `[N, O, outH, outW]`, or `outputShape` when given (the same elements, as a 1-D convolution's
    /// `[N, O, L]`).
    package static func convolution2d(
        _ input: Tensor, weight: Tensor, bias: Tensor?, _ geometry: WindowGeometry, groups: Int = 1,
        outputShape: [Int]? = nil
    ) -> Tensor {
        let conv = BatchConvolution(input: input.shape, weight: weight.shape, geometry, groups: groups)
        if let direct = DirectConvolution(conv, dtype: input.dtype) {
            return convolution(direct, conv, input, weight: weight, bias: bias, outputShape: outputShape)
        }
        if let perSample = SampleConvolution(conv, dtype: input.dtype) {
            return convolution(perSample, conv, input, weight: weight, bias: bias, outputShape: outputShape)
        }
        let (columns, output) = noGrad { () -> (Tensor, Tensor) in
            let columns = conv.columns(of: input)
            let products = conv.groupwise(conv.matrix(weight), transposed: false, columns, transposed: false,
                                          rows: conv.outChannels)
            return (columns, conv.output(from: products, bias: bias, shape: outputShape))
        }
        guard Autograd.needsGrad(input, weight) || bias.map({ Autograd.needsGrad($0) }) == true else { return output }
        // The weight, for the input's gradient; the input and its windows, for the weight's.
        let saved = weight.requiresGrad ? [weight, input, columns] : [weight]
        let inputs = bias.map { [input, weight, $0] } ?? [input, weight]
        return Autograd.attach(output, name: "ConvolutionBackward0", inputs: inputs, saved: saved) { g, s, needs in
            GradMode.isEnabled
                ? conv.recordedGradients(g, weight: s[0], input: s.count > 1 ? s[1] : nil, needs: needs)
                : conv.gradients(g, weight: s[0], columns: s.count > 2 ? s[2] : nil, needs: needs)
        }
    }

    /// The convolution through `loops`, which save the weight and the input (not their windows) for the
    /// backward pass.
    private static func convolution(
        _ loops: some ConvolutionLoops, _ conv: BatchConvolution, _ input: Tensor, weight: Tensor, bias: Tensor?,
        outputShape: [Int]?
    ) -> Tensor {
        let output = noGrad { loops.forward(input, weight: weight, bias: bias, shape: outputShape) }
        guard Autograd.needsGrad(input, weight) || bias.map({ Autograd.needsGrad($0) }) == true else { return output }
        let saved = weight.requiresGrad ? [weight, input] : [weight]
        let inputs = bias.map { [input, weight, $0] } ?? [input, weight]
        return Autograd.attach(output, name: "ConvolutionBackward0", inputs: inputs, saved: saved) { g, s, needs in
            let input = s.count > 1 ? s[1] : nil
            if GradMode.isEnabled { return conv.recordedGradients(g, weight: s[0], input: input, needs: needs) }
            let (dx, dw, db) = loops.gradients(g, weight: s[0], input: input,
                                               needs: (input: needs[0], weight: needs[1], bias: needs[2]))
            return InputGradients(dx, dw, db)
        }
    }
}

/// A way of computing a convolution's output and gradients other than the batch's window matrix.
protocol ConvolutionLoops {
    /// The output `[N, O, outH, outW]` (or `shape`, with the same elements).
    func forward(_ input: Tensor, weight: Tensor, bias: Tensor?, shape: [Int]?) -> Tensor
    /// The input, weight and bias gradients, each when asked for (the weight's only when `input` is given).
    func gradients(_ g: Tensor, weight: Tensor, input: Tensor?, needs: (input: Bool, weight: Bool, bias: Bool))
        -> (input: Tensor?, weight: Tensor?, bias: Tensor?)
}

extension DirectConvolution: ConvolutionLoops {}
extension SampleConvolution: ConvolutionLoops {}

/// The sizes of one convolution and the layout changes around its matrix products.
struct BatchConvolution {
    let batch: Int, channels: Int, height: Int, width: Int
    let outChannels: Int, groups: Int
    let geometry: WindowGeometry

    init(input: [Int], weight: [Int], _ geometry: WindowGeometry, groups: Int) {
        (batch, channels, height, width) = (input[0], input[1], input[2], input[3])
        (outChannels, self.groups) = (weight[0], groups)
        self.geometry = geometry
    }

    /// Output positions per sample.
    var positions: Int { geometry.outputHeight * geometry.outputWidth }
    /// Rows of the window matrix: channels × kernel offsets.
    var windowRows: Int { channels * geometry.kernel.0 * geometry.kernel.1 }
    /// Rows of the window matrix one group reads (the weight matrix's columns).
    var groupWindowRows: Int { windowRows / groups }

    private var layout: ColumnLayout {
        ColumnLayout(channels: channels, batch: batch, windowSize: geometry.kernel.0 * geometry.kernel.1,
                     positions: positions)
    }

    /// The weight as an `[O, C/groups·kH·kW]` matrix.
    func matrix(_ weight: Tensor) -> Tensor { weight.contiguous().view([outChannels, groupWindowRows]) }

    /// `op(a)·op(b)` group by group: group `i` multiplies block `i` of each operand's rows (before any
    /// transposition) and writes block `i` of the result's `rows` rows. One product for one group.
    func groupwise(_ a: Tensor, transposed transposeA: Bool, _ b: Tensor, transposed transposeB: Bool, rows: Int) -> Tensor {
        if groups == 1 { return Tensor.product(a, transposed: transposeA, b, transposed: transposeB) }
        func block(_ matrix: Tensor, _ group: Int) -> Tensor {
            let size = matrix.shape[0] / groups
            return matrix.narrow(0, start: group * size, length: size)
        }
        let columns = transposeB ? b.shape[0] / groups : b.shape[1]
        let result = Tensor.empty([rows, columns], dtype: a.dtype)
        // Every operand (the weight matrix, the windows, the output gradient) holds a group's part in a block of
        // its rows.
        for group in 0..<groups {
            MatrixKernels.multiply(block(a, group), transposingA: transposeA, block(b, group), transposingB: transposeB,
                                   into: block(result, group))
        }
        return result
    }

    /// Every window of every sample, `[C·kH·kW, N·L]`.
    func columns(of input: Tensor) -> Tensor {
        let source = input.contiguous()
        let columns = Tensor.empty([windowRows, batch * positions], dtype: source.dtype)
        withExtendedLifetime(source) {
            if source.dtype == .float64 {
                WindowKernels.im2col(source.basePointer(Double.self), columns.basePointer(Double.self),
                                     planes: batch * channels, height: height, width: width, geometry, padding: 0,
                                     layout: layout)
            } else {
                WindowKernels.im2col(source.basePointer(Float.self), columns.basePointer(Float.self),
                                     planes: batch * channels, height: height, width: width, geometry, padding: 0,
                                     layout: layout)
            }
        }
        return columns
    }

    /// The products `[O, N·L]` laid out as the output `[N, O, outH, outW]` (or `shape`, with the same elements),
    /// plus `bias` per output channel.
    func output(from products: Tensor, bias: Tensor?, shape: [Int]? = nil) -> Tensor {
        let output = Tensor.empty(shape ?? [batch, outChannels, geometry.outputHeight, geometry.outputWidth],
                                  dtype: products.dtype)
        let bias = bias?.to(products.dtype).contiguous()
        withExtendedLifetime((products, bias)) {
            if products.dtype == .float64 {
                regroup(products.basePointer(Double.self), output.basePointer(Double.self), toSamples: true,
                        bias: bias?.basePointer(Double.self))
            } else {
                regroup(products.basePointer(Float.self), output.basePointer(Float.self), toSamples: true,
                        bias: bias?.basePointer(Float.self))
            }
        }
        return output
    }

    /// A new output `[N, O, outH, outW]` (or `shape`, with the same elements) written by `float` or `double`
    /// (whichever is `input`'s dtype) from contiguous `input`, `weight` and `bias` (in `input`'s dtype): the
    /// entry point of the convolutions that compute on raw memory (``DirectConvolution``, ``SampleConvolution``).
    func computeOutput(
        _ input: Tensor, weight: Tensor, bias: Tensor?, shape: [Int]?,
        float: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>?,
                UnsafeMutablePointer<Float>) -> Void,
        double: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>?,
                 UnsafeMutablePointer<Double>) -> Void
    ) -> Tensor {
        let output = Tensor.empty(shape ?? [batch, outChannels, geometry.outputHeight, geometry.outputWidth],
                                  dtype: input.dtype)
        let (source, weight, bias) = (input.contiguous(), weight.contiguous(), bias?.to(input.dtype).contiguous())
        withExtendedLifetime((source, weight, bias)) {
            if input.dtype == .float64 {
                double(source.basePointer(Double.self), weight.basePointer(Double.self),
                       bias?.basePointer(Double.self), output.basePointer(Double.self))
            } else {
                float(source.basePointer(Float.self), weight.basePointer(Float.self),
                      bias?.basePointer(Float.self), output.basePointer(Float.self))
            }
        }
        return output
    }

    /// The output gradient `[N, O, outH, outW]` as a `[O, N·L]` matrix.
    private func gradientMatrix(_ g: Tensor) -> Tensor {
        let source = g.contiguous()
        let matrix = Tensor.empty([outChannels, batch * positions], dtype: source.dtype)
        withExtendedLifetime(source) {
            if source.dtype == .float64 {
                regroup(source.basePointer(Double.self), matrix.basePointer(Double.self), toSamples: false, bias: nil)
            } else {
                regroup(source.basePointer(Float.self), matrix.basePointer(Float.self), toSamples: false, bias: nil)
            }
        }
        return matrix
    }

    /// Copies between `[O, N·L]` and `[N, O, L]` (`toSamples`) or back, a row of `L` at a time, adding `bias[o]`.
    private func regroup<T: BinaryFloatingPoint>(
        _ source: UnsafeMutablePointer<T>, _ target: UnsafeMutablePointer<T>, toSamples: Bool, bias: UnsafeMutablePointer<T>?
    ) {
        let (positions, outChannels) = (positions, outChannels)
        // Samples split across cores: a ResNet stage's output is tens of megabytes.
        Parallel.forRanges(count: batch, grain: Swift.max(1, Parallel.grainSize / Swift.max(1, outChannels * positions))) { samples in
            for sample in samples {
                for channel in 0..<outChannels {
                    let matrixRow = channel * batch * positions + sample * positions
                    let sampleRow = (sample * outChannels + channel) * positions
                    let from = source + (toSamples ? matrixRow : sampleRow), to = target + (toSamples ? sampleRow : matrixRow)
                    if let bias {
                        let shift = bias[channel]
                        for index in 0..<positions { to[index] = from[index] + shift }
                    } else {
                        to.update(from: from, count: positions)
                    }
                }
            }
        }
    }

    /// The input, weight and bias gradients (as `needs` asks), from the saved weight and windows.
    func gradients(_ g: Tensor, weight: Tensor, columns: Tensor?, needs: InputNeeds) -> InputGradients {
        let gradient = gradientMatrix(g)
        var result: InputGradients = InputGradients(nil, nil, nil)
        if needs[0] {
            result[0] = fold(groupwise(matrix(weight), transposed: true, gradient, transposed: false, rows: windowRows))
        }
        if needs[1], let columns {
            result[1] = groupwise(gradient, transposed: false, columns, transposed: true, rows: outChannels)
                .view(weight.shape)
        }
        if needs[2] { result[2] = gradient.sum(dims: [1]) }
        return result
    }

    /// Window gradients `[C·kH·kW, N·L]` summed back into the input's positions, `[N, C, H, W]`.
    private func fold(_ windows: Tensor) -> Tensor {
        let input = Tensor.zeros([batch, channels, height, width], dtype: windows.dtype)
        withExtendedLifetime(windows) {
            if windows.dtype == .float64 {
                WindowKernels.col2im(windows.basePointer(Double.self), input.basePointer(Double.self),
                                     planes: batch * channels, height: height, width: width, geometry, layout: layout)
            } else {
                WindowKernels.col2im(windows.basePointer(Float.self), input.basePointer(Float.self),
                                     planes: batch * channels, height: height, width: width, geometry, layout: layout)
            }
        }
        return input
    }

    /// The same gradients from recorded operations, for a backward pass that builds a graph (`createGraph`). As
    /// with the per-sample unfold, the input's gradient is differentiable in the weight and the output gradient
    /// only through the products, not through the final summation into the input's positions.
    func recordedGradients(_ g: Tensor, weight: Tensor, input: Tensor?, needs: InputNeeds) -> InputGradients {
        let perSample = g.reshape([batch, outChannels, positions])
        var result: InputGradients = InputGradients(nil, nil, nil)
        let (outPerGroup, rowsPerGroup) = (outChannels / groups, groupWindowRows)
        if needs[0] {
            let kernels = weight.reshape([groups, outPerGroup, rowsPerGroup]).transpose(1, 2)          // [g, K/g, O/g]
            let windows = kernels.matmul(perSample.reshape([batch, groups, outPerGroup, positions]))  // [N, g, K/g, L]
            result[0] = windows.reshape([batch, windowRows, positions]).fold2d(geometry, height: height, width: width)
        }
        if needs[1], let input {
            let columns = input.unfold2d(geometry).reshape([batch, groups, rowsPerGroup, positions])
            let perGroup = perSample.reshape([batch, groups, outPerGroup, positions])
            result[1] = perGroup.matmul(columns.transpose(2, 3)).sum(dims: [0]).reshape(weight.shape)
        }
        if needs[2] { result[2] = perSample.sum(dims: [0, 2]) }
        return result
    }
}
