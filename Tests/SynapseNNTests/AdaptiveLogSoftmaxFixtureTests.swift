import Testing
import SynapseNN
import SynapseTensor

/// AdaptiveLogSoftmaxWithLoss against torch (`scripts/fixtures/layers_extra.py`, float32): head and tail weights
/// from the case's seed bit for bit, the printout, `(output, loss)`, `log_prob`, `predict` and the gradients of the
/// input and every weight.
@Suite struct AdaptiveLogSoftmaxFixtureTests {
    static let cases = LayerFixtureCase.load("adaptive_log_softmax.json")

    @Test func fixtureIsThere() { #expect(Self.cases.count >= 4) }

    @Test(arguments: cases)
    func matchesTorch(_ fixture: LayerFixtureCase) {
        let a = fixture.args
        let layer = AdaptiveLogSoftmaxWithLoss(
            a["in_features"]!.int!, a["n_classes"]!.int!, cutoffs: a["cutoffs"]!.ints!,
            divValue: a["div_value"]?.double ?? 4, headBias: a["head_bias"]?.bool ?? false,
            generator: Generator(seed: UInt64(fixture.seed)))
        let parameters = layer.namedParameters().map { ($0.0, $0.1 as Tensor) }
        fixture.verifyParameters(parameters)
        let inputs = fixture.makeInputs()
        let outputs: [Tensor]
        switch a["call"]?.text {
        case "log_prob": outputs = [layer.logProb(inputs[0])]
        case "predict": outputs = [layer.predict(inputs[0])]
        default:
            let (output, loss) = layer(inputs[0], inputs[1])
            outputs = [output, loss]
        }
        fixture.verify(repr: layer.description, outputs: outputs, inputs: inputs, parameters: parameters)
    }

    static func message(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func targetsWithinTheClasses() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let layer = AdaptiveLogSoftmaxWithLoss(4, 6, cutoffs: [2], generator: Generator(seed: 0))
            _ = layer(Tensor.zeros([2, 4]), Tensor([1, 7]))
        }
        #expect(Self.message(result).contains("Target values should be in [0, 5], but values in range [1, 7] were found."))
    }

    @Test func cutoffsSortedAndInRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = AdaptiveLogSoftmaxWithLoss(4, 6, cutoffs: [3, 2])
        }
        #expect(Self.message(result).contains(
            "cutoffs should be a sequence of unique, positive integers sorted in an increasing order, where each value is between 1 and n_classes-1"))
    }
}
