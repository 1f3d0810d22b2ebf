import CSynapseKernels

/// Stride-1 convolutions with few channels (LeNet's), computed sample by sample over flat padded planes
/// (`synapse_conv.h`) rather than through a `[C·kH·kW, N·L]` window matrix and a matrix product: with a handful of
/// output channels that product has a few rows, and gathering the windows and reloading the output cost more than
/// the arithmetic. Each sample's padded input (a few KiB) stays in L1 while every tap reads it at a fixed shift.
///
/// The forward pass and the input gradient are independent per sample; the weight and bias gradients are summed
/// over a fixed number of sample chunks and then chunk by chunk, so the result does not depend on how many
/// threads ran the chunks.
struct DirectConvolution {
    let conv: BatchConvolution
    /// The `synapse_vmath_isa()` level the kernels run at (lowered in tests to check every path).
    let isa: Int32

    /// Output channels times window rows per group up to which the direct loops beat the product.
    static let maximumWeightsPerGroup = 4096
    /// Sample chunks the weight gradient is summed over (fewer for a smaller batch).
    static let gradientChunks = 8

    /// The direct loops for `conv`, when they apply and should win: float32 or float64, stride 1, the output size
    /// a plain convolution gives (no windows past the padding), and a small weight per group.
    init?(_ conv: BatchConvolution, dtype: DType, isa: Int32 = synapse_vmath_isa()) {
        let g = conv.geometry
        guard dtype == .float32 || dtype == .float64, g.stride == (1, 1),
              g.outputHeight == conv.height + g.padTop + g.padBottom - g.dilation.0 * (g.kernel.0 - 1),
              g.outputWidth == conv.width + g.padLeft + g.padRight - g.dilation.1 * (g.kernel.1 - 1),
              g.outputHeight > 0, g.outputWidth > 0, conv.batch > 0, conv.channels > 0,
              conv.outChannels / conv.groups * conv.groupWindowRows <= Self.maximumWeightsPerGroup
        else { return nil }
        self.conv = conv
        self.isa = isa
    }

    // Flat padded planes: the input padded to `paddedHeight × paddedWidth`; output position (y, x) is element
    // `y·paddedWidth + x` of its plane, and tap (ky, kx) reads the input at that index plus `shift`.

    private var paddedWidth: Int { conv.width + conv.geometry.padLeft + conv.geometry.padRight }
    private var paddedArea: Int { (conv.height + conv.geometry.padTop + conv.geometry.padBottom) * paddedWidth }
    private var taps: Int { conv.geometry.kernel.0 * conv.geometry.kernel.1 }
    private var inputsPerGroup: Int { conv.channels / conv.groups }
    private var outputsPerGroup: Int { conv.outChannels / conv.groups }
    /// Output positions computed per plane (the last row's dropped tail aside), rounded up to the kernels' block.
    private var outputLength: Int {
        Self.roundUp((conv.geometry.outputHeight - 1) * paddedWidth + conv.geometry.outputWidth)
    }
    /// Input positions computed per plane for the input gradient.
    private var inputLength: Int { Self.roundUp(paddedArea) }
    /// Stride of a padded input plane: reads reach `outputLength - 1 + largest shift` < `paddedArea + block`.
    private var inputStride: Int { paddedArea + Int(SYNAPSE_CONV_BLOCK) }
    /// The largest tap shift: the zeros in front of each output-gradient plane, so that reversed taps never
    /// read before it.
    private var front: Int { shifts.last! }
    /// Stride of an output-gradient plane: the zeros in front, then `inputLength` positions.
    private var gradientStride: Int { front + inputLength }

    private static func roundUp(_ n: Int) -> Int {
        let block = Int(SYNAPSE_CONV_BLOCK)
        return (n + block - 1) / block * block
    }

    /// The shift of each tap, row by row (increasing, so the last is the largest).
    private var shifts: [Int] {
        let g = conv.geometry
        var shifts: [Int] = []
        shifts.reserveCapacity(taps)
        for ky in 0..<g.kernel.0 {
            for kx in 0..<g.kernel.1 { shifts.append(ky * g.dilation.0 * paddedWidth + kx * g.dilation.1) }
        }
        return shifts
    }

