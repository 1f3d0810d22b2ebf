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
