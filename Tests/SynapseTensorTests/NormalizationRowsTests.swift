import Testing
import CSynapseKernels
@testable import SynapseTensor

/// The float32 row kernels of softmax, log-softmax and layer normalisation (`softmax_row.c`, `layer_norm.c`)
/// against the same operations in float64 (the generic Swift loops), on odd widths, special values, every
/// instruction-set level of the layer norm, and one or two threads.
@Suite struct NormalizationRowsTests {
    /// `|a - e| ≤ tolerance · max(1, |e|)` element by element, NaN matching NaN and infinities exactly.
    static func problem(_ actual: Tensor, _ expected: Tensor, tolerance: Double) -> String? {
        let a = actual.toArray(of: Double.self), e = expected.toArray(of: Double.self)
        guard a.count == e.count else { return "\(a.count) elements, expected \(e.count)" }
        for index in a.indices {
            if a[index].isNaN && e[index].isNaN { continue }
            if e[index].isInfinite ? a[index] == e[index] : Swift.abs(a[index] - e[index]) <= tolerance * Swift.max(1, Swift.abs(e[index])) {
                continue
            }
            return "element \(index): \(a[index]), expected \(e[index])"
        }
        return nil
    }

    @Test("Softmax and log-softmax of float32 rows match float64 on odd widths", arguments: [1, 3, 15, 16, 17, 100, 384, 1025])
    func softmaxMatchesDouble(width: Int) {
        let x = Tensor.randn([37, width], generator: Generator(seed: UInt64(width))) * 4
        for log in [false, true] {
            let actual = log ? x.logSoftmax(dim: -1) : x.softmax(dim: -1)
            let wide = x.to(.float64)
            let expected = log ? wide.logSoftmax(dim: -1) : wide.softmax(dim: -1)
            let problem = Self.problem(actual, expected, tolerance: 3e-6)
            #expect(problem == nil, "width \(width) log \(log): \(problem ?? "")")
        }
    }

    @Test("A NaN or a row of -inf makes the row NaN, -inf entries give 0 (softmax) and -inf (log-softmax)")
    func softmaxSpecialValues() {
        let rows: [[Float]] = [
            [1, .nan, 3, 4], [-.infinity, -.infinity, -.infinity, -.infinity], [-.infinity, 0, 1, -.infinity],
            [.infinity, 0, 1, 2],
        ]
        let x = Tensor(flat: rows.flatMap { $0 }, shape: [4, 4])
        for log in [false, true] {
            let actual = log ? x.logSoftmax(dim: 1) : x.softmax(dim: 1)
            let wide = x.to(.float64)
            let expected = log ? wide.logSoftmax(dim: 1) : wide.softmax(dim: 1)
            let problem = Self.problem(actual, expected, tolerance: 1e-6)
            #expect(problem == nil, "log \(log): \(problem ?? "")")
            let values = actual.toArray(of: Double.self)
            #expect(values[0..<8].allSatisfy { $0.isNaN })
            #expect(values[8] == (log ? -.infinity : 0))
        }
    }

    @Test("Softmax rows with a NaN, +inf or only -inf anywhere, at every level, match float64", arguments: [20, 40, 100])
    func softmaxSpecialValuesInLongRows(width: Int) {
        // A NaN at the start of a row (it starts a lane of the maximum), inside, at the end; +inf; -inf rows.
        var rows: [[Float]] = []
        for position in [0, 17, width - 1] {
            var row = (0..<width).map { Float($0 % 13) - 6 }
            row[position] = .nan
            rows.append(row)
            row[position] = .infinity
            rows.append(row)
            row = Array(repeating: -.infinity, count: width)
            rows.append(row)
            row[position] = .nan
            rows.append(row)
            row[position] = 2
            rows.append(row)
        }
        let x = Tensor(flat: rows.flatMap { $0 }, shape: [rows.count, width])
        let wide = x.to(.float64)
        for level in VectorMath.supportedLevels {
            for log in [false, true] {
                let y = Tensor.empty([rows.count, width])
                withExtendedLifetime(x) {
                    NormalizationRows.softmax(x.basePointer(Float.self), y.basePointer(Float.self), rows: rows.count,
                                              width: width, log: log, level: Int32(level))
                }
                let expected = log ? wide.logSoftmax(dim: 1) : wide.softmax(dim: 1)
                let problem = Self.problem(y, expected, tolerance: 3e-6)
                #expect(problem == nil, "width \(width) level \(level) log \(log): \(problem ?? "")")
            }
        }
    }

    @Test("Attention's in-place row softmax: a masked row gives zeros, unless it holds a NaN", arguments: [5, 40])
    func attentionRowSoftmax(width: Int) {
        var masked = [Float](repeating: -.infinity, count: width)
        synapse_softmax_row_f32(&masked, width)
        #expect(masked.allSatisfy { $0 == 0 })
        var maskedNaN = [Float](repeating: -.infinity, count: width)
        maskedNaN[width - 2] = .nan
        synapse_softmax_row_f32(&maskedNaN, width)
        #expect(maskedNaN.allSatisfy { $0.isNaN })
        var withNaN = (0..<width).map { Float($0) / 3 }
        withNaN[width / 2 + 1] = .nan
        synapse_softmax_row_f32(&withNaN, width)
        #expect(withNaN.allSatisfy { $0.isNaN })
        var plain = (0..<width).map { Float(($0 * 7) % 11) - 5 }
        let expected = Tensor(flat: plain, shape: [width]).to(.float64).softmax(dim: 0)
        synapse_softmax_row_f32(&plain, width)
        #expect(Self.problem(Tensor(flat: plain, shape: [width]), expected, tolerance: 3e-6) == nil)
    }

