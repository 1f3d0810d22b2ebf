/// Layer normalisation as one operation (`torch.native_layer_norm`): per row of the trailing dimensions, the mean
/// and the biased variance (accumulated in double precision), then `(x - mean) · rstd · weight + bias` in one pass,
/// instead of the six passes of the composed formula. Recorded as `NativeLayerNormBackward0`, whose gradients are
/// built from differentiable operations so that they can be differentiated again.
extension Tensor {
    /// Normalises the trailing `normalizedDimensions` dimensions of this tensor to mean 0 and variance 1, then
    /// scales by `weight` and shifts by `bias` (both shaped like those dimensions, or `nil`).
    ///
    /// ```swift
    /// let y = x.layerNorm(normalizedDimensions: 1, weight: gamma, bias: beta, eps: 1e-5)   // F.layer_norm(x, (E,), …)
    /// ```
    public func layerNorm(normalizedDimensions count: Int, weight: Tensor?, bias: Tensor?, eps: Double) -> Tensor {
        check(count >= 1 && count <= rank, "layer_norm: normalized_shape must have 1 to \(rank) dimensions, got \(count)")
        let normalized = Array(shape.suffix(count))
        for (name, parameter) in [("weight", weight), ("bias", bias)] {
            guard let parameter else { continue }
            check(parameter.shape == normalized,
                  "Expected \(name) to be of same shape as normalized_shape, but got \(name) of shape \(Tensor.shapeString(parameter.shape)) and normalized_shape = \(Tensor.shapeString(normalized))")
        }
        guard dtype == .float32 || dtype == .float64 else {
            check(dtype.isFloatingPoint, "layer_norm: expected a floating point input, got \(dtype.scalarTypeName)")
            let wide = to(.float32).layerNorm(normalizedDimensions: count, weight: weight?.to(.float32),
                                              bias: bias?.to(.float32), eps: eps)
            return Autocast.dtype == nil ? wide.to(dtype) : wide  // autocast keeps layer_norm's output float32
        }
        let input = contiguous()
        let width = Tensor.elementCount(normalized)
        let rows = width == 0 ? 0 : numel / width
        let statisticsShape = Array(shape.dropLast(count)) + Array(repeating: 1, count: count)
        let output = Tensor.empty(shape, dtype: dtype)
        let mean = Tensor.empty(statisticsShape, dtype: dtype), rstd = Tensor.empty(statisticsShape, dtype: dtype)
        let (w, b) = (weight?.to(dtype).contiguous(), bias?.to(dtype).contiguous())
        noGrad {
            if dtype == .float32 {
                withExtendedLifetime((input, w, b)) {
                    NormalizationRows.layerNorm(input.basePointer(Float.self), output.basePointer(Float.self),
                                                rows: rows, width: width, weight: w?.basePointer(Float.self),
                                                bias: b?.basePointer(Float.self), eps: eps,
                                                mean: mean.basePointer(Float.self), rstd: rstd.basePointer(Float.self))
                }
            } else {
                LayerNormKernel.run(Double.self, input, w, b, output, mean, rstd, rows: rows, width: width, eps: eps)
            }
        }
        let inputs = [self] + [weight, bias].compactMap { $0 }
        guard Autograd.needsGrad(inputs) else { return output }
        let dims = Array((rank - count)..<rank)
        return Autograd.attach(output, name: "NativeLayerNormBackward0", inputs: inputs, saved: [input]) { g, s, needs in
            let x = s[0]
            let normalizedInput = (x - mean) * rstd
            let scaled = weight.map { g * $0 } ?? g
            var gradients: [Tensor?] = []
            if needs[0] {
                let average = scaled.mean(dims: dims, keepdim: true)
                let projection = (scaled * normalizedInput).mean(dims: dims, keepdim: true)
                gradients.append(rstd * (scaled - average - normalizedInput * projection))
            } else {
                gradients.append(nil)
            }
            let leading = Array(0..<(x.rank - count))
            if weight != nil {
                let product = g * normalizedInput
                gradients.append(needs[gradients.count] ? (leading.isEmpty ? product : product.sum(dims: leading)) : nil)
            }
            if bias != nil {
                gradients.append(needs[gradients.count] ? (leading.isEmpty ? g : g.sum(dims: leading)) : nil)
            }
            return InputGradients(gradients)
        }
    }
}

/// The forward loops of ``Tensor/layerNorm(normalizedDimensions:weight:bias:eps:)`` for float64 (float32 runs the C
/// kernel of ``NormalizationRows``).
enum LayerNormKernel {
    /// Normalises `rows` contiguous rows of `width` elements of `input` into `output`, writing each row's mean and
    /// `1/√(var + eps)`.
    static func run<T: BinaryFloatingPoint & TensorElement>(
        _: T.Type, _ input: Tensor, _ weight: Tensor?, _ bias: Tensor?, _ output: Tensor, _ mean: Tensor,
        _ rstd: Tensor, rows: Int, width: Int, eps: Double
    ) {
        let x = input.basePointer(T.self), y = output.basePointer(T.self)
        let means = mean.basePointer(T.self), rstds = rstd.basePointer(T.self)
        let w = weight?.basePointer(T.self), b = bias?.basePointer(T.self)
        let grain = Swift.max(1, Parallel.grainSize / Swift.max(width, 1))
        withExtendedLifetime((input, weight, bias)) {
            Parallel.forRanges(count: rows, grain: grain) { range in
                for row in range {
                    let xs = x + row * width, ys = y + row * width
                    let average = LayerNormKernel.sum(width) { Double(xs[$0]) } / Double(width)
                    let squares = LayerNormKernel.sum(width) { (Double(xs[$0]) - average) * (Double(xs[$0]) - average) }
                    let scale = 1 / (squares / Double(width) + eps).squareRoot()
                    means[row] = T(average)
                    rstds[row] = T(scale)
                    let (shift, factor) = (T(average), T(scale))
                    switch (w, b) {
                    case let (w?, b?): for j in 0..<width { ys[j] = (xs[j] - shift) * factor * w[j] + b[j] }
                    case let (w?, nil): for j in 0..<width { ys[j] = (xs[j] - shift) * factor * w[j] }
                    case let (nil, b?): for j in 0..<width { ys[j] = (xs[j] - shift) * factor + b[j] }
                    case (nil, nil): for j in 0..<width { ys[j] = (xs[j] - shift) * factor }
                    }
                }
            }
        }
    }

    /// `Σ term(j)` for `j` in `0..<count`, over eight interleaved partial sums so the additions don't wait on
    /// each other.
    @inline(__always)
    static func sum(_ count: Int, _ term: (Int) -> Double) -> Double {
        var partial = SIMD8<Double>()
        var j = 0
        while j + 8 <= count {
            partial += SIMD8(term(j), term(j + 1), term(j + 2), term(j + 3), term(j + 4), term(j + 5), term(j + 6),
                             term(j + 7))
            j += 8
        }
        var total = partial.sum()
        while j < count { total += term(j); j += 1 }
        return total
    }
}
