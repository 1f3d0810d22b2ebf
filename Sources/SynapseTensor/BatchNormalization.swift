import CSynapseKernels

/// Training-mode batch normalisation as one operation with PyTorch's node (`NativeBatchNormBackward0`): two passes
/// over the input forward (the per-channel moments, then `x·scale + shift`) and two backward (the per-channel sums
/// of the output gradient, then `dy·a + x·b + c`), where the same normalisation written as separate operations
/// (mean, variance, subtract, multiply, scale, shift, and each one's backward) makes about twenty passes over a
/// tensor that, in a ResNet stage, is tens of megabytes.
extension Tensor {
    /// `input` `[N, C, *]` (float32 or float64) normalised per channel with the batch's mean and biased variance,
    /// then scaled by `weight` and shifted by `bias` (`[C]` each, or `nil`). Also returns the batch's mean and
    /// biased variance (`[C]`, the input's dtype, not differentiable) for the running statistics. `level` is the
    /// instruction-set level of the element-wise passes, forward and backward (`SYNAPSE_VM_ISA_*`; tests lower it).
    package static func batchNormTraining(_ input: Tensor, weight: Tensor?, bias: Tensor?, eps: Double,
                                          level: Int32 = -1) -> (output: Tensor, mean: Tensor, variance: Tensor) {
        let dtype = input.dtype
        let source = input.contiguous()
        let layout = ChannelLayout(input.shape, level: level)
        let output = Tensor.empty(input.shape, dtype: dtype)
        check((weight == nil) == (bias == nil), "batch_norm: expected both a weight and a bias, or neither")
        // Double-precision statistics per channel: mean, inverse standard deviation, biased variance.
        let moments = Tensor.empty([3, layout.channels], dtype: .float64)
        let (affineWeight, affineBias) = (weight?.to(dtype).contiguous(), bias?.to(dtype).contiguous())
        withExtendedLifetime((source, affineWeight, affineBias)) {
            let mean = moments.basePointer(Double.self)
            let (invstd, variance) = (mean + layout.channels, mean + 2 * layout.channels)
            if dtype == .float64 {
                layout.normalize(source.basePointer(Double.self), output.basePointer(Double.self), mean, invstd, variance,
                                 weight: affineWeight?.basePointer(Double.self), bias: affineBias?.basePointer(Double.self),
                                 eps: eps)
            } else {
                layout.normalize(source.basePointer(Float.self), output.basePointer(Float.self), mean, invstd, variance,
                                 weight: affineWeight?.basePointer(Float.self), bias: affineBias?.basePointer(Float.self),
                                 eps: eps)
            }
        }
        // Copies: the moments are saved for the backward pass.
        let (mean, variance) = (moments[0].clone().to(dtype), moments[2].clone().to(dtype))
        guard Autograd.needsGrad(input) || weight?.requiresGrad == true || bias?.requiresGrad == true,
              GradMode.isEnabled else {
            return (output, mean, variance)
        }
        let inputs = [input] + (weight.map { [$0] } ?? []) + (bias.map { [$0] } ?? [])
        let saved = [input, moments] + (weight.map { [$0] } ?? [])
        let result = Autograd.attach(output, name: "NativeBatchNormBackward0", inputs: inputs, saved: saved) { g, s, needs in
            let weight = s.count > 2 ? s[2] : nil
            if GradMode.isEnabled { return recordedBatchNormGradients(g, input: s[0], weight: weight, eps: eps, needs: needs) }
            let (dx, dw, db) = batchNormGradients(g, input: s[0], moments: s[1], weight: weight,
                                                  needs: (needs[0], needs[1] && weight != nil, needs[2] && weight != nil),
                                                  level: level)
            return InputGradients(dx, dw, db)
        }
        return (result, mean, variance)
    }

    /// The input, weight and bias gradients (each when asked for) of training-mode batch normalisation from the
    /// output gradient `g`, the input, its float64 moments (rows: mean, inverse standard deviation), and the weight;
    /// `level` as in ``batchNormTraining(_:weight:bias:eps:level:)``.
    static func batchNormGradients(_ g: Tensor, input: Tensor, moments: Tensor, weight: Tensor?,
                                   needs: (input: Bool, weight: Bool, bias: Bool), level: Int32 = -1)
        -> (Tensor?, Tensor?, Tensor?) {
        let dtype = input.dtype
        let layout = ChannelLayout(input.shape, level: level)
        let (gradient, source, weight) = (g.to(dtype).contiguous(), input.contiguous(), weight?.to(dtype).contiguous())
        let inputGradient = needs.input ? Tensor.empty(input.shape, dtype: dtype) : nil
        // Σ dy and Σ dy·(x − mean) per channel.
        let sums = Tensor.empty([2, layout.channels], dtype: .float64)
        withExtendedLifetime((gradient, source, weight, moments)) {
            let (mean, invstd) = (moments.basePointer(Double.self), moments.basePointer(Double.self) + layout.channels)
            let (sum, dot) = (sums.basePointer(Double.self), sums.basePointer(Double.self) + layout.channels)
            if dtype == .float64 {
                layout.backward(gradient.basePointer(Double.self), source.basePointer(Double.self), mean, invstd,
                                weight: weight?.basePointer(Double.self), sum: sum, dot: dot,
                                inputGradient: inputGradient?.basePointer(Double.self))
            } else {
                layout.backward(gradient.basePointer(Float.self), source.basePointer(Float.self), mean, invstd,
                                weight: weight?.basePointer(Float.self), sum: sum, dot: dot,
                                inputGradient: inputGradient?.basePointer(Float.self))
            }
        }
        let weightGradient = needs.weight ? (sums[1] * moments[1]).to(dtype) : nil
        let biasGradient = needs.bias ? sums[0].to(dtype) : nil
        return (inputGradient, weightGradient, biasGradient)
    }

