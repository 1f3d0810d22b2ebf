/// Average pooling as PyTorch's CPU kernels compute it: one operation with one backward node
/// (`AvgPool2DBackward0`), each window summed in row order and divided once, instead of gathering windows into
/// columns and reducing them.
extension Tensor {
    /// The mean of each window of an `[N, C, H, W]` float tensor (`torch.ops.aten.avg_pool2d`).
    ///
    /// `geometry` gives the windows (dilation 1); windows reaching past `H + padBottom` or `W + padRight`, as ceil
    /// mode makes, count only up to there. The divisor is `divisorOverride` when given, else the window's size
    /// within the padded input (`countIncludePad`) or within the input itself. A window wholly in the padding gives 0.
    public func avgPool2d(_ geometry: WindowGeometry, countIncludePad: Bool, divisorOverride: Int? = nil) -> Tensor {
        check(rank == 4, "avg_pool2d: expected a 4-D [N, C, H, W] tensor, got \(rank)-D")
        check(dtype == .float32 || dtype == .float64,
              "avg_pool2d: expected a float32 or float64 tensor, got \(dtype.scalarTypeName)")
        check(geometry.dilation == (1, 1), "avg_pool2d: windows have no dilation, got \(geometry.dilation)")
        if let divisorOverride { check(divisorOverride != 0, "divisor must be not zero") }
        let pooling = AveragePooling(geometry: geometry, height: shape[2], width: shape[3],
                                     countIncludePad: countIncludePad, divisorOverride: divisorOverride)
        let out = pooling.output([shape[0], shape[1], geometry.outputHeight, geometry.outputWidth], dtype: dtype,
                                 filled: .forward)
        pooling.run(.forward, from: contiguous(), into: out)
        guard Autograd.needsGrad(self) else { return out }
        let (batch, channels) = (shape[0], shape[1])
        return Autograd.attach(out, name: "AvgPool2DBackward0", inputs: self) { g, _, _ in
            InputGradients(pooling.backward(g, batch: batch, channels: channels))
        }
    }
}

/// One average pooling's windows and divisors over planes of a given size, with PyTorch's loops
/// (`cpu_avg_pool`, `cpu_avg_pool_backward`): each output sums its window row by row, then divides; the backward
/// adds `gradient / divisor` to every input of the window, windows in output order.
struct AveragePooling: Sendable {
    let geometry: WindowGeometry
    let height: Int, width: Int
    let countIncludePad: Bool
    let divisorOverride: Int?

    /// One window's extent along one dimension: the input rows (or columns) it covers, clipped to the input, and
    /// its length within the padded input.
    private struct Span {
        let start: Int, end: Int, padded: Int
    }

    private static func spans(count: Int, stride: Int, padBefore: Int, padAfter: Int, kernel: Int, size: Int) -> [Span] {
        (0..<count).map { index in
            let start = index * stride - padBefore
            let end = Swift.min(start + kernel, size + padAfter)
            let clippedStart = Swift.max(start, 0)
            return Span(start: clippedStart, end: Swift.max(Swift.min(end, size), clippedStart), padded: end - start)
        }
    }

    /// Every window's rows, columns and divisor (0 for a window wholly in the padding).
    private func windows() -> (rows: [Span], columns: [Span], divisors: [Int]) {
        let rows = Self.spans(count: geometry.outputHeight, stride: geometry.stride.0, padBefore: geometry.padTop,
                              padAfter: geometry.padBottom, kernel: geometry.kernel.0, size: height)
        let columns = Self.spans(count: geometry.outputWidth, stride: geometry.stride.1, padBefore: geometry.padLeft,
                                 padAfter: geometry.padRight, kernel: geometry.kernel.1, size: width)
        var divisors: [Int] = []
        divisors.reserveCapacity(rows.count * columns.count)
        for row in rows {
            for column in columns {
                if row.start == row.end || column.start == column.end {
                    divisors.append(0)
                } else if let divisorOverride {
                    divisors.append(divisorOverride)
                } else {
                    divisors.append(countIncludePad ? row.padded * column.padded
                                        : (row.end - row.start) * (column.end - column.start))
                }
            }
        }
        return (rows, columns, divisors)
    }

