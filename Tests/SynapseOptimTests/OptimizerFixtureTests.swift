import Foundation
import Testing
import SynapseOptim

/// Twenty training steps recorded by `scripts/fixtures/optim.py`.
struct OptimizerCase: Decodable, Sendable, CustomTestStringConvertible {
    enum Option: Decodable, Sendable {
        case number(Double), flag(Bool), pair(Double, Double)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) { self = .flag(flag) }
            else if let number = try? container.decode(Double.self) { self = .number(number) }
            else {
                let pair = try container.decode([Double].self)
                self = .pair(pair[0], pair[1])
            }
        }
    }

    let name: String
    let optimizer: String
    let options: [String: Option]
    let freeze: String?
    let steps: [[Float]]
    let state_keys: [String]
    let group_keys: [String]
    let first_state: [String: [Float]]

    var testDescription: String { name }

    static let all: [OptimizerCase] = {
        struct File: Decodable { let cases: [OptimizerCase] }
        return OptimFixture.decode(File.self, "steps.json").cases
    }()

    func number(_ key: String, _ fallback: Double) -> Double {
        if case .number(let value)? = options[key] { return value }
        return fallback
    }

    func flag(_ key: String) -> Bool {
        if case .flag(let value)? = options[key] { return value }
        return false
    }

    /// The optimiser the case names, over `parameters`; `step` and `stateKeys` hide its options type.
    func makeOptimizer(_ parameters: [Parameter]) -> (step: () -> Void, zeroGrad: () -> Void, stateKeys: () -> [String],
                                                       stateDict: () -> OptimizerStateDict) {
        switch optimizer {
        case "SGD":
            let sgd = SGD(parameters, lr: number("lr", 0.001), momentum: number("momentum", 0),
                          dampening: number("dampening", 0), weightDecay: number("weight_decay", 0),
                          nesterov: flag("nesterov"), maximize: flag("maximize"))
            return ({ sgd.step() }, { sgd.zeroGrad() }, { OptimizerCase.keys(sgd.state, parameters) }, { sgd.stateDict() })
        case "RMSprop":
            let rmsprop = RMSprop(parameters, lr: number("lr", 0.01), alpha: number("alpha", 0.99),
                                  eps: number("eps", 1e-8), weightDecay: number("weight_decay", 0),
                                  momentum: number("momentum", 0), centered: flag("centered"), maximize: flag("maximize"))
            return ({ rmsprop.step() }, { rmsprop.zeroGrad() }, { OptimizerCase.keys(rmsprop.state, parameters) },
                    { rmsprop.stateDict() })
        case "Adagrad":
            let adagrad = Adagrad(parameters, lr: number("lr", 0.01), lrDecay: number("lr_decay", 0),
                                  weightDecay: number("weight_decay", 0),
                                  initialAccumulatorValue: number("initial_accumulator_value", 0),
                                  eps: number("eps", 1e-10), maximize: flag("maximize"))
            return ({ adagrad.step() }, { adagrad.zeroGrad() }, { OptimizerCase.keys(adagrad.state, parameters) },
                    { adagrad.stateDict() })
        default:
            var betas = (0.9, 0.999)
            if case .pair(let a, let b)? = options["betas"] { betas = (a, b) }
            let adam = optimizer == "AdamW"
                ? AdamW(parameters, lr: number("lr", 0.001), betas: betas, eps: number("eps", 1e-8),
                        weightDecay: number("weight_decay", 0.01), amsgrad: flag("amsgrad"), maximize: flag("maximize"))
                : Adam(parameters, lr: number("lr", 0.001), betas: betas, eps: number("eps", 1e-8),
                       weightDecay: number("weight_decay", 0), amsgrad: flag("amsgrad"), maximize: flag("maximize"))
            return ({ adam.step() }, { adam.zeroGrad() }, { OptimizerCase.keys(adam.state, parameters) }, { adam.stateDict() })
        }
    }

    /// The sorted state keys of the first parameter (in order) that has state.
    static func keys(_ state: [ObjectIdentifier: [String: Tensor]], _ parameters: [Parameter]) -> [String] {
        parameters.lazy.compactMap { state[ObjectIdentifier($0)] }.first.map { $0.keys.sorted() } ?? []
    }
}

/// Each optimiser against torch's default (single-tensor) implementation: the parameters after each of 20 steps
/// on a small MLP agree within 1e-6, frozen parameters stay put, and the state keeps PyTorch's names.
@Suite struct OptimizerFixtureTests {
    @Test(arguments: OptimizerCase.all)
    func matchesTorch(_ testCase: OptimizerCase) throws {
        // A private generator seeded like torch.manual_seed(0): the same stream, without touching the default
        // generator other suites draw from in parallel.
        let generator = Generator(seed: 0)
        let model = Sequential(Linear(4, 8, generator: generator), ReLU(), Linear(8, 1, generator: generator))
        let x = Tensor.randn([16, 4], generator: generator), y = Tensor.randn([16, 1], generator: generator)
        if let frozen = testCase.freeze { try model.getParameter(frozen).requiresGrad = false }
        let optimizer = testCase.makeOptimizer(model.parameters())
        var worst: Float = 0
        for expected in testCase.steps {
            optimizer.zeroGrad()
            Functional.mseLoss(model(x), y).backward()
            optimizer.step()
            let values = Tensor.cat(model.parameters().map { $0.reshape([-1]) }).toArray(of: Float.self)
            worst = max(worst, zip(values, expected).map { abs($0 - $1) }.max() ?? .infinity)
        }
        #expect(worst <= 1e-6, "\(testCase.name): parameters differ from torch's by up to \(worst)")
        #expect(optimizer.stateKeys() == testCase.state_keys)
        let stateDict = optimizer.stateDict()
        #expect(stateDict.paramGroups[0].map(\.key) == testCase.group_keys)
        if let first = stateDict.state.keys.min().flatMap({ stateDict.state[$0] }) {
            // State tensors are held to 1e-5: buffers like RMSprop's momentum (grad / sqrt(avg)) amplify the
            // float32 rounding differences of unfused kernels that the parameters (scaled by lr) don't show.
            for (key, expected) in testCase.first_state {
                let got = first[key]!.reshape([-1]).toArray(of: Float.self)
                #expect(zip(got, expected).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) }, "state \(key): \(zip(got, expected).map { abs($0 - $1) }.max() ?? 0)")
            }
        }
    }

    @Test func tiedParametersAreUpdatedOnceAndGroupsAreDisjoint() {
        let shared = Parameter(Tensor([1.0, 2.0]))
        let sgd = SGD([shared, shared], lr: 0.5)
        #expect(sgd.paramGroups[0].params.count == 1)
        shared.grad = Tensor([1.0, 1.0])
        sgd.step()
        #expect(shared.toArray(of: Float.self) == [0.5, 1.5])
        sgd.zeroGrad()
        #expect(shared.grad == nil)
    }
}
