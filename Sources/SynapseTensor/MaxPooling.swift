/// Max pooling as PyTorch's CPU kernel computes it: one operation (`MaxPool2DWithIndicesBackward0`) that scans
/// each window row by row, keeps the first largest element (a NaN wins over numbers, and a later NaN over an
/// earlier one), and records its position; the backward pass adds each output's gradient at that position.
extension Tensor {
    /// The largest element of each window of an `[N, C, H, W]` float tensor and its index in its `H·W` plane
    /// (`torch.ops.aten.max_pool2d_with_indices`). `geometry` gives the windows; positions outside the input are
    /// skipped (PyTorch's −∞ padding), and every window must reach into the input.
    public func maxPool2dWithIndices(_ geometry: WindowGeometry) -> (values: Tensor, indices: Tensor) {
        check(rank == 4, "max_pool2d: expected a 4-D [N, C, H, W] tensor, got \(rank)-D")
        check(dtype == .float32 || dtype == .float64,
              "max_pool2d: expected a float32 or float64 tensor, got \(dtype.scalarTypeName)")
        let pooling = MaxPooling(geometry: geometry, height: shape[2], width: shape[3])
        pooling.checkEveryWindowReachesTheInput()
        let outputShape = [shape[0], shape[1], geometry.outputHeight, geometry.outputWidth]
        let values = Tensor.empty(outputShape, dtype: dtype), indices = Tensor.empty(outputShape, dtype: .int64)
        let input = contiguous()
        withExtendedLifetime(input) {
            let planes = shape[0] * shape[1], positions = indices.basePointer(Int64.self)
            if dtype == .float64 {
                pooling.forward(input.basePointer(Double.self), values.basePointer(Double.self), positions, planes: planes)
            } else {
                pooling.forward(input.basePointer(Float.self), values.basePointer(Float.self), positions, planes: planes)
            }
        }
        guard Autograd.needsGrad(self) else { return (values, indices) }
        let inputShape = shape
        // As PyTorch: the input and the indices are saved.
        Autograd.attach(values, name: "MaxPool2DWithIndicesBackward0", inputs: self, saved: self, indices) { g, s, _ in
            InputGradients(MaxPooling.backward(g, indices: s[1], inputShape: inputShape))
        }
        return (values, indices)
    }
}

/// The windows of one max pooling over planes of a given size (PyTorch's `cpu_max_pool`).
struct MaxPooling {
    let geometry: WindowGeometry
    let height: Int, width: Int

    /// Stops with a clear message when a window has no element inside the input (a geometry that doesn't fit it):
    /// its "largest element" would have no position.
    func checkEveryWindowReachesTheInput() {
        let g = geometry
        func reaches(_ index: Int, stride: Int, pad: Int, kernel: Int, dilation: Int, size: Int) -> Bool {
            let start = index * stride - pad
            return (0..<kernel).contains { start + $0 * dilation >= 0 && start + $0 * dilation < size }
        }
        for oy in 0..<g.outputHeight {
            check(reaches(oy, stride: g.stride.0, pad: g.padTop, kernel: g.kernel.0, dilation: g.dilation.0, size: height),
                  "max_pool2d: window row \(oy) of \(g.outputHeight) has no element inside an input of height \(height)")
        }
        for ox in 0..<g.outputWidth {
            check(reaches(ox, stride: g.stride.1, pad: g.padLeft, kernel: g.kernel.1, dilation: g.dilation.1, size: width),
                  "max_pool2d: window column \(ox) of \(g.outputWidth) has no element inside an input of width \(width)")
        }
    }

    /// Writes each window's largest value and its index in the plane.
    func forward<T: BinaryFloatingPoint>(
        _ input: UnsafeMutablePointer<T>, _ values: UnsafeMutablePointer<T>, _ indices: UnsafeMutablePointer<Int64>,
        planes: Int
    ) {
        let g = geometry, (height, width) = (height, width)
        let outputs = g.outputHeight * g.outputWidth
        Parallel.forRanges(count: planes, grain: Swift.max(1, (1 << 15) / Swift.max(1, height * width))) { range in
            for plane in range {
                let source = input + plane * height * width
                var output = plane * outputs
                for oy in 0..<g.outputHeight {
                    var y0 = oy * g.stride.0 - g.padTop
                    let y1 = Swift.min(y0 + (g.kernel.0 - 1) * g.dilation.0 + 1, height)
                    while y0 < 0 { y0 += g.dilation.0 }
                    for ox in 0..<g.outputWidth {
                        var x0 = ox * g.stride.1 - g.padLeft
                        let x1 = Swift.min(x0 + (g.kernel.1 - 1) * g.dilation.1 + 1, width)
                        while x0 < 0 { x0 += g.dilation.1 }
                        var largest = -T.infinity, position = y0 * width + x0
                        var y = y0
                        while y < y1 {
                            var x = x0
                            while x < x1 {
                                let value = source[y * width + x]
                                if value > largest || value.isNaN {
                                    largest = value
                                    position = y * width + x
                                }
                                x += g.dilation.1
                            }
                            y += g.dilation.0
                        }
                        values[output] = largest
                        indices[output] = Int64(position)
                        output += 1
                    }
                }
            }
        }
    }

    /// The input's gradient: each output's gradient added at its recorded position, in output order. Recorded
    /// (a scatter-add, differentiable in `g`) when grad mode is on.
    static func backward(_ g: Tensor, indices: Tensor, inputShape: [Int]) -> Tensor {
        let (batch, channels) = (inputShape[0], inputShape[1])
        let plane = inputShape[2] * inputShape[3], outputs = indices.shape[2] * indices.shape[3]
        if GradMode.isEnabled {
            return Tensor.zeros([batch, channels, plane], dtype: g.dtype)
                .scatterAdd(2, indices.reshape([batch, channels, outputs]), g.reshape([batch, channels, outputs]))
                .view(inputShape)
        }
        let gradient = g.contiguous()
        let result = Tensor.zeros(inputShape, dtype: g.dtype)
        func spread<T: BinaryFloatingPoint>(_: T.Type) {
            let source = gradient.basePointer(T.self), target = result.basePointer(T.self)
            let positions = indices.basePointer(Int64.self)
            Parallel.forRanges(count: batch * channels, grain: Swift.max(1, (1 << 15) / Swift.max(1, plane))) { range in
                for index in range {
                    for output in index * outputs ..< (index + 1) * outputs {
                        target[index * plane + Int(positions[output])] += source[output]
                    }
                }
            }
        }
        withExtendedLifetime((gradient, indices)) {
            if g.dtype == .float64 { spread(Double.self) } else { spread(Float.self) }
        }
        return result
    }
}