    private var grain: Int {
        Swift.max(1, (1 << 15) / Swift.max(1, height * width))
    }

    /// Writes the pooled `[planes, outH, outW]` values of the contiguous `[planes, H, W]` input.
    private func forward<T: BinaryFloatingPoint>(_ input: UnsafeMutablePointer<T>, _ output: UnsafeMutablePointer<T>, planes: Int) {
        let (height, width) = (height, width)
        forEachWindow(planes: planes) { plane, index, rows, columns, divisor in
            let source = input + plane &* height &* width
            var sum = T(0)
            for y in rows {
                let line = source + y &* width
                for x in columns { sum += line[x] }
            }
            output[index] = sum / T(divisor)
        }
    }

    /// The gradient with respect to the input, `[batch, channels, H, W]`, of the gradient `g` of the pooled output.
    /// Differentiable in `g` (PyTorch's `AvgPool2DBackwardBackward0`: pooling the incoming gradient).
    func backward(_ g: Tensor, batch: Int, channels: Int) -> Tensor {
        let out = output([batch, channels, height, width], dtype: g.dtype, filled: .backward)
        run(.backward, from: g.contiguous(), into: out)
        guard Autograd.needsGrad(g) else { return out }
        return Autograd.attach(out, name: "AvgPool2DBackwardBackward0", inputs: g) { gg, _, _ in
            InputGradients(gg.avgPool2d(geometry, countIncludePad: countIncludePad, divisorOverride: divisorOverride))
        }
    }

    /// Which of the two loops to run.
    enum Pass { case forward, backward }

    /// A new result of `pass` of `shape`: uninitialised when the pass writes every element (tiling windows, which
    /// for the backward must also cover the whole input), zeros otherwise (a window wholly in the padding outputs
    /// 0 and is skipped; the backward adds into its result).
    func output(_ shape: [Int], dtype: DType, filled pass: Pass) -> Tensor {
        let writesAll = tilingDivisor != nil && (pass == .forward || coversInput)
        return writesAll ? Tensor.empty(shape, dtype: dtype) : Tensor.zeros(shape, dtype: dtype)
    }

    /// Runs `pass` from the contiguous `source` into `out` (from ``output(_:dtype:filled:)``, float32 or float64
    /// like `source`): pooling `[N, C, H, W]` into `[N, C, outH, outW]`, or spreading an output gradient back.
    /// Tiling windows take their own loops.
    func run(_ pass: Pass, from source: Tensor, into out: Tensor) {
        let planes = out.shape[0] * out.shape[1]
        func run<T: BinaryFloatingPoint>(_ type: T.Type) {
            let (from, to) = (source.basePointer(T.self), out.basePointer(T.self))
            switch (pass, tilingDivisor) {
            case (.forward, let divisor?): forwardTiled(from, to, planes: planes, divisor: T(divisor))
            case (.forward, nil): forward(from, to, planes: planes)
            case (.backward, let divisor?): backwardTiled(from, to, planes: planes, divisor: T(divisor))
            case (.backward, nil): backward(from, to, planes: planes)
            }
        }
        withExtendedLifetime(source) {
            if out.dtype == .float64 { run(Double.self) } else { run(Float.self) }
        }
    }

    private func backward<T: BinaryFloatingPoint>(_ gradient: UnsafeMutablePointer<T>, _ gradInput: UnsafeMutablePointer<T>,
                                                 planes: Int) {
        let (height, width) = (height, width)
        forEachWindow(planes: planes) { plane, index, rows, columns, divisor in
            let target = gradInput + plane &* height &* width
            let delta = gradient[index] / T(divisor)
            for y in rows {
                let line = target + y &* width
                for x in columns { line[x] += delta }
            }
        }
    }

    /// Calls `body(plane, index, rows, columns, divisor)` for every window of every plane that covers part of the
    /// input, in output order within a plane, planes split across cores; `index` counts windows from the first
    /// plane's first (so it indexes the pooled output).
    @inline(__always)
    private func forEachWindow(planes: Int, _ body: (Int, Int, Range<Int>, Range<Int>, Int) -> Void) {
        let (rows, columns, divisors) = windows()
        let outputs = rows.count * columns.count
        Parallel.forRanges(count: planes, grain: grain) { range in
            for plane in range {
                var index = 0
                for row in rows {
                    for column in columns {
                        let divisor = divisors[index]
                        if divisor != 0 {
                            body(plane, plane &* outputs &+ index, row.start..<row.end, column.start..<column.end, divisor)
                        }
                        index &+= 1
                    }
                }
            }
        }
    }

