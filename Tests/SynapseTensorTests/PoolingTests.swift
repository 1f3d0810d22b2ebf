import Testing
@testable import SynapseTensor

/// `avgPool2d` as one operation: its node's name, gradients and second derivatives by finite differences over
/// tiling, overlapping, padded and ceil-mode windows, and its misuse messages. Values against torch are in the
/// layer fixtures (`FunctionalTests`, the `ramp avg_pool2d` cases).
@Suite struct PoolingTests {
    struct Case: CustomTestStringConvertible {
        let kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int), height: Int, width: Int
        var ceil = false, countIncludePad = true, divisorOverride: Int? = nil
        var testDescription: String {
            "k\(kernel) s\(stride) p\(padding) \(height)x\(width) ceil \(ceil) include \(countIncludePad) divisor \(divisorOverride as Any)"
        }

        /// The windows, with PyTorch's output size (ceil mode keeps a last window that starts inside the input or
        /// the left padding).
        var geometry: WindowGeometry {
            func size(_ input: Int, _ kernel: Int, _ stride: Int, _ pad: Int) -> Int {
                let span = input + 2 * pad - kernel
                var count = (ceil ? (span + stride - 1) / stride : span / stride) + 1
                if ceil && (count - 1) * stride >= input + pad { count -= 1 }
                return count
            }
            return WindowGeometry(kernel: kernel, dilation: (1, 1), padTop: padding.0, padBottom: padding.0,
                                  padLeft: padding.1, padRight: padding.1, stride: stride,
                                  outputHeight: size(height, kernel.0, stride.0, padding.0),
                                  outputWidth: size(width, kernel.1, stride.1, padding.1))
        }
    }

    static let cases: [Case] = [
        Case(kernel: (2, 2), stride: (2, 2), padding: (0, 0), height: 5, width: 7),
        Case(kernel: (2, 3), stride: (1, 1), padding: (0, 0), height: 4, width: 5),
        Case(kernel: (3, 3), stride: (2, 2), padding: (1, 1), height: 6, width: 7, ceil: true),
        Case(kernel: (2, 3), stride: (2, 2), padding: (1, 1), height: 5, width: 6, ceil: true, countIncludePad: false),
        Case(kernel: (2, 2), stride: (1, 1), padding: (1, 0), height: 3, width: 4, divisorOverride: 3),
        Case(kernel: (3, 2), stride: (3, 2), padding: (0, 0), height: 6, width: 4, divisorOverride: 5),
    ]

    @Test(arguments: cases)
    func gradientsMatchFiniteDifferences(_ testCase: Case) {
        var values = TestValues(seed: 7)
        let x = values.leaf([2, 2, testCase.height, testCase.width])
        let pool = { (input: Tensor) in
            input.avgPool2d(testCase.geometry, countIncludePad: testCase.countIncludePad,
                            divisorOverride: testCase.divisorOverride)
        }
        #expect(pool(x).gradFn?.name == "AvgPool2DBackward0")
        #expect(gradcheck([x]) { pool($0[0]) } == nil)
    }

    /// The backward is linear in the incoming gradient, and its own gradient is the pooling of the next one
    /// (`AvgPool2DBackwardBackward0`): `d/dv sum(backward(v) * w) = pool(w)`.
    @Test(arguments: cases)
    func secondDerivativesPoolTheGradient(_ testCase: Case) {
        var values = TestValues(seed: 11)
        let x = values.leaf([1, 2, testCase.height, testCase.width])
        let g = testCase.geometry
        let pool = { (input: Tensor) in
            input.avgPool2d(g, countIncludePad: testCase.countIncludePad, divisorOverride: testCase.divisorOverride)
        }
        let v = values.leaf([1, 2, g.outputHeight, g.outputWidth])
        let w = values.leaf([1, 2, testCase.height, testCase.width]).detach()
        let dx = Tensor.grad(outputs: [(pool(x) * v).sum()], inputs: [x], createGraph: true)[0]!
        #expect(dx.gradFn?.name == "AvgPool2DBackwardBackward0")
        let dv = Tensor.grad(outputs: [(dx * w).sum()], inputs: [v])[0]!
        let expected = noGrad { pool(w) }.toArray(of: Double.self)
        #expect(zip(dv.toArray(of: Double.self), expected).allSatisfy { Swift.abs($0 - $1) <= 1e-12 })
    }

    @Test func poolingFloat32MatchesFloat64Closely() {
        var values = TestValues(seed: 3)
        let x = values.leaf([3, 2, 9, 8]).detach()
        for testCase in Self.cases {
            let g = testCase.geometry
            let single = x.to(.float32).avgPool2d(g, countIncludePad: testCase.countIncludePad,
                                                  divisorOverride: testCase.divisorOverride)
            let double = x.avgPool2d(g, countIncludePad: testCase.countIncludePad,
                                     divisorOverride: testCase.divisorOverride)
            #expect(single.dtype == .float32)
            let error = zip(single.toArray(of: Double.self), double.toArray(of: Double.self)).map { Swift.abs($0 - $1) }
            #expect((error.max() ?? 0) < 1e-6, "\(testCase.testDescription)")
        }
    }

    @Test func nonContiguousInputPoolsItsValues() {
        var values = TestValues(seed: 5)
        let x = values.leaf([2, 3, 6, 4]).detach()
        let g = Self.cases[0].geometry
        let transposed = x.transpose(2, 3).contiguous().transpose(2, 3)
        #expect(!transposed.isContiguous)
        #expect(transposed.avgPool2d(g, countIncludePad: true).toArray(of: Double.self)
                    == x.avgPool2d(g, countIncludePad: true).toArray(of: Double.self))
    }

    /// The node must not hold its own output (a reference cycle would keep every pooled activation alive).
    @Test func outputIsFreedWithItsGraph() {
        var values = TestValues(seed: 9)
        let x = values.leaf([1, 1, 4, 4])
        weak var pooled: Tensor?
        do {
            let y = x.avgPool2d(Self.cases[0].geometry, countIncludePad: true)
            pooled = y
            #expect(pooled != nil)
        }
        #expect(pooled == nil)
    }

    @Test func zeroDivisorIsRefused() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([1, 1, 4, 4]).avgPool2d(PoolingTests.cases[0].geometry, countIncludePad: true,
                                                     divisorOverride: 0)
        }
        #expect(standardError(of: result).contains("divisor must be not zero"))
    }

    @Test func integerInputIsRefused() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([1, 1, 4, 4], dtype: .int64).avgPool2d(PoolingTests.cases[0].geometry,
                                                                   countIncludePad: true)
        }
        #expect(standardError(of: result).contains("avg_pool2d: expected a float32 or float64 tensor, got Long"))
    }
}

