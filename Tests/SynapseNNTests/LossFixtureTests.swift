import Testing
import SynapseNN
import SynapseTensor

/// SmoothL1, Huber, SoftMargin, HingeEmbedding, MarginRanking, CosineEmbedding, KLDiv, PoissonNLL and GaussianNLL
/// losses, CosineSimilarity and
/// PairwiseDistance against torch
/// (`scripts/fixtures/losses_extra.py`, float64): repr, outputs for every reduction and every input's gradient.
@Suite struct LossFixtureTests {
    struct Values: Decodable, Sendable {
        let shape: [Int]
        let values: [Double]
        var tensor: Tensor { Tensor(flat: values, shape: shape) }
    }

    struct Arguments: Decodable, Sendable {
        let beta, delta, margin: Double?
        let log_target, log_input, full: Bool?
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name, module, repr, reduction: String
        let args: Arguments
        let inputs: [Values]
        let output: Values
        let grads: [[Double]?]
        var testDescription: String { name }
    }

    struct DistanceArguments: Decodable, Sendable {
        let dim: Int?
        let p: Double?
        let keepdim: Bool?
    }

    struct DistanceCase: Decodable, Sendable, CustomTestStringConvertible {
        let name, module, repr: String
        let args: DistanceArguments
        let inputs: [Values]
        let output: Values
        let grads: [[Double]]
        var testDescription: String { name }
    }

    struct File: Decodable {
        let cases: [Case]
        let distances: [DistanceCase]
    }

    static let file = FixtureFile.decode(File.self, "layers/losses_extra.json", generator: "losses_extra.py")
    static let cases = file.cases
    static let distances = file.distances

    /// The loss the case names, applied to `inputs`, and its printout.
    static func evaluate(_ fixture: Case, _ inputs: [Tensor]) -> (Tensor, String) {
        let reduction = Reduction(rawValue: fixture.reduction) ?? .mean
        let a = fixture.args
        switch fixture.module {
        case "SmoothL1Loss":
            let loss = SmoothL1Loss(reduction: reduction, beta: a.beta ?? 1)
            return (loss(inputs[0], inputs[1]), loss.description)
        case "HuberLoss":
            let loss = HuberLoss(reduction: reduction, delta: a.delta ?? 1)
            return (loss(inputs[0], inputs[1]), loss.description)
        case "SoftMarginLoss":
            let loss = SoftMarginLoss(reduction: reduction)
            return (loss(inputs[0], inputs[1]), loss.description)
        case "HingeEmbeddingLoss":
            let loss = HingeEmbeddingLoss(margin: a.margin ?? 1, reduction: reduction)
            return (loss(inputs[0], inputs[1]), loss.description)
        case "MarginRankingLoss":
            let loss = MarginRankingLoss(margin: a.margin ?? 0, reduction: reduction)
            return (loss(inputs[0], inputs[1], inputs[2]), loss.description)
        case "CosineEmbeddingLoss":
            let loss = CosineEmbeddingLoss(margin: a.margin ?? 0, reduction: reduction)
            return (loss(inputs[0], inputs[1], inputs[2]), loss.description)
        case "PoissonNLLLoss":
            let loss = PoissonNLLLoss(logInput: a.log_input ?? true, full: a.full ?? false, reduction: reduction)
            return (loss(inputs[0], inputs[1]), loss.description)
        case "GaussianNLLLoss":
            let loss = GaussianNLLLoss(full: a.full ?? false, reduction: reduction)
            return (loss(inputs[0], inputs[1], inputs[2]), loss.description)
        case "KLDivLoss":
            let loss = KLDivLoss(reduction: Functional.KLDivReduction(rawValue: fixture.reduction)!,
                                 logTarget: a.log_target ?? false)
            return (loss(inputs[0], inputs[1]), loss.description)
        default:
            fatalError("no loss \(fixture.module)")
        }
    }

    static func close(_ actual: [Double], _ expected: [Double]) -> Bool {
        actual.count == expected.count && zip(actual, expected).allSatisfy { abs($0 - $1) <= 1e-10 * max(1, abs($1)) }
    }

    @Test(arguments: cases)
    func matchesTorch(_ fixture: Case) {
        let inputs = zip(fixture.inputs, fixture.grads).map { values, grad in
            grad == nil ? values.tensor : values.tensor.requiresGrad_()
        }
        let (output, repr) = Self.evaluate(fixture, inputs)
        #expect(repr == fixture.repr)
        #expect(output.shape == fixture.output.shape)
        #expect(Self.close(output.toArray(of: Double.self), fixture.output.values), "output")
        output.sum().backward()
        for (index, (input, expected)) in zip(inputs, fixture.grads).enumerated() {
            guard let expected else { continue }
            #expect(Self.close(input.grad?.toArray(of: Double.self) ?? [], expected), "grad of input \(index)")
        }
    }

    @Test(arguments: distances)
    func distancesMatchTorch(_ fixture: DistanceCase) {
        let (x1, x2) = (fixture.inputs[0].tensor.requiresGrad_(), fixture.inputs[1].tensor.requiresGrad_())
        let output: Tensor, repr: String
        if fixture.module == "CosineSimilarity" {
            let layer = CosineSimilarity(dim: fixture.args.dim ?? 1)
            (output, repr) = (layer(x1, x2), layer.description)
        } else {
            let layer = PairwiseDistance(p: fixture.args.p ?? 2, keepdim: fixture.args.keepdim ?? false)
            (output, repr) = (layer(x1, x2), layer.description)
        }
        #expect(repr == fixture.repr)
        #expect(output.shape == fixture.output.shape)
        #expect(Self.close(output.toArray(of: Double.self), fixture.output.values))
        output.sum().backward()
        #expect(Self.close(x1.grad!.toArray(of: Double.self), fixture.grads[0]))
        #expect(Self.close(x2.grad!.toArray(of: Double.self), fixture.grads[1]))
    }
}
