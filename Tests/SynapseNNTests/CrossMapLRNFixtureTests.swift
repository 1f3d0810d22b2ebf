import Testing
import SynapseNN
import SynapseTensor

/// The legacy CrossMapLRN2d against torch (`scripts/fixtures/layers_extra.py`, float64): printout, output and the
/// gradient of its hand-written backward pass.
@Suite struct CrossMapLRNFixtureTests {
    static let cases = LayerFixtureCase.load("cross_map_lrn.json")

    @Test func fixtureIsThere() { #expect(Self.cases.count >= 3) }

    @Test(arguments: cases)
    func matchesTorch(_ fixture: LayerFixtureCase) {
        let a = fixture.args
        let layer = CrossMapLRN2d(a["size"]!.int!, alpha: a["alpha"]?.double ?? 1e-4, beta: a["beta"]?.double ?? 0.75,
                                  k: a["k"]?.double ?? 1)
        let inputs = fixture.makeInputs()
        fixture.verify(repr: layer.description, outputs: [layer(inputs[0])], inputs: inputs)
    }

    @Test func needsFourDimensions() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = CrossMapLRN2d(3)(Tensor.zeros([2, 3, 4]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("CrossMapLRN2d: Expected input to be 4D, got 3D instead."))
    }
}