    /// The divisor shared by every window when the windows tile the input without padding or overlap (the usual
    /// `AvgPool2d(2)`): `nil` otherwise.
    private var tilingDivisor: Int? {
        let g = geometry
        guard g.stride == g.kernel, g.padTop == 0, g.padLeft == 0,
              g.outputHeight * g.kernel.0 <= height, g.outputWidth * g.kernel.1 <= width else { return nil }
        return divisorOverride ?? g.kernel.0 * g.kernel.1
    }

    /// Whether the windows tile the whole input (every input element in exactly one window).
    private var coversInput: Bool {
        tilingDivisor != nil && geometry.outputHeight * geometry.kernel.0 == height
            && geometry.outputWidth * geometry.kernel.1 == width
    }

    /// ``forward(_:_:planes:)`` for tiling windows: each output row accumulates its windows' rows in place, one
    /// kernel row at a time, so every window still adds its elements in row order and the loops vectorise.
    private func forwardTiled<T: BinaryFloatingPoint>(
        _ input: UnsafeMutablePointer<T>, _ output: UnsafeMutablePointer<T>, planes: Int, divisor: T
    ) {
        let (kernelH, kernelW) = geometry.kernel
        let outW = geometry.outputWidth
        forEachTiledRow(planes: planes) { outputRow, inputRow, ky in
            let target = output + outputRow, line = input + inputRow
            if ky == 0 { target.update(repeating: 0, count: outW) }
            if kernelW == 2 {
                for ox in 0..<outW { target[ox] = target[ox] + line[2 &* ox] + line[2 &* ox &+ 1] }
            } else {
                for ox in 0..<outW {
                    var sum = target[ox]
                    for kx in 0..<kernelW { sum += line[ox &* kernelW &+ kx] }
                    target[ox] = sum
                }
            }
            if ky == kernelH - 1 { for ox in 0..<outW { target[ox] /= divisor } }
        }
    }

    /// ``backward(_:_:planes:)`` for tiling windows: each input position receives one window's share.
    private func backwardTiled<T: BinaryFloatingPoint>(
        _ gradient: UnsafeMutablePointer<T>, _ gradInput: UnsafeMutablePointer<T>, planes: Int, divisor: T
    ) {
        let kernelW = geometry.kernel.1
        let outW = geometry.outputWidth
        forEachTiledRow(planes: planes) { outputRow, inputRow, _ in
            let source = gradient + outputRow, line = gradInput + inputRow
            // `0 +` as PyTorch adds into a zeroed gradient: a -0 share becomes +0 there too.
            if kernelW == 2 {
                for ox in 0..<outW {
                    let delta = 0 + source[ox] / divisor
                    line[2 &* ox] = delta
                    line[2 &* ox &+ 1] = delta
                }
            } else {
                for ox in 0..<outW {
                    let delta = 0 + source[ox] / divisor
                    for kx in 0..<kernelW { line[ox &* kernelW &+ kx] = delta }
                }
            }
        }
    }

    /// Calls `body(outputRow, inputRow, ky)` with the element offsets of every output row and of each of the
    /// `kernelH` input rows its windows cover (`ky` in order), planes split across cores.
    @inline(__always)
    private func forEachTiledRow(planes: Int, _ body: (Int, Int, Int) -> Void) {
        let (height, width) = (height, width)
        let kernelH = geometry.kernel.0
        let (outH, outW) = (geometry.outputHeight, geometry.outputWidth)
        Parallel.forRanges(count: planes, grain: grain) { range in
            for plane in range {
                for oy in 0..<outH {
                    for ky in 0..<kernelH {
                        let row: Int = oy &* kernelH &+ ky
                        body((plane &* outH &+ oy) &* outW, (plane &* height &+ row) &* width, ky)
                    }
                }
            }
        }
    }
}