    /// The output `[N, O, outH, outW]` (or `shape`, with the same elements) of `input` `[N, C, H, W]`, `weight`
    /// and `bias`, all of one dtype.
    func forward(_ input: Tensor, weight: Tensor, bias: Tensor?, shape: [Int]?) -> Tensor {
        conv.computeOutput(input, weight: weight, bias: bias, shape: shape,
                           float: { forward($0, $1, $2, $3) }, double: { forward($0, $1, $2, $3) })
    }

    private func forward<T: DirectConvolutionScalar>(
        _ input: UnsafeMutablePointer<T>, _ weight: UnsafeMutablePointer<T>, _ bias: UnsafeMutablePointer<T>?,
        _ output: UnsafeMutablePointer<T>
    ) {
        let (shifts, packed) = (self.shifts, packWeights(weight, reversed: false))
        let (outputLength, inputStride) = (outputLength, inputStride)
        let (inputsPerGroup, outputsPerGroup, taps) = (inputsPerGroup, outputsPerGroup, taps)
        let work = conv.batch * conv.outChannels * inputsPerGroup * taps * outputLength
        Parallel.forRanges(count: conv.batch, grain: samplesPerThread(work: work)) { samples in
            let padded = UnsafeMutablePointer<T>.allocate(capacity: conv.channels * inputStride)
            let planes = UnsafeMutablePointer<T>.allocate(capacity: conv.outChannels * outputLength)
            defer { padded.deallocate(); planes.deallocate() }
            padded.initialize(repeating: 0, count: conv.channels * inputStride)
            for sample in samples {
                pad(input + sample * conv.channels * conv.height * conv.width, into: padded)
                for channel in 0..<conv.outChannels {
                    (planes + channel * outputLength).initialize(repeating: bias?[channel] ?? 0, count: outputLength)
                }
                shifts.withUnsafeBufferPointer { shifts in
                    for group in 0..<conv.groups {
                        T.correlate(isa, outputsPerGroup, inputsPerGroup, taps,
                                    packed + group * outputsPerGroup * inputsPerGroup * taps, shifts.baseAddress!,
                                    padded + group * inputsPerGroup * inputStride, inputStride,
                                    planes + group * outputsPerGroup * outputLength, outputLength, outputLength)
                    }
                }
                crop(planes, planeStride: outputLength, offset: 0, planes: conv.outChannels,
                     into: output + sample * conv.outChannels * conv.positions,
                     height: conv.geometry.outputHeight, width: conv.geometry.outputWidth)
            }
        }
        packed.deallocate()
    }

    /// The input, weight and bias gradients, each when asked for, from the output gradient `g`, the weight and,
    /// for the weight's gradient, the input.
    func gradients(_ g: Tensor, weight: Tensor, input: Tensor?, needs: (input: Bool, weight: Bool, bias: Bool))
        -> (input: Tensor?, weight: Tensor?, bias: Tensor?) {
        let dtype = g.dtype
        let gradient = g.contiguous(), weight = weight.contiguous(), source = needs.weight ? input?.contiguous() : nil
        let inputGradient = needs.input ? Tensor.empty([conv.batch, conv.channels, conv.height, conv.width], dtype: dtype) : nil
        let weightGradient = source != nil ? Tensor.empty(weight.shape, dtype: dtype) : nil
        let biasGradient = needs.bias ? Tensor.empty([conv.outChannels], dtype: dtype) : nil
        guard inputGradient != nil || weightGradient != nil || biasGradient != nil else { return (nil, nil, nil) }
        withExtendedLifetime((gradient, weight, source)) {
            if dtype == .float64 {
                backward(gradient.basePointer(Double.self), weight.basePointer(Double.self),
                         source?.basePointer(Double.self), inputGradient?.basePointer(Double.self),
                         weightGradient?.basePointer(Double.self), biasGradient?.basePointer(Double.self))
            } else {
                backward(gradient.basePointer(Float.self), weight.basePointer(Float.self),
                         source?.basePointer(Float.self), inputGradient?.basePointer(Float.self),
                         weightGradient?.basePointer(Float.self), biasGradient?.basePointer(Float.self))
            }
        }
        return (inputGradient, weightGradient, biasGradient)
    }

