import Testing
import SynapseNN
import SynapseTensor

/// TripletMargin, MultiLabelSoftMargin, MultiMargin, MultiLabelMargin and CTC losses, and CrossEntropyLoss over
/// every combination of class weights, label smoothing, `ignore_index`, probability targets and reduction, against
/// torch (`scripts/fixtures/layers_extra.py`, float64 unless the case says float32): printout, output and gradients.
@Suite struct MarginLossFixtureTests {
    static let cases = LayerFixtureCase.load("losses_more.json")

    static let crossEntropyWeight: [Double] = [0.5, 1.0, 2.0, 0.25]

    /// The loss the case names applied to `inputs`, and its printout.
    static func evaluate(_ fixture: LayerFixtureCase, _ inputs: [Tensor]) -> (Tensor, String) {
        let a = fixture.args
        let reduction = a["reduction"]?.text.flatMap(Reduction.init(rawValue:)) ?? .mean
        switch fixture.module {
        case "TripletMarginLoss":
            let loss = TripletMarginLoss(margin: a["margin"]?.double ?? 1, p: a["p"]?.double ?? 2,
                                         eps: a["eps"]?.double ?? 1e-6, swap: a["swap"]?.bool ?? false,
                                         reduction: reduction)
            return (loss(inputs[0], inputs[1], inputs[2]), loss.description)
        case "MultiLabelSoftMarginLoss":
            let weight = fixture.name.contains("weight") ? Tensor(flat: [0.5, 1, 2, 1.5, 0.1] as [Double], shape: [5]) : nil
            let loss = MultiLabelSoftMarginLoss(weight: weight, reduction: reduction)
            return (loss(inputs[0], inputs[1]), loss.description)
        case "MultiMarginLoss":
            let weight = fixture.name.contains("weight") ? Tensor(flat: [0.5, 1, 2, 1.5] as [Double], shape: [4]) : nil
            let loss = MultiMarginLoss(p: a["p"]?.int ?? 1, margin: a["margin"]?.double ?? 1, weight: weight,
                                       reduction: reduction)
            return (loss(inputs[0], inputs[1]), loss.description)
        case "MultiLabelMarginLoss":
            let loss = MultiLabelMarginLoss(reduction: reduction)
            return (loss(inputs[0], inputs[1]), loss.description)
        case "CTCLoss":
            let loss = CTCLoss(blank: a["blank"]?.int ?? 0, reduction: reduction,
                               zeroInfinity: a["zero_infinity"]?.bool ?? false)
            return (loss(inputs[0], inputs[1], inputs[2], inputs[3]), loss.description)
        case "CrossEntropyLoss":
            let weight = a["weighted"]?.bool == true ? Tensor(flat: crossEntropyWeight, shape: [4]) : nil
            let loss = CrossEntropyLoss(weight: weight, ignoreIndex: a["ignore_index"]?.int ?? -100,
                                        reduction: reduction, labelSmoothing: a["label_smoothing"]?.double ?? 0)
            return (loss(inputs[0], inputs[1]), loss.description)
        default:
            fatalError("no loss \(fixture.module)")
        }
    }

    @Test func fixtureIsThere() { #expect(Self.cases.count > 80) }

    @Test(arguments: cases)
    func matchesTorch(_ fixture: LayerFixtureCase) {
        let inputs = fixture.makeInputs()
        let (output, repr) = Self.evaluate(fixture, inputs)
        fixture.verify(repr: repr, outputs: [output], inputs: inputs)
    }

    @Test func weightsAreBuffers() {
        let loss = MultiMarginLoss(weight: Tensor([1.0, 2.0]))
        #expect(loss.stateDict().keys.map { $0 } == ["weight"])
        #expect(MultiLabelSoftMarginLoss().stateDict().isEmpty)
    }

    @Test func ctcGradientIsOneNode() {
        let logProbs = Tensor.randn([4, 1, 3], generator: Generator(seed: 1)).logSoftmax(dim: 2).detach()
            .requiresGrad_()
        let loss = Functional.ctcLoss(logProbs, Tensor([[1, 2]]), [4], [2], reduction: .none)
        #expect(loss.gradFn?.name == "CtcLossBackward0")
    }

    static func message(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func ctcInputLengthAtMostTheSteps() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Functional.ctcLoss(Tensor.zeros([5, 2, 4]), Tensor([[1, 2], [1, 1]]), [6, 5], [2, 2])
        }
        #expect(Self.message(result).contains(
            "Expected input_lengths to have value at most 5, but got value 6 (while checking arguments for ctc_loss_allocate_outputs)"))
    }

    @Test func ctcTargetLengthWithinTheTargets() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Functional.ctcLoss(Tensor.zeros([5, 2, 4]), Tensor([[1, 2], [1, 1]]), [5, 5], [3, 2])
        }
        #expect(Self.message(result).contains(
            "Expected tensor to have size at least 3 at dimension 1, but got size 2 for argument #2 'targets' (while checking arguments for ctc_loss_allocate_outputs)"))
    }

    @Test func ctcBlankInRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Functional.ctcLoss(Tensor.zeros([5, 2, 4]), Tensor([[1, 2], [1, 1]]), [5, 5], [2, 2], blank: 4)
        }
        #expect(Self.message(result).contains("blank must be in label range"))
    }

    @Test func ctcLengthsPerSample() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Functional.ctcLoss(Tensor.zeros([5, 2, 4]), Tensor([[1, 2], [1, 1]]), [5, 5, 5], [2, 2])
        }
        #expect(Self.message(result).contains("input_lengths must be of size batch_size"))
    }

    @Test func ctcConcatenatedTargetsLongEnough() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Functional.ctcLoss(Tensor.zeros([5, 2, 4]), Tensor([1, 2, 1]), [5, 5], [2, 2])
        }
        #expect(Self.message(result).contains(
            "Expected tensor to have size 4 at dimension 0, but got size 3 for argument #2 'targets'"))
    }

    @Test func multiMarginTargetInRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = MultiMarginLoss()(Tensor.zeros([3, 4]), Tensor([0, 1, 4]))
        }
        #expect(Self.message(result).contains("target out of range"))
    }

    @Test func multiMarginPIsOneOrTwo() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = MultiMarginLoss(p: 3)
        }
        #expect(Self.message(result).contains("only p == 1 and p == 2 supported"))
    }

    @Test func multiMarginWeightPerClass() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = MultiMarginLoss(weight: Tensor.ones([3]))(Tensor.zeros([3, 4]), Tensor([0, 1, 2]))
        }
        #expect(Self.message(result).contains("inconsistent weight size, expected 4 but got [3]"))
    }

    @Test func tripletInputsOfOneRank() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = TripletMarginLoss()(Tensor.zeros([3, 4]), Tensor.zeros([3, 4]), Tensor.zeros([4]))
        }
        #expect(Self.message(result).contains(
            "The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: anchor 2D, positive 2D, and negative 1D inputs"))
    }

    @Test func multilabelMarginTargetInRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = MultiLabelMarginLoss()(Tensor.zeros([1, 4]), Tensor([[0, 1, 5, -1]]))
        }
        #expect(Self.message(result).contains("argument #2 'target' is out of range"))
    }
}
