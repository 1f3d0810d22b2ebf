import Testing
@testable import SynapseTensor

/// The one-group convolution operation: its node's name, gradients of input, weight and bias by finite
/// differences over padded, strided, dilated and rectangular windows, and the recorded (`createGraph`) gradients
/// against the direct ones. Values against torch are in the layer fixtures (`Conv2dTests`).
@Suite struct ConvolutionTests {
    struct Case: CustomTestStringConvertible {
        let kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int)
        let batch: Int, channels: Int, outChannels: Int, height: Int, width: Int
        var groups = 1
        var testDescription: String {
            "k\(kernel) s\(stride) p\(padding) d\(dilation) N\(batch) C\(channels) O\(outChannels) groups \(groups)"
        }

        /// Input, weight and bias leaves drawn from `values`.
        func leaves(_ values: inout TestValues) -> (x: Tensor, w: Tensor, b: Tensor) {
            (values.leaf([batch, channels, height, width]),
             values.leaf([outChannels, channels / groups, kernel.0, kernel.1]), values.leaf([outChannels]))
        }

        var geometry: WindowGeometry {
            .symmetric(kernel: kernel, stride: stride, padding: padding, dilation: dilation, height: height, width: width)
        }
    }

    static let cases: [Case] = [
        Case(kernel: (3, 3), stride: (1, 1), padding: (1, 1), dilation: (1, 1), batch: 2, channels: 2, outChannels: 3,
             height: 5, width: 4),
        Case(kernel: (2, 3), stride: (2, 1), padding: (0, 2), dilation: (2, 1), batch: 3, channels: 1, outChannels: 2,
             height: 6, width: 5),
        Case(kernel: (1, 1), stride: (1, 2), padding: (0, 0), dilation: (1, 1), batch: 1, channels: 3, outChannels: 2,
             height: 3, width: 5),
        Case(kernel: (3, 2), stride: (1, 2), padding: (1, 1), dilation: (1, 2), batch: 2, channels: 4, outChannels: 6,
             height: 5, width: 6, groups: 2),
        Case(kernel: (2, 2), stride: (1, 1), padding: (0, 0), dilation: (1, 1), batch: 2, channels: 3, outChannels: 3,
             height: 4, width: 4, groups: 3),
    ]

    @Test(arguments: cases)
    func gradientsMatchFiniteDifferences(_ testCase: Case) {
        var values = TestValues(seed: 21)
        let (x, w, b) = testCase.leaves(&values)
        let g = testCase.geometry
        #expect(Tensor.convolution2d(x, weight: w, bias: b, g, groups: testCase.groups).gradFn?.name == "ConvolutionBackward0")
        #expect(gradcheck([x, w, b]) { Tensor.convolution2d($0[0], weight: $0[1], bias: $0[2], g, groups: testCase.groups) } == nil)
        #expect(gradcheck([x, w]) { Tensor.convolution2d($0[0], weight: $0[1], bias: nil, g, groups: testCase.groups) } == nil)
        let data = x.detach()
        #expect(gradcheck([w]) { Tensor.convolution2d(data, weight: $0[0], bias: nil, g, groups: testCase.groups) } == nil)
    }

    /// A backward pass that records (`createGraph`) computes the gradients from differentiable operations; they
    /// must equal the direct ones, and the weight's gradient must itself be differentiable.
    @Test(arguments: cases)
    func recordedGradientsEqualDirectOnes(_ testCase: Case) {
        var values = TestValues(seed: 5)
        let (x, w, b) = testCase.leaves(&values)
        let y = Tensor.convolution2d(x, weight: w, bias: b, testCase.geometry, groups: testCase.groups)
        let upstream = values.leaf(y.shape).detach()
        let direct = Tensor.grad(outputs: [(y * upstream).sum()], inputs: [x, w, b], retainGraph: true)
        let recorded = Tensor.grad(outputs: [(y * upstream).sum()], inputs: [x, w, b], createGraph: true)
        for (a, e) in zip(recorded, direct) {
            let difference = zip(a!.toArray(of: Double.self), e!.toArray(of: Double.self)).map { Swift.abs($0 - $1) }
            #expect((difference.max() ?? 0) < 1e-12)
        }
        // The weight's gradient is linear in the input: d/dx Σ dW is the input gradient of a convolution whose
        // weight is all ones, against the same upstream gradient (computed by the direct path).
        #expect(recorded[1]!.requiresGrad)
        let second = Tensor.grad(outputs: [recorded[1]!.sum()], inputs: [x])[0]!
        let ones = Tensor.ones(w.shape, dtype: .float64)
        let expected = Tensor.grad(outputs: [(Tensor.convolution2d(x, weight: ones, bias: nil, testCase.geometry,
                                                                   groups: testCase.groups) * upstream).sum()],
                                   inputs: [x])[0]!
        let secondError = zip(second.toArray(of: Double.self), expected.toArray(of: Double.self)).map { Swift.abs($0 - $1) }
        #expect((secondError.max() ?? 0) < 1e-12)
    }

    /// The weight, and the input when the weight needs a gradient, are saved: changing them in place before the
    /// backward pass is PyTorch's error.
    @Test func modifyingTheSavedInputIsCaught() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor.ones([1, 1, 3, 3]).requiresGrad_().mul(1)
            let w = Tensor.ones([1, 1, 2, 2]).requiresGrad_()
            let geometry = Case(kernel: (2, 2), stride: (1, 1), padding: (0, 0), dilation: (1, 1), batch: 1,
                                channels: 1, outChannels: 1, height: 3, width: 3).geometry
            let y = Tensor.convolution2d(x, weight: w, bias: nil, geometry)
            noGrad { x.add_(1) }
            y.sum().backward()
        }
        #expect(standardError(of: result).contains("one of the variables needed for gradient computation has been modified by an inplace operation"))
    }
}