    private func backward<T: DirectConvolutionScalar>(
        _ gradient: UnsafeMutablePointer<T>, _ weight: UnsafeMutablePointer<T>, _ input: UnsafeMutablePointer<T>?,
        _ inputGradient: UnsafeMutablePointer<T>?, _ weightGradient: UnsafeMutablePointer<T>?,
        _ biasGradient: UnsafeMutablePointer<T>?
    ) {
        let shifts = self.shifts, front = front
        let reversedShifts = shifts.map { front - $0 }
        let packed = inputGradient.map { _ in packWeights(weight, reversed: true) }
        let (outputLength, inputLength, inputStride, gradientStride) = (outputLength, inputLength, inputStride, gradientStride)
        let (inputsPerGroup, outputsPerGroup, taps) = (inputsPerGroup, outputsPerGroup, taps)
        let weightCount = conv.outChannels * inputsPerGroup * taps
        // Per chunk: the weight gradient, then the bias gradient.
        let chunks = Swift.min(conv.batch, Self.gradientChunks), partialSize = weightCount + conv.outChannels
        let partials = UnsafeMutablePointer<T>.allocate(capacity: chunks * partialSize)
        partials.initialize(repeating: 0, count: chunks * partialSize)
        defer { partials.deallocate(); packed?.deallocate() }
        let passes = (inputGradient != nil ? 1 : 0) + (weightGradient != nil ? 1 : 0)
        let work = conv.batch * weightCount * outputLength * Swift.max(passes, 1)
        Parallel.forRanges(count: chunks, grain: samplesPerThread(work: work) > conv.batch / 2 ? chunks : 1) { range in
            let planes = UnsafeMutablePointer<T>.allocate(capacity: conv.outChannels * gradientStride)
            let padded = UnsafeMutablePointer<T>.allocate(capacity: conv.channels * inputStride)
            let inputPlanes = UnsafeMutablePointer<T>.allocate(capacity: conv.channels * inputLength)
            defer { planes.deallocate(); padded.deallocate(); inputPlanes.deallocate() }
            planes.initialize(repeating: 0, count: conv.outChannels * gradientStride)
            padded.initialize(repeating: 0, count: conv.channels * inputStride)
            for chunk in range {
                let partial = partials + chunk * partialSize
                for sample in conv.batch * chunk / chunks ..< conv.batch * (chunk + 1) / chunks {
                    // The output gradient in flat padded planes, after `front` zeros; zero at dropped positions.
                    pad(gradient + sample * conv.outChannels * conv.positions, channels: conv.outChannels,
                        height: conv.geometry.outputHeight, width: conv.geometry.outputWidth, top: 0, left: 0,
                        rowStride: paddedWidth, planeStride: gradientStride, offset: front, into: planes)
                    if biasGradient != nil {
                        T.biasGradient(isa, conv.outChannels, planes + front, gradientStride, partial + weightCount,
                                       outputLength)
                    }
                    shifts.withUnsafeBufferPointer { shifts in
                        if let packed, let inputGradient {
                            inputPlanes.update(repeating: 0, count: conv.channels * inputLength)
                            reversedShifts.withUnsafeBufferPointer { reversed in
                                for group in 0..<conv.groups {
                                    T.correlate(isa, inputsPerGroup, outputsPerGroup, taps,
                                                packed + group * outputsPerGroup * inputsPerGroup * taps,
                                                reversed.baseAddress!, planes + group * outputsPerGroup * gradientStride,
                                                gradientStride, inputPlanes + group * inputsPerGroup * inputLength,
                                                inputLength, inputLength)
                                }
                            }
                            crop(inputPlanes, planeStride: inputLength,
                                 offset: conv.geometry.padTop * paddedWidth + conv.geometry.padLeft,
                                 planes: conv.channels, into: inputGradient + sample * conv.channels * conv.height * conv.width,
                                 height: conv.height, width: conv.width)
                        }
                        if weightGradient != nil, let input {
                            pad(input + sample * conv.channels * conv.height * conv.width, into: padded)
                            for group in 0..<conv.groups {
                                T.weightGradient(isa, outputsPerGroup, inputsPerGroup, taps,
                                                 planes + group * outputsPerGroup * gradientStride + front, gradientStride,
                                                 shifts.baseAddress!, padded + group * inputsPerGroup * inputStride,
                                                 inputStride, partial + group * outputsPerGroup * inputsPerGroup * taps,
                                                 outputLength)
                            }
                        }
                    }
                }
            }
        }
        // Chunk by chunk, in order.
        for (target, offset, count) in [(weightGradient, 0, weightCount), (biasGradient, weightCount, conv.outChannels)] {
            guard let target else { continue }
            target.update(from: partials + offset, count: count)
            for chunk in 1..<chunks {
                let partial = partials + chunk * partialSize + offset
                for index in 0..<count { target[index] += partial[index] }
            }
        }
    }

