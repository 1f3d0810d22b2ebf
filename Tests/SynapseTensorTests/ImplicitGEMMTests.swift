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
        /// A case whose padding is the same on both sides of each dimension.
        static func symmetric(planes: Int, height: Int, width: Int, rows: Int, kernel: (Int, Int), stride: (Int, Int),
                              padding: (Int, Int), dilation: (Int, Int)) -> Case {
            Case(planes: planes, height: height, width: width, rows: rows,
                 geometry: .symmetric(kernel: kernel, stride: stride, padding: padding, dilation: dilation,
                                      height: height, width: width))
        }

        var testDescription: String {
            "\(planes)×\(height)×\(width) k\(geometry.kernel) s\(geometry.stride) d\(geometry.dilation) "
                + "pad(\(geometry.padTop),\(geometry.padBottom),\(geometry.padLeft),\(geometry.padRight)) m\(rows)"
        }
    }

    static let cases: [Case] = [
        // A ResNet-like 3×3, padding 1, deep enough for two depth blocks (45·9 = 405 rows).
        .symmetric(planes: 45, height: 23, width: 37, rows: 19, kernel: (3, 3), stride: (1, 1),
                   padding: (1, 1), dilation: (1, 1)),
        // Stride 2, padding 2 (past the kernel's reach on the left: whole runs of padding), rectangular kernel.
        .symmetric(planes: 13, height: 31, width: 29, rows: 33, kernel: (3, 2), stride: (2, 2),
                   padding: (2, 2), dilation: (1, 1)),
        // Dilation, padding 0, stride 1 × 3.
        .symmetric(planes: 7, height: 40, width: 45, rows: 9, kernel: (3, 3), stride: (1, 3),
                   padding: (0, 0), dilation: (2, 3)),
        // Uneven padding (a full convolution's) and windows running past the input (read as zeros).
        Case(planes: 10, height: 17, width: 70, rows: 8,
             geometry: WindowGeometry(kernel: (5, 3), dilation: (1, 2), padTop: 4, padBottom: 0, padLeft: 3, padRight: 5,
                                      stride: (1, 1), outputHeight: 17, outputWidth: 75)),
        // Rows narrower than a vector (7 columns: five output rows per 32-position sliver), padding 1.
        .symmetric(planes: 5, height: 9, width: 7, rows: 11, kernel: (3, 3), stride: (1, 1),
                   padding: (1, 1), dilation: (1, 1)),
        // One column: every position of a sliver is its own output row.
        .symmetric(planes: 3, height: 40, width: 1, rows: 5, kernel: (3, 1), stride: (1, 1),
                   padding: (1, 0), dilation: (1, 1)),
        // Stride 2 down the rows only (a stride-1 row), padding 2 on ResNet's 56 columns.
        .symmetric(planes: 4, height: 12, width: 56, rows: 17, kernel: (3, 3), stride: (2, 1),
                   padding: (2, 2), dilation: (1, 1)),
        // Rows longer than a sliver (100 columns, 16-lane runs cut across slivers), dilation 2.
        .symmetric(planes: 6, height: 10, width: 100, rows: 8, kernel: (3, 3), stride: (1, 1),
                   padding: (2, 1), dilation: (2, 2)),
        // More output rows than one block of A (96): the window blocks are packed whole, not sliver by sliver.
        .symmetric(planes: 6, height: 11, width: 19, rows: 100, kernel: (3, 3), stride: (1, 1),
                   padding: (1, 1), dilation: (1, 1)),
        // A kernel wider than the AVX-512 packer's mask table (9 columns): the portable packer.
        .symmetric(planes: 3, height: 6, width: 30, rows: 7, kernel: (2, 9), stride: (1, 1),
                   padding: (0, 4), dilation: (1, 1)),
        // A 1×1 kernel: every window row is a whole plane.
        .symmetric(planes: 70, height: 5, width: 21, rows: 9, kernel: (1, 1), stride: (1, 1),
                   padding: (0, 0), dilation: (1, 1)),
        // The AVX2 packer's 8-lane groups: output rows of 5 (two or three output rows per group), 9 (padding 2,
        // wider than the image: groups cut inside a row), 15 (padding 0) and 17 (one lane past two groups).
        .symmetric(planes: 9, height: 11, width: 5, rows: 6, kernel: (3, 3), stride: (1, 1),
                   padding: (1, 1), dilation: (1, 1)),
        .symmetric(planes: 4, height: 7, width: 7, rows: 13, kernel: (3, 3), stride: (1, 1),
                   padding: (2, 2), dilation: (1, 1)),
        .symmetric(planes: 5, height: 9, width: 17, rows: 7, kernel: (3, 3), stride: (1, 1),
                   padding: (0, 0), dilation: (1, 1)),
        .symmetric(planes: 3, height: 8, width: 17, rows: 5, kernel: (3, 3), stride: (1, 1),
                   padding: (1, 1), dilation: (1, 1)),
        // The widest kernel the masked packers take (8 columns), dilated rows, stride 2 down the rows only.
        .symmetric(planes: 3, height: 13, width: 20, rows: 6, kernel: (2, 8), stride: (2, 1),
                   padding: (1, 3), dilation: (2, 1)),
        // ResNet's 56-column rows (3.5 slivers of 16 per row), 64 output channels (A one block: packed sliver
        // by sliver), two depth blocks on every level (64·9 = 576 window rows).
        .symmetric(planes: 64, height: 3, width: 56, rows: 64, kernel: (3, 3), stride: (1, 1),
                   padding: (1, 1), dilation: (1, 1)),
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