/// `maxPool2dWithIndices` against values printed by torch 2.15 for the same inputs: the first largest element of
/// each window (ties keep the earlier one), a NaN over numbers and the last NaN over earlier ones, indices in the
/// plane, gradients added at those indices (overlapping windows add up), and the node's name.
@Suite struct MaxPoolingTests {
    static let x: [Float] = [1, 3, 0, -1, 3, 2, -2, -3, 5, 5, 7, 7, 5, 4, 7, 6]

    static func geometry(kernel: Int, stride: Int, padding: Int, size: Int, dilation: Int = 1) -> WindowGeometry {
        let outputs = (size + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1
        return WindowGeometry(kernel: (kernel, kernel), dilation: (dilation, dilation), padTop: padding,
                              padBottom: padding, padLeft: padding, padRight: padding, stride: (stride, stride),
                              outputHeight: outputs, outputWidth: outputs)
    }

    @Test func firstLargestAndItsIndex() {
        let x = Tensor(flat: Self.x, shape: [1, 1, 4, 4]).requiresGrad_()
        let (values, indices) = x.maxPool2dWithIndices(Self.geometry(kernel: 2, stride: 2, padding: 0, size: 4))
        #expect(values.toArray(of: Float.self) == [3, 0, 5, 7])
        #expect(indices.toArray(of: Int64.self) == [1, 2, 8, 10])
        #expect(values.gradFn?.name == "MaxPool2DWithIndicesBackward0")
        (values * Tensor(flat: [Float(1), 2, 3, 4], shape: [1, 1, 2, 2])).sum().backward()
        #expect(x.grad?.toArray(of: Float.self) == [0, 1, 2, 0, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0])
    }

    @Test func overlappingPaddedWindows() {
        let x = Tensor(flat: Self.x, shape: [1, 1, 4, 4]).requiresGrad_()
        let (values, indices) = x.maxPool2dWithIndices(Self.geometry(kernel: 3, stride: 1, padding: 1, size: 4))
        #expect(indices.toArray(of: Int64.self) == [1, 1, 1, 2, 8, 10, 10, 10, 8, 10, 10, 10, 8, 10, 10, 10])
        values.sum().backward()
        var expected = [Float](repeating: 0, count: 16)
        for index in indices.toArray(of: Int64.self) { expected[Int(index)] += 1 }
        #expect(x.grad?.toArray(of: Float.self) == expected)
    }

    @Test func theLastNaNWins() {
        let x = Tensor(flat: [Float(1), .nan, 3, .nan], shape: [1, 1, 1, 4])
        let geometry = WindowGeometry(kernel: (1, 4), dilation: (1, 1), padTop: 0, padBottom: 0, padLeft: 0,
                                      padRight: 0, stride: (1, 4), outputHeight: 1, outputWidth: 1)
        let (values, indices) = x.maxPool2dWithIndices(geometry)
        #expect(values.toArray(of: Float.self)[0].isNaN)
        #expect(indices.toArray(of: Int64.self) == [3])
    }

    @Test(arguments: [(2, 2, 0, 1), (3, 2, 1, 1), (2, 1, 1, 2), (3, 1, 0, 2)])
    func gradientsMatchFiniteDifferences(_ setting: (kernel: Int, stride: Int, padding: Int, dilation: Int)) {
        var values = TestValues(seed: 13)
        let x = values.leaf([2, 2, 7, 6])
        let geometry = WindowGeometry(
            kernel: (setting.kernel, setting.kernel), dilation: (setting.dilation, setting.dilation),
            padTop: setting.padding, padBottom: setting.padding, padLeft: setting.padding, padRight: setting.padding,
            stride: (setting.stride, setting.stride),
            outputHeight: (7 + 2 * setting.padding - setting.dilation * (setting.kernel - 1) - 1) / setting.stride + 1,
            outputWidth: (6 + 2 * setting.padding - setting.dilation * (setting.kernel - 1) - 1) / setting.stride + 1)
        #expect(gradcheck([x]) { $0[0].maxPool2dWithIndices(geometry).values } == nil)
        // A recording backward (createGraph) scatters the gradient differentiably: the same values.
        let direct = Tensor.grad(outputs: [(x.maxPool2dWithIndices(geometry).values * 3).sum()], inputs: [x])[0]!
        let recorded = Tensor.grad(outputs: [(x.maxPool2dWithIndices(geometry).values * 3).sum()], inputs: [x],
                                   createGraph: true)[0]!
        #expect(direct.toArray(of: Double.self) == recorded.toArray(of: Double.self))
    }

    /// A hand-made geometry with a window outside the input is refused, not read or written out of bounds.
    @Test func windowsOutsideTheInputAreRefused() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let geometry = WindowGeometry(kernel: (2, 2), dilation: (1, 1), padTop: 0, padBottom: 0, padLeft: 0,
                                          padRight: 0, stride: (2, 2), outputHeight: 3, outputWidth: 1)
            _ = Tensor.zeros([1, 1, 4, 4]).maxPool2dWithIndices(geometry)
        }
        #expect(standardError(of: result).contains("max_pool2d: window row 2 of 3 has no element inside an input of height 4"))
    }
}