    /// The same gradients from recorded operations, for a backward pass that builds a graph (`createGraph`): the
    /// statistics are recomputed from the input so that the gradient is differentiable in it.
    static func recordedBatchNormGradients(_ g: Tensor, input: Tensor, weight: Tensor?, eps: Double,
                                           needs: InputNeeds) -> InputGradients {
        let reduced = [0] + Array(2..<input.rank)
        let broadcast = [1, input.shape[1]] + Array(repeating: 1, count: input.rank - 2)
        let centered = input - input.mean(dims: reduced, keepdim: true)
        let invstd = (centered.pow(2).mean(dims: reduced, keepdim: true) + eps).rsqrt()
        let normalized = centered * invstd
        var result = InputGradients(nil, nil, nil)
        if needs[0] {
            let scale = weight.map { invstd * $0.view(broadcast) } ?? invstd
            let projection = normalized * (g * normalized).mean(dims: reduced, keepdim: true)
            result[0] = scale * (g - g.mean(dims: reduced, keepdim: true) - projection)
        }
        if needs[1] { result[1] = (g * normalized).sum(dims: reduced) }
        if needs[2] { result[2] = g.sum(dims: reduced) }
        return result
    }
}

/// An `[N, C, *]` batch as `N·C` contiguous runs of `size` elements, run `n·C + c` holding sample `n`'s channel `c`.
private struct ChannelLayout {
    let batch: Int, channels: Int, size: Int

    /// The instruction-set level of the element-wise passes (`SYNAPSE_VM_ISA_*`, -1 for the one in use).
    let level: Int32

    init(_ shape: [Int], level: Int32 = -1) {
        (batch, channels) = (shape[0], shape[1])
        size = shape.dropFirst(2).reduce(1, *)
        self.level = level
    }

    /// Whether the passes write their output with streaming stores: a tensor that can't stay in the caches anyway.
    private var stream: Bool { batch * channels * size >= BinaryKernels.streamingThreshold }

    /// Channels per thread below which splitting does not pay.
    private var grain: Int { Swift.max(1, Parallel.grainSize / Swift.max(1, batch * size)) }

    /// Each channel's mean, inverse standard deviation and biased variance, then `output = x·scale + shift`
    /// with `scale = weight·invstd` and `shift = bias − mean·scale`.
    func normalize<T: BatchNormScalar>(
        _ x: UnsafeMutablePointer<T>, _ output: UnsafeMutablePointer<T>, _ mean: UnsafeMutablePointer<Double>,
        _ invstd: UnsafeMutablePointer<Double>, _ variance: UnsafeMutablePointer<Double>,
        weight: UnsafeMutablePointer<T>?, bias: UnsafeMutablePointer<T>?, eps: Double
    ) {
        let count = Double(batch * size)
        Parallel.forRanges(count: channels, grain: grain) { range in
            for channel in range {
                let first = x + channel * size
                var (sum, squares) = (0.0, 0.0)
                // Shifted by one of the channel's values, so that the variance is a difference of small numbers.
                T.moments(first, batch, channels * size, size, first[0], &sum, &squares)
                let shiftedMean = sum / count
                mean[channel] = Double(first[0]) + shiftedMean
                variance[channel] = Swift.max(squares / count - shiftedMean * shiftedMean, 0)
                invstd[channel] = 1 / (variance[channel] + eps).squareRoot()
                let scale = (weight.map { Double($0[channel]) } ?? 1) * invstd[channel]
                let shift = (bias.map { Double($0[channel]) } ?? 0) - mean[channel] * scale
                let (a, b) = (T(scale), T(shift))
                for sample in 0..<batch {
                    let offset = (sample * channels + channel) * size
                    T.affine(x + offset, output + offset, size, a, b, stream: stream, level: level)
                }
            }
        }
    }

