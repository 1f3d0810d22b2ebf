import Testing
@testable import SynapseTensor

/// Training-mode batch normalisation as one operation against the same normalisation written as separate
/// differentiable operations (mean, biased variance, subtract, `rsqrt`, scale, shift): output, statistics and the
/// input, weight and bias gradients, in float64 and float32, with and without an affine transform, on 4-D and 2-D
/// inputs and a non-contiguous one. Values against torch are in the layer fixtures (`NormalizationTests`).
@Suite struct BatchNormalizationTests {
    static let shapes: [[Int]] = [[3, 4, 5, 7], [6, 3], [2, 5, 33], [1, 2, 3, 17]]

    /// The composite reference: output, mean, biased variance.
    static func reference(_ x: Tensor, _ w: Tensor?, _ b: Tensor?, eps: Double) -> (Tensor, Tensor, Tensor) {
        let reduced = [0] + Array(2..<x.rank)
        let broadcast = [1, x.shape[1]] + Array(repeating: 1, count: x.rank - 2)
        let mean = x.mean(dims: reduced), variance = x.variance(dims: reduced, unbiased: false)
        var output = (x - mean.view(broadcast)) * (variance.view(broadcast) + eps).rsqrt()
        if let w, let b { output = output * w.view(broadcast) + b.view(broadcast) }
        return (output, mean, variance)
    }

    static func error(_ actual: Tensor, _ expected: Tensor) -> Double {
        let a = actual.toArray(of: Double.self), e = expected.toArray(of: Double.self)
        let scale = Swift.max(e.map { Swift.abs($0) }.max() ?? 0, 1)
        return zip(a, e).map { Swift.abs($0 - $1) }.max().map { $0 / scale } ?? 0
    }

    @Test(arguments: shapes, [DType.float64, .float32])
    func matchesTheCompositeOperations(shape: [Int], dtype: DType) {
        let tolerance = dtype == .float64 ? 1e-12 : 2e-5
        for affine in [true, false] {
            var values = TestValues(seed: 17)
            // Values far from zero: the statistics must not lose precision to a large mean.
            let x = (values.leaf(shape, in: 2...5).detach() * 3).to(dtype).requiresGrad_()
            let w = affine ? values.leaf([shape[1]]).detach().to(dtype).requiresGrad_() : nil
            let b = affine ? values.leaf([shape[1]]).detach().to(dtype).requiresGrad_() : nil
            let fused = Tensor.batchNormTraining(x, weight: w, bias: b, eps: 1e-5)
            let (output, mean, variance) = Self.reference(x, w, b, eps: 1e-5)
            #expect(fused.output.gradFn?.name == "NativeBatchNormBackward0")
            #expect(fused.output.dtype == dtype && fused.mean.dtype == dtype && !fused.mean.requiresGrad)
            #expect(Self.error(fused.output, output.detach()) < tolerance)
            #expect(Self.error(fused.mean, mean.detach()) < tolerance)
            #expect(Self.error(fused.variance, variance.detach()) < tolerance)
            let upstream = values.leaf(shape).detach().to(dtype)
            let inputs = [x] + (affine ? [w!, b!] : [])
            let direct = Tensor.grad(outputs: [(fused.output * upstream).sum()], inputs: inputs, retainGraph: true)
            let expected = Tensor.grad(outputs: [(output * upstream).sum()], inputs: inputs)
            // The recorded (createGraph) gradients too, which are themselves differentiable.
            let recorded = Tensor.grad(outputs: [(fused.output * upstream).sum()], inputs: inputs, createGraph: true)
            #expect(recorded[0]!.requiresGrad)
            for (index, e) in expected.enumerated() {
                #expect(Self.error(direct[index]!, e!) < tolerance * 10)
                #expect(Self.error(recorded[index]!.detach(), e!) < tolerance * 10)
            }
        }
    }

    @Test func nonContiguousInput() {
        var values = TestValues(seed: 3)
        let x = values.leaf([3, 6, 2, 4]).transpose(1, 3)          // [3, 4, 2, 6]
        let w = values.leaf([4]), b = values.leaf([4])
        let fused = Tensor.batchNormTraining(x, weight: w, bias: b, eps: 1e-3)
        #expect(Self.error(fused.output, Self.reference(x, w, b, eps: 1e-3).0) < 1e-12)
    }

    @Test func oneThreadOrTwoGiveTheSameBits() {
        let previous = getNumThreads()
        defer { setNumThreads(previous) }
        var values = TestValues(seed: 9)
        let x = values.leaf([8, 16, 48, 48]).detach().to(.float32).requiresGrad_()
        let w = values.leaf([16]).detach().to(.float32).requiresGrad_()
        let b = values.leaf([16]).detach().to(.float32).requiresGrad_()
        let upstream = values.leaf([8, 16, 48, 48]).detach().to(.float32)
        func run() -> [Tensor] {
            let y = Tensor.batchNormTraining(x, weight: w, bias: b, eps: 1e-5).output
            return valueAndGradients(y, upstream: upstream, inputs: [x, w, b])
        }
        expectSameResultsOnOneAndTwoThreads(run)
    }
}
