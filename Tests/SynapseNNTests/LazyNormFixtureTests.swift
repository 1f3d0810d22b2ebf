import Testing
import SynapseNN
import SynapseTensor

/// LazyBatchNorm1d/2d/3d and LazyInstanceNorm1d/2d/3d against torch (`scripts/fixtures/layers_extra.py`, float64):
/// the unmaterialised printout, then after one training forward pass the eager printout, the parameters, the
/// running statistics, the output and the gradients.
@Suite struct LazyNormFixtureTests {
    static let cases = LayerFixtureCase.load("lazy_norms.json")

    static func makeLayer(_ fixture: LayerFixtureCase) -> NormBase {
        let affine = fixture.args["affine"]?.bool ?? true, momentum = fixture.args["momentum"]?.double ?? 0.1
        switch fixture.module {
        case "LazyBatchNorm1d": return LazyBatchNorm1d(momentum: momentum, affine: affine, dtype: .float64)
        case "LazyBatchNorm2d": return LazyBatchNorm2d(momentum: momentum, affine: affine, dtype: .float64)
        case "LazyBatchNorm3d": return LazyBatchNorm3d(momentum: momentum, affine: affine, dtype: .float64)
        case "LazyInstanceNorm1d": return LazyInstanceNorm1d(momentum: momentum, affine: affine, dtype: .float64)
        case "LazyInstanceNorm2d": return LazyInstanceNorm2d(momentum: momentum, affine: affine, dtype: .float64)
        case "LazyInstanceNorm3d": return LazyInstanceNorm3d(momentum: momentum, affine: affine, dtype: .float64)
        default: fatalError("no layer \(fixture.module)")
        }
    }

    @Test func fixtureIsThere() { #expect(Self.cases.count > 6) }

    @Test(arguments: cases)
    func matchesTorch(_ fixture: LayerFixtureCase) {
        let layer = Self.makeLayer(fixture)
        #expect(layer.description.hasPrefix(fixture.module + "(0, eps=1e-05"))
        let inputs = fixture.makeInputs()
        let output = layer(inputs[0])
        let parameters = layer.namedParameters().map { ($0.0, $0.1 as Tensor) }
        fixture.verifyParameters(parameters)
        fixture.verifyBuffers(layer.namedBuffers().map { ($0.0, $0.1) })
        fixture.verify(repr: layer.description, outputs: [output], inputs: inputs, parameters: parameters)
    }

    @Test func loadingAStateDictMaterialises() throws {
        let source = BatchNorm2d(4)
        let lazy = LazyBatchNorm2d()
        _ = try lazy.loadStateDict(source.stateDict())
        #expect(lazy.numFeatures == 4)
        #expect(lazy.description == source.description)
    }
}