    /// Each channel's `Σ dy` and `Σ dy·(x − mean)` (into `sum`, `dot`), then, when `inputGradient` is given,
    /// `dx = weight·invstd·(dy − Σdy/M − (x − mean)·invstd²·Σdy·(x − mean)/M)` as `dy·a + x·b + c`.
    func backward<T: BatchNormScalar>(
        _ dy: UnsafeMutablePointer<T>, _ x: UnsafeMutablePointer<T>, _ mean: UnsafeMutablePointer<Double>,
        _ invstd: UnsafeMutablePointer<Double>, weight: UnsafeMutablePointer<T>?, sum: UnsafeMutablePointer<Double>,
        dot: UnsafeMutablePointer<Double>, inputGradient: UnsafeMutablePointer<T>?
    ) {
        let count = Double(batch * size)
        Parallel.forRanges(count: channels, grain: grain) { range in
            for channel in range {
                var (s, d) = (0.0, 0.0)
                T.gradientSums(dy + channel * size, x + channel * size, batch, channels * size, size,
                               T(mean[channel]), &s, &d)
                (sum[channel], dot[channel]) = (s, d)
                guard let inputGradient else { continue }
                let a = (weight.map { Double($0[channel]) } ?? 1) * invstd[channel]
                let b = -a * invstd[channel] * invstd[channel] * d / count
                let c = -a * s / count - mean[channel] * b
                let (ta, tb, tc) = (T(a), T(b), T(c))
                for sample in 0..<batch {
                    let offset = (sample * channels + channel) * size
                    T.inputGradient(dy + offset, x + offset, inputGradient + offset, size, ta, tb, tc,
                                    stream: stream, level: level)
                }
            }
        }
    }
}

/// The scalar types the batch normalisation kernels exist for.
protocol BatchNormScalar: BinaryFloatingPoint {
    /// `synapse_bn_moments_f32` or `_f64`.
    static func moments(_ x: UnsafePointer<Self>, _ rows: Int, _ rowStride: Int, _ length: Int, _ shift: Self,
                        _ sum: inout Double, _ squares: inout Double)
    /// `synapse_bn_gradient_sums_f32` or `_f64`.
    static func gradientSums(_ dy: UnsafePointer<Self>, _ x: UnsafePointer<Self>, _ rows: Int, _ rowStride: Int,
                             _ length: Int, _ mean: Self, _ sum: inout Double, _ dot: inout Double)
    /// `synapse_bn_affine_f32` or `_f64`: `out = x·a + b` over `count` elements.
    static func affine(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int, _ a: Self, _ b: Self,
                       stream: Bool, level: Int32)
    /// `synapse_bn_input_gradient_f32` or `_f64`: `out = dy·a + x·b + c` over `count` elements.
    static func inputGradient(_ dy: UnsafePointer<Self>, _ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>,
                              _ count: Int, _ a: Self, _ b: Self, _ c: Self, stream: Bool, level: Int32)
}

extension BatchNormScalar {
    /// Stops on a status other than 0 (a level this machine doesn't run: only tests ask for one, after checking).
    static func expectDone(_ status: Int32) {
        check(status == 0, "batch_norm: instruction-set level not available on this machine")
    }
}

extension Float: BatchNormScalar {
    static func moments(_ x: UnsafePointer<Float>, _ rows: Int, _ rowStride: Int, _ length: Int, _ shift: Float,
                        _ sum: inout Double, _ squares: inout Double) {
        synapse_bn_moments_f32(x, rows, rowStride, length, shift, &sum, &squares)
    }

    static func gradientSums(_ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ rows: Int, _ rowStride: Int,
                             _ length: Int, _ mean: Float, _ sum: inout Double, _ dot: inout Double) {
        synapse_bn_gradient_sums_f32(dy, x, rows, rowStride, length, mean, &sum, &dot)
    }

    static func affine(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int, _ a: Float,
                       _ b: Float, stream: Bool, level: Int32) {
        expectDone(synapse_bn_affine_f32(x, out, count, a, b, stream ? 1 : 0, level))
    }

    static func inputGradient(_ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                              _ count: Int, _ a: Float, _ b: Float, _ c: Float, stream: Bool, level: Int32) {
        expectDone(synapse_bn_input_gradient_f32(dy, x, out, count, a, b, c, stream ? 1 : 0, level))
    }
}

extension Double: BatchNormScalar {
    static func moments(_ x: UnsafePointer<Double>, _ rows: Int, _ rowStride: Int, _ length: Int, _ shift: Double,
                        _ sum: inout Double, _ squares: inout Double) {
        synapse_bn_moments_f64(x, rows, rowStride, length, shift, &sum, &squares)
    }

    static func gradientSums(_ dy: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ rows: Int, _ rowStride: Int,
                             _ length: Int, _ mean: Double, _ sum: inout Double, _ dot: inout Double) {
        synapse_bn_gradient_sums_f64(dy, x, rows, rowStride, length, mean, &sum, &dot)
    }

    static func affine(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int, _ a: Double,
                       _ b: Double, stream: Bool, level: Int32) {
        expectDone(synapse_bn_affine_f64(x, out, count, a, b, stream ? 1 : 0, level))
    }

    static func inputGradient(_ dy: UnsafePointer<Double>, _ x: UnsafePointer<Double>,
                              _ out: UnsafeMutablePointer<Double>, _ count: Int, _ a: Double, _ b: Double,
                              _ c: Double, stream: Bool, level: Int32) {
        expectDone(synapse_bn_input_gradient_f64(dy, x, out, count, a, b, c, stream ? 1 : 0, level))
    }
}
