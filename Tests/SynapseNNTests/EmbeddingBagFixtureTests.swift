import Testing
import SynapseNN
import SynapseTensor

/// LocalResponseNorm (float64) and EmbeddingBag (float32: the table drawn from the case's seed must be torch's bit
/// for bit) against torch (`scripts/fixtures/layers_extra.py`): printout, outputs and gradients of the inputs and
/// the table.
@Suite struct EmbeddingBagFixtureTests {
    static let cases = LayerFixtureCase.load("lrn_embeddingbag.json")

    static func makeBag(_ fixture: LayerFixtureCase) -> EmbeddingBag {
        let a = fixture.args
        let mode = a["mode"]?.text.flatMap(EmbeddingBagMode.init(rawValue:)) ?? .mean
        if case .list(let values) = a["pretrained"] {
            let table = Tensor(flat: values.compactMap(\.double), shape: [4, 3])
            return EmbeddingBag.fromPretrained(table, freeze: a["freeze"]?.bool ?? true, mode: mode)
        }
        return EmbeddingBag(a["num_embeddings"]!.int!, a["embedding_dim"]!.int!, maxNorm: a["max_norm"]?.double,
                            mode: mode, includeLastOffset: a["include_last_offset"]?.bool ?? false,
                            paddingIdx: a["padding_idx"]?.int, generator: Generator(seed: UInt64(fixture.seed)))
    }

    @Test func fixtureIsThere() { #expect(Self.cases.count > 15) }

    @Test(arguments: cases)
    func matchesTorch(_ fixture: LayerFixtureCase) {
        let inputs = fixture.makeInputs()
        if fixture.module == "LocalResponseNorm" {
            let a = fixture.args
            let layer = LocalResponseNorm(a["size"]!.int!, alpha: a["alpha"]?.double ?? 1e-4,
                                          beta: a["beta"]?.double ?? 0.75, k: a["k"]?.double ?? 1)
            fixture.verify(repr: layer.description, outputs: [layer(inputs[0])], inputs: inputs)
            return
        }
        let bag = Self.makeBag(fixture)
        let parameters = bag.namedParameters().map { ($0.0, $0.1 as Tensor) }
        fixture.verifyParameters(parameters)
        let output = bag(inputs[0], offsets: inputs.count > 1 ? inputs[1] : nil,
                         perSampleWeights: inputs.count > 2 ? inputs[2] : nil)
        fixture.verify(repr: bag.description, outputs: [output], inputs: inputs, parameters: parameters)
    }

    static func message(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func perSampleWeightsOnlyWhenSumming() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let bag = EmbeddingBag(5, 2, generator: Generator(seed: 0))
            _ = bag(Tensor([1, 2]), offsets: Tensor([0]), perSampleWeights: Tensor([1.0, 2.0]))
        }
        #expect(Self.message(result).contains(
            "embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='mean'). Please open a feature request on GitHub."))
    }

    @Test func offsetsStartAtZero() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = EmbeddingBag(5, 2, generator: Generator(seed: 0))(Tensor([1, 2]), offsets: Tensor([1]))
        }
        #expect(Self.message(result).contains(
            "offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0. However, got 1"))
    }

    @Test func twoDimensionalInputTakesNoOffsets() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = EmbeddingBag(5, 2, generator: Generator(seed: 0))(Tensor([[1, 2]]), offsets: Tensor([0]))
        }
        #expect(Self.message(result).contains("if input is 2D, then offsets has to be None"))
    }

    @Test func localResponseNormNeedsThreeDimensions() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LocalResponseNorm(2)(Tensor.zeros([2, 3]))
        }
        #expect(Self.message(result).contains("Expected 3D or higher dimensionality input (got 2 dimensions)"))
    }
}