    /// Samples per thread below which splitting `work` multiply-adds over the batch does not pay.
    private func samplesPerThread(work: Int) -> Int {
        Swift.max(1, conv.batch * (1 << 20) / Swift.max(1, work))
    }

    /// One sample's input planes `[C, H, W]` into `padded` (whose padding is zero and stays so).
    private func pad<T: DirectConvolutionScalar>(_ sample: UnsafeMutablePointer<T>, into padded: UnsafeMutablePointer<T>) {
        pad(sample, channels: conv.channels, height: conv.height, width: conv.width, top: conv.geometry.padTop,
            left: conv.geometry.padLeft, rowStride: paddedWidth, planeStride: inputStride, offset: 0, into: padded)
    }

    /// Planes `[channels, height, width]` copied into rows of `rowStride` starting at row `top`, column `left`,
    /// after `offset` elements of each plane of `planeStride`. Elements in between are left as they are (zero).
    private func pad<T: DirectConvolutionScalar>(
        _ source: UnsafeMutablePointer<T>, channels: Int, height: Int, width: Int, top: Int, left: Int,
        rowStride: Int, planeStride: Int, offset: Int, into target: UnsafeMutablePointer<T>
    ) {
        for channel in 0..<channels {
            let plane = target + channel * planeStride + offset + top * rowStride + left
            for y in 0..<height {
                (plane + y * rowStride).update(from: source + (channel * height + y) * width, count: width)
            }
        }
    }

    /// The `[height, width]` windows at `offset` of flat padded planes (rows of `paddedWidth`) copied out densely.
    private func crop<T: DirectConvolutionScalar>(
        _ source: UnsafeMutablePointer<T>, planeStride: Int, offset: Int, planes: Int,
        into target: UnsafeMutablePointer<T>, height: Int, width: Int
    ) {
        for plane in 0..<planes {
            for y in 0..<height {
                (target + (plane * height + y) * width)
                    .update(from: source + plane * planeStride + offset + y * paddedWidth, count: width)
            }
        }
    }

    /// The weight `[O, C/g, kH, kW]` rearranged for `synapse_conv_correlate`: per group `[C/g, taps, O/g]` for the
    /// forward pass, or `[O/g, taps, C/g]` for the input gradient (which runs the taps' shifts backwards).
    private func packWeights<T: DirectConvolutionScalar>(_ weight: UnsafeMutablePointer<T>, reversed: Bool) -> UnsafeMutablePointer<T> {
        let (inputs, outputs, taps) = (inputsPerGroup, outputsPerGroup, taps)
        let packed = UnsafeMutablePointer<T>.allocate(capacity: conv.outChannels * inputs * taps)
        for group in 0..<conv.groups {
            let block = packed + group * outputs * inputs * taps
            for o in 0..<outputs {
                for c in 0..<inputs {
                    for t in 0..<taps {
                        let value = weight[((group * outputs + o) * inputs + c) * taps + t]
                        if reversed {
                            (block + (o * taps + t) * inputs + c).initialize(to: value)
                        } else {
                            (block + (c * taps + t) * outputs + o).initialize(to: value)
                        }
                    }
                }
            }
        }
        return packed
    }
}

