import Testing
import SynapseTensor

/// `unfold2d`/`fold2d` against a direct, per-element transcription of their definition over many geometries,
/// including windows that start, end or lie entirely in the padding, strides, dilations and kernels wider than
/// the input.
@Suite struct UnfoldTests {
    struct Case: CustomTestStringConvertible {
        let kernel: (Int, Int), dilation: (Int, Int), stride: (Int, Int), padding: (Int, Int), height: Int, width: Int
        var testDescription: String { "k\(kernel) d\(dilation) s\(stride) p\(padding) \(height)x\(width)" }

        var geometry: WindowGeometry {
            let outputHeight = (height + 2 * padding.0 - dilation.0 * (kernel.0 - 1) - 1) / stride.0 + 1
            let outputWidth = (width + 2 * padding.1 - dilation.1 * (kernel.1 - 1) - 1) / stride.1 + 1
            return WindowGeometry(kernel: kernel, dilation: dilation, padTop: padding.0, padBottom: padding.0,
                                  padLeft: padding.1, padRight: padding.1, stride: stride,
                                  outputHeight: outputHeight, outputWidth: outputWidth)
        }
    }

    static let cases: [Case] = [
        Case(kernel: (5, 5), dilation: (1, 1), stride: (1, 1), padding: (2, 2), height: 7, width: 9),
        Case(kernel: (3, 3), dilation: (1, 1), stride: (2, 2), padding: (1, 1), height: 8, width: 7),
        Case(kernel: (2, 3), dilation: (2, 3), stride: (1, 2), padding: (3, 4), height: 5, width: 6),
        Case(kernel: (1, 7), dilation: (1, 1), stride: (3, 1), padding: (0, 5), height: 4, width: 3),
        Case(kernel: (3, 2), dilation: (1, 1), stride: (1, 3), padding: (0, 0), height: 6, width: 11),
    ]

    @Test(arguments: cases)
    func matchesTheDefinition(_ testCase: Case) {
        let g = testCase.geometry
        let (planes, height, width) = (3, testCase.height, testCase.width)
        let input = Tensor.arange(planes * height * width).to(.float32).reshape([1, planes, height, width])
        let values = input.toArray(of: Float.self)
        let positions = g.outputHeight * g.outputWidth, windowSize = g.kernel.0 * g.kernel.1
        var columns = [Float](repeating: 0, count: planes * windowSize * positions)
        var folded = [Float](repeating: 0, count: planes * height * width)
        for plane in 0..<planes {
            for ky in 0..<g.kernel.0 {
                for kx in 0..<g.kernel.1 {
                    for oy in 0..<g.outputHeight {
                        for ox in 0..<g.outputWidth {
                            let y = oy * g.stride.0 + ky * g.dilation.0 - g.padTop
                            let x = ox * g.stride.1 + kx * g.dilation.1 - g.padLeft
                            let row = (plane * windowSize + ky * g.kernel.1 + kx) * positions + oy * g.outputWidth + ox
                            let inside = y >= 0 && y < height && x >= 0 && x < width
                            columns[row] = inside ? values[(plane * height + y) * width + x] : -1
                            // Folding the columns [0, 1, 2, ...] back: each position sums the indices that read it.
                            if inside { folded[(plane * height + y) * width + x] += Float(row) }
                        }
                    }
                }
            }
        }
        #expect(input.unfold2d(g, padding: -1).toArray(of: Float.self) == columns)
        let indices = Tensor.arange(planes * windowSize * positions).to(.float32).reshape([1, planes * windowSize, positions])
        #expect(indices.fold2d(g, height: height, width: width).toArray(of: Float.self) == folded)
    }
}
