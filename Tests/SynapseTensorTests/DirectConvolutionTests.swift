import CSynapseKernels
import Testing
@testable import SynapseTensor

/// The direct (stride-1, few-channel) convolution loops against the reference path: the forward pass against
/// `unfold2d` and a batched product, the gradients against the recorded (`createGraph`) ones, which go through
/// `unfold2d`, `fold2d` and products. Float64 and float32, every instruction-set path the machine has, and one
/// thread against two.
@Suite struct DirectConvolutionTests {
    struct Case: CustomTestStringConvertible {
        let kernel: (Int, Int), padding: (Int, Int), dilation: (Int, Int)
        let batch: Int, channels: Int, outChannels: Int, height: Int, width: Int
        var groups = 1
        /// Whether the input is a transposed (non-contiguous) view.
        var transposedInput = false
        var testDescription: String {
            "k\(kernel) p\(padding) d\(dilation) N\(batch) C\(channels) O\(outChannels) \(height)×\(width) groups \(groups)"
                + (transposedInput ? " non-contiguous" : "")
        }

        var geometry: WindowGeometry {
            WindowGeometry(kernel: kernel, dilation: dilation, padTop: padding.0, padBottom: padding.0,
                           padLeft: padding.1, padRight: padding.1, stride: (1, 1),
                           outputHeight: height + 2 * padding.0 - dilation.0 * (kernel.0 - 1),
                           outputWidth: width + 2 * padding.1 - dilation.1 * (kernel.1 - 1))
        }

        /// Input, weight and bias leaves of `dtype` drawn from `values`.
        func leaves(_ values: inout TestValues, dtype: DType) -> (x: Tensor, w: Tensor, b: Tensor) {
            // A transposed input is a view of a leaf, differentiated as such.
            let x = transposedInput
                ? values.leaf([batch, channels, width, height]).detach().to(dtype).requiresGrad_().transpose(2, 3)
                : values.leaf([batch, channels, height, width]).detach().to(dtype).requiresGrad_()
            return (x, values.leaf([outChannels, channels / groups, kernel.0, kernel.1]).detach().to(dtype).requiresGrad_(),
                    values.leaf([outChannels]).detach().to(dtype).requiresGrad_())
        }

        func convolution(_ x: Tensor) -> BatchConvolution {
            BatchConvolution(input: x.shape, weight: [outChannels, channels / groups, kernel.0, kernel.1], geometry,
                             groups: groups)
        }
    }

    static let cases: [Case] = [
        // LeNet's two layers (padding 2 on 28×28, then 6 → 16 channels).
        Case(kernel: (5, 5), padding: (2, 2), dilation: (1, 1), batch: 3, channels: 1, outChannels: 6, height: 28, width: 28),
        Case(kernel: (5, 5), padding: (0, 0), dilation: (1, 1), batch: 2, channels: 6, outChannels: 16, height: 14, width: 14),
        Case(kernel: (3, 2), padding: (1, 2), dilation: (2, 1), batch: 1, channels: 3, outChannels: 5, height: 7, width: 9),
        Case(kernel: (1, 1), padding: (0, 0), dilation: (1, 1), batch: 2, channels: 4, outChannels: 7, height: 3, width: 5),
        Case(kernel: (3, 3), padding: (1, 1), dilation: (1, 1), batch: 2, channels: 6, outChannels: 4, height: 5, width: 6,
             groups: 2),
        Case(kernel: (3, 3), padding: (1, 1), dilation: (1, 1), batch: 2, channels: 5, outChannels: 5, height: 6, width: 4,
             groups: 5),
        Case(kernel: (2, 3), padding: (0, 1), dilation: (1, 2), batch: 9, channels: 2, outChannels: 3, height: 6, width: 7,
             transposedInput: true),
    ]

    /// The reference forward pass: every window (`unfold2d`), one product per group, plus the bias.
    static func reference(_ x: Tensor, _ w: Tensor, _ b: Tensor, _ testCase: Case) -> Tensor {
        let g = testCase.geometry, groups = testCase.groups
        let columns = x.unfold2d(g)                                               // [N, C·K, L]
        let (n, l) = (columns.shape[0], columns.shape[2])
        let kernels = w.reshape([groups, testCase.outChannels / groups, -1])    // [g, O/g, C/g·K]
        let products = kernels.matmul(columns.reshape([n, groups, -1, l]))       // [N, g, O/g, L]
        return products.reshape([n, testCase.outChannels, g.outputHeight, g.outputWidth]) + b.reshape([1, -1, 1, 1])
    }

    /// The largest difference relative to the reference's largest magnitude.
    static func error(_ actual: Tensor, _ expected: Tensor) -> Double {
        let a = actual.toArray(of: Double.self), e = expected.toArray(of: Double.self)
        let scale = Swift.max(e.map { Swift.abs($0) }.max() ?? 0, 1)
        return zip(a, e).map { Swift.abs($0 - $1) }.max().map { $0 / scale } ?? 0
    }

    static func tolerance(_ dtype: DType) -> Double { dtype == .float64 ? 1e-12 : 1e-5 }