/// The scalar types the direct convolution kernels exist for.
protocol DirectConvolutionScalar: BinaryFloatingPoint {
    /// `synapse_conv_correlate_f32` or `_f64`.
    static func correlate(_ isa: Int32, _ outputs: Int, _ inputs: Int, _ taps: Int, _ weights: UnsafePointer<Self>,
                          _ shifts: UnsafePointer<Int>, _ input: UnsafePointer<Self>, _ inputStride: Int,
                          _ output: UnsafeMutablePointer<Self>, _ outputStride: Int, _ length: Int)
    /// `synapse_conv_weight_grad_f32` or `_f64`.
    static func weightGradient(_ isa: Int32, _ outputs: Int, _ inputs: Int, _ taps: Int, _ g: UnsafePointer<Self>,
                               _ gStride: Int, _ shifts: UnsafePointer<Int>, _ input: UnsafePointer<Self>,
                               _ inputStride: Int, _ grad: UnsafeMutablePointer<Self>, _ length: Int)
    /// `synapse_conv_bias_grad_f32` or `_f64`.
    static func biasGradient(_ isa: Int32, _ outputs: Int, _ g: UnsafePointer<Self>, _ gStride: Int,
                             _ grad: UnsafeMutablePointer<Self>, _ length: Int)
}

extension Float: DirectConvolutionScalar {
    static func correlate(_ isa: Int32, _ outputs: Int, _ inputs: Int, _ taps: Int, _ weights: UnsafePointer<Float>,
                          _ shifts: UnsafePointer<Int>, _ input: UnsafePointer<Float>, _ inputStride: Int,
                          _ output: UnsafeMutablePointer<Float>, _ outputStride: Int, _ length: Int) {
        synapse_conv_correlate_f32(isa, outputs, inputs, taps, weights, shifts, input, inputStride, output,
                                   outputStride, length)
    }

    static func weightGradient(_ isa: Int32, _ outputs: Int, _ inputs: Int, _ taps: Int, _ g: UnsafePointer<Float>,
                               _ gStride: Int, _ shifts: UnsafePointer<Int>, _ input: UnsafePointer<Float>,
                               _ inputStride: Int, _ grad: UnsafeMutablePointer<Float>, _ length: Int) {
        synapse_conv_weight_grad_f32(isa, outputs, inputs, taps, g, gStride, shifts, input, inputStride, grad, length)
    }

    static func biasGradient(_ isa: Int32, _ outputs: Int, _ g: UnsafePointer<Float>, _ gStride: Int,
                             _ grad: UnsafeMutablePointer<Float>, _ length: Int) {
        synapse_conv_bias_grad_f32(isa, outputs, g, gStride, grad, length)
    }
}

extension Double: DirectConvolutionScalar {
    static func correlate(_ isa: Int32, _ outputs: Int, _ inputs: Int, _ taps: Int, _ weights: UnsafePointer<Double>,
                          _ shifts: UnsafePointer<Int>, _ input: UnsafePointer<Double>, _ inputStride: Int,
                          _ output: UnsafeMutablePointer<Double>, _ outputStride: Int, _ length: Int) {
        synapse_conv_correlate_f64(isa, outputs, inputs, taps, weights, shifts, input, inputStride, output,
                                   outputStride, length)
    }

    static func weightGradient(_ isa: Int32, _ outputs: Int, _ inputs: Int, _ taps: Int, _ g: UnsafePointer<Double>,
                               _ gStride: Int, _ shifts: UnsafePointer<Int>, _ input: UnsafePointer<Double>,
                               _ inputStride: Int, _ grad: UnsafeMutablePointer<Double>, _ length: Int) {
        synapse_conv_weight_grad_f64(isa, outputs, inputs, taps, g, gStride, shifts, input, inputStride, grad, length)
    }

    static func biasGradient(_ isa: Int32, _ outputs: Int, _ g: UnsafePointer<Double>, _ gStride: Int,
                             _ grad: UnsafeMutablePointer<Double>, _ length: Int) {
        synapse_conv_bias_grad_f64(isa, outputs, g, gStride, grad, length)
    }
}
