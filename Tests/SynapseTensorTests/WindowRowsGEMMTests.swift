import CSynapseKernels
import Testing
@testable import SynapseTensor

/// The weight gradient's product with the windows as `A`, read in place from padded planes
/// (``NativeGEMM/multiplyWindowRows(m:n:k:alpha:windows:b:beta:c:isa:threads:)``, `dWᵀ = windows · dYᵀ`), against
/// the path it replaces: `dW = dY · windowsᵀ` with the transposed windows packed as `B`
/// (``NativeGEMM/multiplyWindows(m:n:k:alpha:a:windows:beta:c:isa:threads:)``), transposed. Both add the same products
/// in the same order and depth blocks, so they must agree bit for bit: at every instruction-set level, on one thread
/// and two, float32 and float64, `beta` 0 over NaN and 1, on ``ImplicitGEMMTests``'s geometries that have a column
/// stride of 1 (stride 2 down the rows, padding 0, 1, 2 and uneven, dilation, one column, widths below and above a
/// vector) and a few more plane counts and gradient widths (partial slivers of planes and of columns).
@Suite struct WindowRowsGEMMTests {
    /// A geometry and the output channels (the gradient's rows, `n` of the product).
    struct Case: CustomTestStringConvertible {
        let geometry: ImplicitGEMMTests.Case
        let outChannels: Int
        var testDescription: String { "\(geometry.testDescription) O\(outChannels)" }
    }

    static let cases: [Case] =
        ImplicitGEMMTests.cases.filter { $0.geometry.stride.1 == 1 }.map { Case(geometry: $0, outChannels: $0.rows) } + [
            // 64 planes and 64 outputs (a ResNet stage's shape, small planes): whole slivers on both sides.
            Case(geometry: .symmetric(planes: 64, height: 9, width: 13, rows: 0, kernel: (3, 3), stride: (1, 1),
                                      padding: (1, 1), dilation: (1, 1)), outChannels: 64),
            // One plane (a part of two threads is empty), 3 outputs.
            Case(geometry: .symmetric(planes: 1, height: 30, width: 17, rows: 0, kernel: (3, 3), stride: (1, 1),
                                      padding: (2, 2), dilation: (1, 1)), outChannels: 3),
            // 20 planes (a partial sliver of planes on each level), 40 outputs, a 5 × 3 dilated kernel.
            Case(geometry: .symmetric(planes: 20, height: 40, width: 36, rows: 0, kernel: (5, 3), stride: (1, 1),
                                      padding: (0, 1), dilation: (1, 2)), outChannels: 40),
        ]

    @Test(arguments: cases)
    func windowRowsMatchTransposedWindows(_ testCase: Case) {
        check(testCase, Float.self)
        check(testCase, Double.self)
    }

    private func check<T: SampleConvolutionScalar>(_ testCase: Case, _: T.Type) {
        let shape = testCase.geometry, g = shape.geometry
        let (planes, height, width, n) = (shape.planes, shape.height, shape.width, testCase.outChannels)
        let m = planes * g.kernel.0 * g.kernel.1, k = g.outputHeight * g.outputWidth
        let image = UnsafeMutablePointer<T>.allocate(capacity: planes * height * width)
        defer { image.deallocate() }
        for index in 0..<(planes * height * width) { image[index] = T(Double((index * 7919) % 211) / 105 - 1) }
        // The output gradient, [n, k].
        let gradient = (0..<(n * k)).map { T(Double(($0 * 104_729) % 197) / 98 - 1) }
        let start = (0..<(m * n)).map { T(Double(($0 * 31) % 13) - 6) }
        let windows = ConvolutionWindows(image, height: height, width: width, g)
        #expect(windows.readsRowsInPlace(columns: n))
        for isa in ImplicitGEMMTests.levels {
            for beta: T in [0, 1] {
                // The reference computes dW = g · windowsᵀ into the transpose of `start`.
                var expected = beta == 0
                    ? [T](repeating: .nan, count: m * n) : (0..<(n * m)).map { start[($0 % m) * n + $0 / m] }
                gradient.withUnsafeBufferPointer { gradient in
                    expected.withUnsafeMutableBufferPointer { c in
                        NativeGEMM.multiplyWindows(
                            m: n, n: m, k: k, alpha: 1,
                            a: MatrixView(gradient.baseAddress!, leadingDimension: k, transposed: false),
                            windows: ConvolutionWindows(image, height: height, width: width, g, transposed: true),
                            beta: beta, c: OutputMatrix(base: c.baseAddress!, ld: m), isa: isa, threads: 1)
                    }
                }
                // One thread, then two.
                let results = [1, 2].map { threads in
                    var c = beta == 0 ? [T](repeating: .nan, count: m * n) : start
                    gradient.withUnsafeBufferPointer { gradient in
                        c.withUnsafeMutableBufferPointer { c in
                            NativeGEMM.multiplyWindowRows(
                                m: m, n: n, k: k, alpha: 1, windows: windows,
                                b: MatrixView(gradient.baseAddress!, leadingDimension: k, transposed: true), beta: beta,
                                c: OutputMatrix(base: c.baseAddress!, ld: n), isa: isa, threads: threads)
                        }
                    }
                    return c
                }
                // `expected` is [n, m]; the product's results are [m, n].
                let transposed = (0..<(m * n)).map { expected[($0 % n) * m + $0 / n] }
                let label = "\(T.self) level \(isa) beta \(beta)"
                // Counts, not arrays: a failure names how many elements differ, not thousands of values.
                for (threads, result) in zip([1, 2], results) {
                    #expect(zip(result, transposed).filter { $0 != $1 }.count == 0, "\(label): \(threads) threads")
                }
                #expect(!transposed.contains { $0.isNaN }, "\(label)")
            }
        }
    }
}
