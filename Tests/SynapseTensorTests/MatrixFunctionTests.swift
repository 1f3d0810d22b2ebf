import Testing
@testable import SynapseTensor

/// `matrix_exp` and `linalg.solve` in float64 against torch (`scripts/fixtures/parametrize.py`).
private struct MatrixFunctionsFixture: Decodable {
    struct Stored: Decodable {
        let shape: [Int]
        let values: [Double]
        var tensor: Tensor { Tensor(flat: values, shape: shape) }
    }
    struct Exp: Decodable { let input, output, grad_output, grad_input: Stored }
    struct Solve: Decodable { let a, b, output, grad_output, grad_a, grad_b: Stored }
    let exp: Exp
    let solve: Solve
    let errors: [String: String]

    static func load() throws -> MatrixFunctionsFixture {
        try Fixtures.json(MatrixFunctionsFixture.self, "parametrize/matrix_functions.json")
    }
}

private func largestDifference(_ actual: Tensor?, _ expected: MatrixFunctionsFixture.Stored) -> Double {
    guard let actual, actual.shape == expected.shape else { return .infinity }
    return zip(actual.toArray(of: Double.self), expected.values).map { Swift.abs($0 - $1) }.max() ?? 0
}

@Suite struct MatrixFunctionTests {
    @Test func matrixExpMatchesTorch() throws {
        let fixture = try MatrixFunctionsFixture.load().exp
        let input = fixture.input.tensor.requiresGrad_()
        let output = input.matrixExp()
        #expect(largestDifference(output, fixture.output) <= 1e-10)
        (output * fixture.grad_output.tensor).sum().backward()
        #expect(largestDifference(input.grad, fixture.grad_input) <= 1e-10)
    }

    @Test func solveMatchesTorch() throws {
        let fixture = try MatrixFunctionsFixture.load().solve
        let a = fixture.a.tensor.requiresGrad_(), b = fixture.b.tensor.requiresGrad_()
        let output = Tensor.linalgSolve(a, b)
        #expect(largestDifference(output, fixture.output) <= 1e-10)
        (output * fixture.grad_output.tensor).sum().backward()
        #expect(largestDifference(a.grad, fixture.grad_a) <= 1e-10)
        #expect(largestDifference(b.grad, fixture.grad_b) <= 1e-10)
    }

    @Test func gradientsMatchFiniteDifferences() {
        var values = TestValues(seed: 5)
        #expect(gradcheck([values.leaf([3, 3], in: -0.8...0.8)]) { $0[0].matrixExp() } == nil)
        let a = Tensor.eye(3, dtype: .float64) * 3 + values.leaf([3, 3]).detach()
        #expect(gradcheck([a.requiresGrad_(), values.leaf([3, 2])]) { Tensor.linalgSolve($0[0], $0[1]) } == nil)
    }

    @Test func nonSquareExponentialStops() async throws {
        let expected = try #require(try MatrixFunctionsFixture.load().errors["non_square"])
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).matrixExp()
        }
        #expect(standardError(of: result).contains(expected))
    }

    @Test func singularSolveStops() async throws {
        let expected = try #require(try MatrixFunctionsFixture.load().errors["singular"])
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.linalgSolve(Tensor.zeros([2, 2]), Tensor.ones([2, 1]))
        }
        #expect(standardError(of: result).contains(expected))
    }
}
