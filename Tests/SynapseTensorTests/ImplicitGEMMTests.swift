import CSynapseKernels
import Testing
@testable import SynapseTensor

/// The implicit-GEMM convolution product (``NativeGEMM/multiplyWindows(m:n:k:alpha:a:windows:beta:c:isa:threads:)``:
/// the window matrix packed straight from the image) against the reference path it replaces, the window matrix
/// gathered by `im2col` (``SampleConvolution/gather(_:_:planes:height:width:_:)``) and multiplied by the same packed
/// kernel. Both feed the micro-kernel the same packed values in the same order, so the results must be identical
/// bit for bit: at every instruction-set level, on one thread and two, float32 and float64, the window matrix and
/// its transpose (the weight gradient's operand), `beta` 0 over NaN and 1 (accumulation over samples).
@Suite struct ImplicitGEMMTests {
    struct Case: CustomTestStringConvertible {
        let planes: Int, height: Int, width: Int, rows: Int
        let geometry: WindowGeometry
        var testDescription: String {
            "\(planes)×\(height)×\(width) k\(geometry.kernel) s\(geometry.stride) d\(geometry.dilation) "
                + "pad(\(geometry.padTop),\(geometry.padBottom),\(geometry.padLeft),\(geometry.padRight)) m\(rows)"
        }
    }

    static let cases: [Case] = [
        // A ResNet-like 3×3, padding 1, deep enough for two depth blocks (45·9 = 405 rows).
        Case(planes: 45, height: 23, width: 37, rows: 19,
             geometry: .symmetric(kernel: (3, 3), stride: (1, 1), padding: (1, 1), dilation: (1, 1), height: 23, width: 37)),
        // Stride 2, padding 2 (past the kernel's reach on the left: whole runs of padding), rectangular kernel.
        Case(planes: 13, height: 31, width: 29, rows: 33,
             geometry: .symmetric(kernel: (3, 2), stride: (2, 2), padding: (2, 2), dilation: (1, 1), height: 31, width: 29)),
        // Dilation, padding 0, stride 1 × 3.
        Case(planes: 7, height: 40, width: 45, rows: 9,
             geometry: .symmetric(kernel: (3, 3), stride: (1, 3), padding: (0, 0), dilation: (2, 3), height: 40, width: 45)),
        // Uneven padding (a full convolution's) and windows running past the input (read as zeros).
        Case(planes: 10, height: 17, width: 70, rows: 8,
             geometry: WindowGeometry(kernel: (5, 3), dilation: (1, 2), padTop: 4, padBottom: 0, padLeft: 3, padRight: 5,
                                      stride: (1, 1), outputHeight: 17, outputWidth: 75)),
    ]

    static let levels: [Int32] = [
        Int32(SYNAPSE_VM_ISA_BASELINE), Int32(SYNAPSE_VM_ISA_AVX2), Int32(SYNAPSE_VM_ISA_AVX512),
    ]

    @Test(arguments: cases)
    func windowsFromTheImageMatchGatheredWindows(_ testCase: Case) {
        check(testCase, Float.self)
        check(testCase, Double.self)
    }

    private func check<T: SampleConvolutionScalar>(_ testCase: Case, _: T.Type) {
        let g = testCase.geometry
        let (planes, height, width, m) = (testCase.planes, testCase.height, testCase.width, testCase.rows)
        let rows = planes * g.kernel.0 * g.kernel.1, positions = g.outputHeight * g.outputWidth
        let image = UnsafeMutablePointer<T>.allocate(capacity: planes * height * width)
        let columns = UnsafeMutablePointer<T>.allocate(capacity: rows * positions)
        defer { image.deallocate(); columns.deallocate() }
        for index in 0..<(planes * height * width) { image[index] = T(Double((index * 7919) % 211) / 105 - 1) }
        SampleConvolution.gather(image, columns, planes: planes, height: height, width: width, g)
        for transposed in [false, true] {
            // Forward: [m, rows] · windows; weight gradient: [m, positions] · windowsᵀ.
            let (n, k) = transposed ? (rows, positions) : (positions, rows)
            let a = (0..<(m * k)).map { T(Double(($0 * 104_729) % 197) / 98 - 1) }
            let start = (0..<(m * n)).map { T(Double(($0 * 31) % 13) - 6) }
            for isa in Self.levels {
                for beta: T in [0, 1] {
                    var expected = beta == 0 ? [T](repeating: .nan, count: m * n) : start
                    var one = expected, two = expected
                    a.withUnsafeBufferPointer { a in
                        let view = MatrixView(a.baseAddress!, leadingDimension: k, transposed: false)
                        let windows = ConvolutionWindows(image, height: height, width: width, g, transposed: transposed)
                        expected.withUnsafeMutableBufferPointer { c in
                            NativeGEMM.multiplyPacked(
                                m: m, n: n, k: k, alpha: 1, a: view,
                                b: MatrixView(columns, leadingDimension: positions, transposed: transposed),
                                beta: beta, c: OutputMatrix(base: c.baseAddress!, ld: n), isa: isa, threads: 1)
                        }
                        one.withUnsafeMutableBufferPointer { c in
                            NativeGEMM.multiplyWindows(m: m, n: n, k: k, alpha: 1, a: view, windows: windows, beta: beta,
                                                       c: OutputMatrix(base: c.baseAddress!, ld: n), isa: isa, threads: 1)
                        }
                        two.withUnsafeMutableBufferPointer { c in
                            NativeGEMM.multiplyWindows(m: m, n: n, k: k, alpha: 1, a: view, windows: windows, beta: beta,
                                                       c: OutputMatrix(base: c.baseAddress!, ld: n), isa: isa, threads: 2)
                        }
                    }
                    let label = "\(T.self) level \(isa) transposed \(transposed) beta \(beta)"
                    #expect(one == expected, "\(label): one thread")
                    #expect(two == expected, "\(label): two threads")
                    #expect(!expected.contains { $0.isNaN }, "\(label)")
                }
            }
        }
    }
}
