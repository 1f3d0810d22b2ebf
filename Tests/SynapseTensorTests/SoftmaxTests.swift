import Testing
@testable import SynapseTensor

/// One case of `Tests/Fixtures/ops/softmax.json` (written by `scripts/fixtures/softmax.py` with torch).
struct SoftmaxCase: Decodable, Sendable {
    let name: String
    let op: String
    let dtype: String
    let dim: Int
    let shape: [Int]
    let input: [FixtureValue]
    let gradOutput: [FixtureValue]
    let output: [FixtureValue]
    let gradInput: [FixtureValue]
    let gradFn: String

    enum CodingKeys: String, CodingKey {
        case name, op, dtype, dim, shape, input, output
        case gradOutput = "grad_output", gradInput = "grad_input", gradFn = "grad_fn"
    }
}

/// `Tensor.softmax(dim:)` and `Tensor.logSoftmax(dim:)` against torch: values, gradients and node names, along
/// every dimension, with large and infinite inputs.
@Suite struct SoftmaxTests {
    static let cases: [SoftmaxCase] = {
        struct File: Decodable { let cases: [SoftmaxCase] }
        return try! Fixtures.json(File.self, "ops/softmax.json").cases
    }()

    @Test(arguments: cases.map(\.name))
    func matchesTorch(_ name: String) throws {
        let c = try #require(Self.cases.first { $0.name == name })
        let dtype = try #require(DType(rawValue: c.dtype))
        let x = Tensor(flat: c.input.map(\.double), shape: c.shape).to(dtype).requiresGrad_()
        let y = c.op == "softmax" ? x.softmax(dim: c.dim) : x.logSoftmax(dim: c.dim)
        #expect(y.dtype == dtype && y.shape == c.shape)
        #expect(y.gradFn?.name == c.gradFn)
        y.backward(gradient: Tensor(flat: c.gradOutput.map(\.double), shape: c.shape).to(dtype))
        let tolerance = dtype == .float32 ? 4e-6 : 1e-13
        let outputProblem = Self.mismatch(y.detach().toArray(of: Double.self), c.output.map(\.double), tolerance)
        #expect(outputProblem == nil, "\(name) output: \(outputProblem ?? "")")
        let gradient = try #require(x.grad)
        let gradientProblem = Self.mismatch(gradient.toArray(of: Double.self), c.gradInput.map(\.double), tolerance)
        #expect(gradientProblem == nil, "\(name) gradient: \(gradientProblem ?? "")")
    }

    /// Through `createGraph`, the backward is built from differentiable operations: same values, and a second
    /// derivative exists.
    @Test func recordedBackwardMatchesFusedOne() throws {
        let c = try #require(Self.cases.first { $0.name == "log_softmax dim 1 float64 -inf" })
        let x = Tensor(flat: c.input.map(\.double), shape: c.shape).to(.float64).requiresGrad_()
        let g = Tensor(flat: c.gradOutput.map(\.double), shape: c.shape).to(.float64)
        let grads = Tensor.grad(outputs: [x.logSoftmax(dim: c.dim)], inputs: [x], gradOutputs: [g], createGraph: true)
        let first = try #require(grads.first ?? nil)
        #expect(Self.mismatch(first.detach().toArray(of: Double.self), c.gradInput.map(\.double), 1e-13) == nil)
        #expect(first.requiresGrad)
    }

    @Test func zeroDimensionalAndEmptyInputs() {
        #expect(Tensor(scalar: 3.0).softmax(dim: 0).item(as: Double.self) == 1)
        #expect(Tensor(scalar: 3.0).logSoftmax(dim: -1).item(as: Double.self) == 0)
        #expect(Tensor.zeros([0, 3]).softmax(dim: 1).shape == [0, 3])
        #expect(Tensor.zeros([2, 0]).logSoftmax(dim: 1).shape == [2, 0])
    }

    @Test func stridedAndHalfInputs() {
        let x = Tensor.arange(0.0, 12.0, step: 1.0, dtype: .float32).reshape([3, 4]) * 0.5
        let transposed = x.t()
        let expected = transposed.contiguous().softmax(dim: 0).toArray(of: Float.self)
        #expect(transposed.softmax(dim: 0).toArray(of: Float.self) == expected)
        let half = x.to(.bfloat16).softmax(dim: -1)
        #expect(half.dtype == .bfloat16)
        let reference = x.to(.bfloat16).to(.float32).softmax(dim: -1).to(.bfloat16).toArray(of: Float.self)
        #expect(half.toArray(of: Float.self) == reference)
    }

    @Test func integerInputsStopWithPyTorchsMessage() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([[1, 2], [3, 4]]).softmax(dim: 1)
        }
        #expect(standardError(of: result).contains("\"softmax_lastdim_kernel_impl\" not implemented for 'Long'"))
        let other = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor([[1, 2], [3, 4]]).logSoftmax(dim: 0)
        }
        #expect(standardError(of: other).contains("\"log_softmax_kernel_impl\" not implemented for 'Long'"))
    }

    /// `nil` when every element is within `tolerance` (relative, absolute below 1) or both are the same NaN or
    /// infinity; otherwise the first difference.
    static func mismatch(_ actual: [Double], _ expected: [Double], _ tolerance: Double) -> String? {
        guard actual.count == expected.count else { return "\(actual.count) elements, expected \(expected.count)" }
        for (index, (a, e)) in zip(actual, expected).enumerated() {
            if a.isNaN && e.isNaN { continue }
            if e.isInfinite ? a == e : Swift.abs(a - e) <= tolerance * Swift.max(1, Swift.abs(e)) { continue }
            return "element \(index): \(a), expected \(e)"
        }
        return nil
    }
}