    @Test("A softmax level above what the machine runs is refused")
    func softmaxRefusesUnsupportedLevel() {
        let x: [Float] = [1, 2, 3]
        var y: [Float] = [0, 0, 0]
        #expect(synapse_softmax_rows_f32(x, &y, 3, 0, 1, 0, 3) == -1)
        #expect(synapse_softmax_rows_f32(x, &y, 3, 0, 1, 0, 0) == 0)
        #expect(Swift.abs(y.reduce(0, +) - 1) < 1e-6)
    }

    /// The C layer norm of the rows of `x` (`[rows, width]`, float32) at instruction-set `level`, eps 1e-5: the
    /// output and the rows' means.
    static func layerNormRows(_ x: Tensor, weight w: Tensor?, bias b: Tensor?, level: Int) -> (Tensor, Tensor) {
        let (rows, width) = (x.shape[0], x.shape[1])
        let y = Tensor.empty([rows, width]), mean = Tensor.empty([rows]), rstd = Tensor.empty([rows])
        withExtendedLifetime((x, w, b)) {
            NormalizationRows.layerNorm(x.basePointer(Float.self), y.basePointer(Float.self), rows: rows,
                                        width: width, weight: w.map { UnsafePointer($0.basePointer(Float.self)) },
                                        bias: b.map { UnsafePointer($0.basePointer(Float.self)) }, eps: 1e-5,
                                        mean: mean.basePointer(Float.self), rstd: rstd.basePointer(Float.self),
                                        level: Int32(level))
        }
        return (y, mean)
    }

    @Test("Layer norm of float32 rows matches float64 at every instruction-set level", arguments: [1, 7, 16, 33, 128, 384, 1000])
    func layerNormMatchesDouble(width: Int) {
        let generator = Generator(seed: UInt64(100 + width))
        let rows = 9
        let x = Tensor.randn([rows, width], generator: generator) * 3 + 1
        let weight = Tensor.randn([width], generator: generator), bias = Tensor.randn([width], generator: generator)
        let expected = x.to(.float64).layerNorm(normalizedDimensions: 1, weight: weight.to(.float64),
                                                bias: bias.to(.float64), eps: 1e-5)
        for level in VectorMath.supportedLevels {
            for (w, b) in [(weight, bias), (nil, bias), (weight, nil), (nil, nil)] as [(Tensor?, Tensor?)] {
                let (y, mean) = Self.layerNormRows(x, weight: w, bias: b, level: level)
                let want = w == nil && b == nil
                    ? x.to(.float64).layerNorm(normalizedDimensions: 1, weight: nil, bias: nil, eps: 1e-5)
                    : x.to(.float64).layerNorm(normalizedDimensions: 1, weight: w?.to(.float64),
                                               bias: b?.to(.float64), eps: 1e-5)
                let problem = Self.problem(y, want, tolerance: 2e-5)
                #expect(problem == nil, "width \(width) level \(level): \(problem ?? "")")
                let statistics = Self.problem(mean, x.to(.float64).mean(dim: 1), tolerance: 1e-6)
                #expect(statistics == nil, "mean, width \(width) level \(level): \(statistics ?? "")")
            }
        }
        // Through the public API.
        let viaAPI = x.layerNorm(normalizedDimensions: 1, weight: weight, bias: bias, eps: 1e-5)
        #expect(Self.problem(viaAPI, expected, tolerance: 2e-5) == nil)
    }

    @Test("One thread and two threads give the same bits")
    func threadCountIndependent() {
        let previous = getNumThreads()
        defer { setNumThreads(previous) }
        let generator = Generator(seed: 3)
        let a = Tensor.randn([1024, 384], generator: generator), b = Tensor.randn([12288, 128], generator: generator)
        let weight = Tensor.randn([384], generator: generator), bias = Tensor.randn([384], generator: generator)
        func work() -> [Tensor] {
            [a.softmax(dim: -1), a.logSoftmax(dim: -1), b.softmax(dim: 1),
             a.layerNorm(normalizedDimensions: 1, weight: weight, bias: bias, eps: 1e-5),
             a.addLayerNorm(a * 0.5 - 1, weight: weight, bias: bias, eps: 1e-5)!]
        }
        expectSameResultsOnOneAndTwoThreads(work)
    }

    @Test("A layer-norm level above what the machine runs is refused")
    func refusesUnsupportedLevel() {
        let x: [Float] = [1, 2, 3]
        var y: [Float] = [0, 0, 0]
        var mean: Float = 0, rstd: Float = 0
        #expect(synapse_layer_norm_rows_f32(x, &y, 3, 0, 1, nil, nil, 1e-5, &mean, &rstd, 3) == -1)
        #expect(synapse_layer_norm_rows_f32(x, &y, 3, 0, 1, nil, nil, 1e-5, &mean, &rstd, 0) == 0)
        #expect(mean == 2)
    }
}
