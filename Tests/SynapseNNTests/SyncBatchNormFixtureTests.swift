import Testing
import SynapseNN
import SynapseTensor

/// SyncBatchNorm in one process against torch (`scripts/fixtures/layers_extra.py`, float64): training over ranks 2
/// and 5 and evaluation after a warm-up batch drawn from the case's seed; printout, output, running statistics and
/// gradients.
@Suite struct SyncBatchNormFixtureTests {
    static let cases = LayerFixtureCase.load("sync_batch_norm.json")

    @Test func fixtureIsThere() { #expect(Self.cases.count >= 3) }

    @Test(arguments: cases)
    func matchesTorch(_ fixture: LayerFixtureCase) {
        let layer = SyncBatchNorm(3, momentum: 0.2, dtype: .float64)
        if fixture.args["eval"]?.bool == true {
            _ = layer(Tensor.randn([4, 3, 5], dtype: .float64, generator: Generator(seed: UInt64(fixture.seed))))
            layer.eval()
        }
        let inputs = fixture.makeInputs()
        let output = layer(inputs[0])
        let parameters = layer.namedParameters().map { ($0.0, $0.1 as Tensor) }
        fixture.verifyBuffers(layer.namedBuffers().map { ($0.0, $0.1) })
        fixture.verify(repr: layer.description, outputs: [output], inputs: inputs, parameters: parameters)
    }

    @Test func needsTwoDimensions() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SyncBatchNorm(3)(Tensor.zeros([3]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("expected at least 2D input (got 1D input)"))
    }
}
