import Testing
@testable import SynapseNN

/// `torch.func.functional_call` on a model whose head is tied to its encoder, from `scripts/fixtures/parametrize.py`.
private struct FunctionalCallFixture: Decodable {
    let state: NamedTensors
    let input, weight, scale, output, grad_output, grad_weight, untied_output, plain_output: TorchTensorFixture
    let strict_error, tied_error: String
}

/// The fixture's model (its class name appears in the strict-mode message).
private final class Tied: Module {
    let enc = Linear(4, 4, generator: Generator(seed: 0))
    let dec = Linear(4, 4, generator: Generator(seed: 0))
    let head = Linear(4, 4, bias: false, generator: Generator(seed: 0))
    var scale = Buffer(Tensor([1.0, 2.0, 3.0, 4.0]).to(.float32))

    override init() {
        super.init()
        head.weight = enc.weight
    }

    override func forward(_ x: Tensor) -> Tensor { head(dec(enc(x)).relu()) * scale }
}

@Suite struct FunctionalCallTests {
    private let fixture = FixtureFile.decode(FunctionalCallFixture.self, "parametrize/functional_call.json",
                                             generator: "parametrize.py")

    private func model() throws -> Tied {
        let model = Tied()
        try model.loadStateDict(fixture.state.stateDict, strict: true)
        return model
    }

    @Test func substitutesTiedParametersAndBuffers() throws {
        let model = try model()
        let weight = fixture.weight.tensor.requiresGrad_()
        let x = fixture.input.tensor
        let output = try functionalCall(model, parameters: ["enc.weight": weight], buffers: ["scale": fixture.scale.tensor]) {
            model(x)
        }
        #expect(maxDifference(output, fixture.output) <= 1e-5)
        (output * fixture.grad_output.tensor).sum().backward()
        #expect(maxDifference(try #require(weight.grad), fixture.grad_weight) <= 1e-5)
        #expect(model.enc.weight.grad == nil)
        // The module's own tensors are back.
        #expect(maxDifference(model(x), fixture.plain_output) <= 1e-5)
        #expect(model.head.weight === model.enc.weight)
        #expect(model.scale.equal(Tensor([1.0, 2.0, 3.0, 4.0]).to(.float32)))
    }

    @Test func untiedSubstitutionLeavesTheTwinAlone() throws {
        let model = try model()
        let output = try functionalCall(model, parameters: ["enc.weight": fixture.weight.tensor],
                                        args: fixture.input.tensor, tieWeights: false)
        #expect(maxDifference(output, fixture.untied_output) <= 1e-5)
    }

    @Test func misuseMatchesTorch() throws {
        let model = try model()
        let weight = fixture.weight.tensor
        #expect(throws: FunctionalCallError(description: fixture.strict_error)) {
            try functionalCall(model, parameters: ["enc.weight": weight, "extra": weight], strict: true) { model(weight) }
        }
        #expect(throws: FunctionalCallError(description: fixture.tied_error)) {
            try functionalCall(model, parameters: ["enc.weight": weight, "head.weight": weight + 1]) { model(weight) }
        }
        #expect(throws: FunctionalCallError.self) {
            try functionalCall(model, parameters: ["scale": weight], buffers: ["scale": weight]) { model(weight) }
        }
        // A failed call leaves the module's tensors in place.
        #expect(maxDifference(model(fixture.input.tensor), fixture.plain_output) <= 1e-5)
    }
}