extension ConvolutionTests {
    /// A 1-D convolution is the 2-D one over a height of 1 with its output given as `[N, O, L]`: same values, and
    /// gradients (direct and recorded) through the reshaped output.
    @Test func outputShapeWithoutTheHeight() {
        var values = TestValues(seed: 8)
        let x = values.leaf([2, 3, 1, 7]), w = values.leaf([4, 3, 1, 3]), b = values.leaf([4])
        let geometry = WindowGeometry(kernel: (1, 3), dilation: (1, 1), padTop: 0, padBottom: 0, padLeft: 1,
                                      padRight: 1, stride: (1, 2), outputHeight: 1, outputWidth: 4)
        let flat = Tensor.convolution2d(x, weight: w, bias: b, geometry, outputShape: [2, 4, 4])
        #expect(flat.shape == [2, 4, 4] && flat.gradFn?.name == "ConvolutionBackward0")
        #expect(flat.toArray(of: Double.self)
                    == noGrad { Tensor.convolution2d(x, weight: w, bias: b, geometry) }.toArray(of: Double.self))
        #expect(gradcheck([x, w, b]) { Tensor.convolution2d($0[0], weight: $0[1], bias: $0[2], geometry,
                                                           outputShape: [2, 4, 4]) } == nil)
        // (A fresh output: the finite differences changed the weight in place, which `flat`'s node would refuse.)
        let recorded = Tensor.grad(outputs: [Tensor.convolution2d(x, weight: w, bias: b, geometry, outputShape: [2, 4, 4])
                                    .pow(2).sum()], inputs: [b], createGraph: true)[0]!
        let direct = Tensor.grad(outputs: [Tensor.convolution2d(x, weight: w, bias: b, geometry, outputShape: [2, 4, 4])
                                    .pow(2).sum()], inputs: [b])[0]!
        #expect(zip(recorded.toArray(of: Double.self), direct.toArray(of: Double.self)).allSatisfy { Swift.abs($0 - $1) < 1e-12 })
    }
}
