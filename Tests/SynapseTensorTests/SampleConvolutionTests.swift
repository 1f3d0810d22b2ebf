import Testing
@testable import SynapseTensor

/// The per-sample convolution loops (large windows per sample: a ResNet stage's shape) against the reference path:
/// the forward pass against `unfold2d` and a product, the gradients against the recorded (`createGraph`) ones.
/// Strided, padded, dilated and rectangular windows (the input gradient by window folding and, at stride 1, as a
/// full convolution), a batch of one, a non-contiguous input; float64 and float32;
/// one thread against two.
@Suite struct SampleConvolutionTests {
    struct Case: CustomTestStringConvertible {
        let kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int)
        let batch: Int, channels: Int, outChannels: Int, height: Int, width: Int
        var transposedInput = false
        var testDescription: String {
            "k\(kernel) s\(stride) p\(padding) d\(dilation) N\(batch) C\(channels) O\(outChannels) \(height)×\(width)"
                + (transposedInput ? " non-contiguous" : "")
        }

        var geometry: WindowGeometry {
            .symmetric(kernel: kernel, stride: stride, padding: padding, dilation: dilation, height: height, width: width)
        }
    }

    static let cases: [Case] = [
        Case(kernel: (3, 3), stride: (1, 1), padding: (1, 1), dilation: (1, 1), batch: 2, channels: 32, outChannels: 20,
             height: 32, width: 30),
        Case(kernel: (3, 2), stride: (2, 1), padding: (2, 1), dilation: (2, 1), batch: 1, channels: 48, outChannels: 9,
             height: 41, width: 50),
        Case(kernel: (5, 5), stride: (1, 2), padding: (0, 2), dilation: (1, 1), batch: 3, channels: 12, outChannels: 17,
             height: 40, width: 64, transposedInput: true),
        // Stride 1 with uneven reach: the input gradient as a full convolution with rectangular padding.
        Case(kernel: (5, 3), stride: (1, 1), padding: (0, 1), dilation: (1, 2), batch: 2, channels: 20, outChannels: 16,
             height: 40, width: 36, transposedInput: true),
    ]

    @Test(arguments: cases, [DType.float64, .float32])
    func forwardAndGradientsMatchTheReference(_ testCase: Case, dtype: DType) {
        var values = TestValues(seed: 29)
        let base = testCase.transposedInput
            ? values.leaf([testCase.batch, testCase.channels, testCase.width, testCase.height]).detach().to(dtype).requiresGrad_()
            : values.leaf([testCase.batch, testCase.channels, testCase.height, testCase.width]).detach().to(dtype).requiresGrad_()
        let x = testCase.transposedInput ? base.transpose(2, 3) : base
        let w = values.leaf([testCase.outChannels, testCase.channels] + [testCase.kernel.0, testCase.kernel.1])
            .detach().to(dtype).requiresGrad_()
        let b = values.leaf([testCase.outChannels]).detach().to(dtype).requiresGrad_()
        let g = testCase.geometry
        let conv = BatchConvolution(input: x.shape, weight: w.shape, g, groups: 1)
        #expect(DirectConvolution(conv, dtype: dtype) == nil && SampleConvolution(conv, dtype: dtype) != nil)
        let y = Tensor.convolution2d(x, weight: w, bias: b, g)
        let reference = noGrad {
            (w.reshape([testCase.outChannels, -1]).matmul(x.unfold2d(g)) + b.reshape([1, -1, 1]))
                .reshape([testCase.batch, testCase.outChannels, g.outputHeight, g.outputWidth])
        }
        let tolerance = DirectConvolutionTests.tolerance(dtype)
        #expect(DirectConvolutionTests.error(y, reference) < tolerance)
        let upstream = values.leaf(y.shape).detach().to(dtype)
        let direct = Tensor.grad(outputs: [(y * upstream).sum()], inputs: [x, w, b], retainGraph: true)
        let recorded = Tensor.grad(outputs: [(y * upstream).sum()], inputs: [x, w, b], createGraph: true)
        for (actual, expected) in zip(direct, recorded) {
            #expect(DirectConvolutionTests.error(actual!, expected!.detach()) < tolerance * 10)
        }
        // Only the weight's gradient, and only the input's.
        let weightOnly = Tensor.grad(outputs: [(Tensor.convolution2d(x.detach(), weight: w, bias: nil, g) * upstream).sum()],
                                     inputs: [w])[0]!
        #expect(DirectConvolutionTests.error(weightOnly, recorded[1]!.detach()) < tolerance * 10)
        let inputOnly = Tensor.grad(outputs: [(Tensor.convolution2d(x, weight: w.detach(), bias: nil, g) * upstream).sum()],
                                    inputs: [x])[0]!
        #expect(DirectConvolutionTests.error(inputOnly, recorded[0]!.detach()) < tolerance * 10)
    }

    @Test func oneThreadOrTwoGiveTheSameBits() {
        let previous = getNumThreads()
        defer { setNumThreads(previous) }
        let testCase = Self.cases[0]
        var values = TestValues(seed: 4)
        let x = values.leaf([2, 32, 32, 30]).detach().to(.float32).requiresGrad_()
        let w = values.leaf([20, 32, 3, 3]).detach().to(.float32).requiresGrad_()
        let b = values.leaf([20]).detach().to(.float32).requiresGrad_()
        let upstream = values.leaf([2, 20, 32, 30]).detach().to(.float32)
        func run() -> [Tensor] {
            let y = Tensor.convolution2d(x, weight: w, bias: b, testCase.geometry)
            return valueAndGradients(y, upstream: upstream, inputs: [x, w, b])
        }
        expectSameResultsOnOneAndTwoThreads(run, describing: { "\(DirectConvolutionTests.error($0, $1))" })
    }
}
