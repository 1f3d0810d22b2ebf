import Testing
import SynapseNN
import SynapseTensor

/// RReLU (training slopes and evaluation slope) and FeatureAlphaDropout against torch
/// (`scripts/fixtures/layers_extra.py`): a generator seeded as torch's global one was must give the same slopes and
/// masks, so the same outputs and gradients.
@Suite struct RandomModuleFixtureTests {
    static let cases = LayerFixtureCase.load("random_modules.json")

    static func makeLayer(_ fixture: LayerFixtureCase) -> Module {
        let a = fixture.args, generator = Generator(seed: UInt64(fixture.seed))
        switch fixture.module {
        case "RReLU":
            let layer = RReLU(lower: a["lower"]?.double ?? 1.0 / 8, upper: a["upper"]?.double ?? 1.0 / 3,
                              generator: generator)
            if a["eval"]?.bool == true { layer.eval() }
            return layer
        case "FeatureAlphaDropout":
            return FeatureAlphaDropout(a["p"]!.double!, generator: generator)
        default: fatalError("no layer \(fixture.module)")
        }
    }

    @Test func fixtureIsThere() { #expect(Self.cases.count >= 5) }

    @Test(arguments: cases)
    func matchesTorch(_ fixture: LayerFixtureCase) {
        let layer = Self.makeLayer(fixture)
        let inputs = fixture.makeInputs()
        fixture.verify(repr: layer.description, outputs: [layer(inputs[0])], inputs: inputs)
    }

    @Test func featureAlphaDropoutIsTheIdentityInEvaluation() {
        let layer = FeatureAlphaDropout(0.5, generator: Generator(seed: 1))
        layer.eval()
        let input = Tensor.randn([2, 3, 4], generator: Generator(seed: 2))
        #expect(layer(input).toArray(of: Float.self) == input.toArray(of: Float.self))
    }
}