    @Test(arguments: cases, [DType.float64, .float32])
    func forwardAndGradientsMatchTheReference(_ testCase: Case, dtype: DType) {
        var values = TestValues(seed: 23)
        let (x, w, b) = testCase.leaves(&values, dtype: dtype)
        #expect(DirectConvolution(testCase.convolution(x), dtype: dtype) != nil)
        let y = Tensor.convolution2d(x, weight: w, bias: b, testCase.geometry, groups: testCase.groups)
        #expect(y.gradFn?.name == "ConvolutionBackward0")
        #expect(Self.error(y, noGrad { Self.reference(x, w, b, testCase) }) < Self.tolerance(dtype))
        let upstream = values.leaf(y.shape).detach().to(dtype)
        let direct = Tensor.grad(outputs: [(y * upstream).sum()], inputs: [x, w, b], retainGraph: true)
        let recorded = Tensor.grad(outputs: [(y * upstream).sum()], inputs: [x, w, b], createGraph: true)
        for (actual, expected) in zip(direct, recorded) {
            #expect(actual!.dtype == dtype && actual!.shape == expected!.shape)
            #expect(Self.error(actual!, expected!.detach()) < Self.tolerance(dtype))
        }
        // Without a bias, and with only some gradients asked for.
        let unbiased = Tensor.convolution2d(x, weight: w, bias: nil, testCase.geometry, groups: testCase.groups)
        let weightOnly = Tensor.grad(outputs: [(unbiased * upstream).sum()], inputs: [w])[0]!
        #expect(Self.error(weightOnly, recorded[1]!.detach()) < Self.tolerance(dtype))
        let data = x.detach()
        let inputOnly = Tensor.grad(outputs: [(Tensor.convolution2d(x, weight: w.detach(), bias: nil, testCase.geometry,
                                                                    groups: testCase.groups) * upstream).sum()],
                                    inputs: [x])[0]!
        #expect(Self.error(inputOnly, recorded[0]!.detach()) < Self.tolerance(dtype))
        let noInput = Tensor.convolution2d(data, weight: w, bias: b, testCase.geometry, groups: testCase.groups)
        let weightAndBias = Tensor.grad(outputs: [(noInput * upstream).sum()], inputs: [w, b])
        #expect(Self.error(weightAndBias[0]!, recorded[1]!.detach()) < Self.tolerance(dtype))
        #expect(Self.error(weightAndBias[1]!, recorded[2]!.detach()) < Self.tolerance(dtype))
    }

    /// Every instruction-set path the machine has (SSE2 baseline, AVX2, AVX-512) gives the same values within
    /// rounding, forward and backward.
    @Test(arguments: [DType.float64, .float32])
    func everyInstructionSetAgrees(dtype: DType) {
        for testCase in Self.cases {
            var values = TestValues(seed: 31)
            let (x, w, b) = testCase.leaves(&values, dtype: dtype)
            let conv = testCase.convolution(x)
            let upstream = values.leaf([conv.batch, conv.outChannels, testCase.geometry.outputHeight, testCase.geometry.outputWidth]).detach().to(dtype)
            let best = DirectConvolution(conv, dtype: dtype)!
            let output = best.forward(x, weight: w, bias: b, shape: nil)
            let gradients = best.gradients(upstream, weight: w, input: x, needs: (true, true, true))
            for isa in 0..<synapse_vmath_isa() {
                let lower = DirectConvolution(conv, dtype: dtype, isa: isa)!
                #expect(Self.error(lower.forward(x, weight: w, bias: b, shape: nil), output) < Self.tolerance(dtype))
                let other = lower.gradients(upstream, weight: w, input: x, needs: (true, true, true))
                #expect(Self.error(other.input!, gradients.input!) < Self.tolerance(dtype))
                #expect(Self.error(other.weight!, gradients.weight!) < Self.tolerance(dtype))
                #expect(Self.error(other.bias!, gradients.bias!) < Self.tolerance(dtype))
            }
        }
    }
}

/// The thread count changes nothing: the forward pass and the input gradient are computed sample by sample, the
/// weight and bias gradients summed over a fixed number of sample chunks in order. (Serialized with the other
/// suites that set the thread count only by being fast; a concurrent test sees a different speed, not values.)
@Suite struct DirectConvolutionThreadTests {
    @Test(arguments: [DType.float32, .float64])
    func oneThreadOrTwoGiveTheSameBits(dtype: DType) {
        let previous = getNumThreads()
        defer { setNumThreads(previous) }
        // LeNet's second layer on a batch large enough to be split across threads.
        let testCase = DirectConvolutionTests.Case(kernel: (5, 5), padding: (1, 1), dilation: (1, 1), batch: 64,
                                                   channels: 6, outChannels: 16, height: 14, width: 14)
        var values = TestValues(seed: 41)
        let (x, w, b) = testCase.leaves(&values, dtype: dtype)
        let upstream = values.leaf([64, 16, 12, 12]).detach().to(dtype)
        func run() -> [Tensor] {
            let y = Tensor.convolution2d(x, weight: w, bias: b, testCase.geometry)
            return valueAndGradients(y, upstream: upstream, inputs: [x, w, b])
        }
        expectSameResultsOnOneAndTwoThreads(run)
    }
}
