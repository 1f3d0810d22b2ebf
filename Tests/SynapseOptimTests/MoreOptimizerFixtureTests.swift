import Foundation
import Testing
import SynapseOptim

/// A JSON value of the fixtures' loosely typed fields (state values: numbers, lists of them, nested lists, nulls).
enum LooseValue: Decodable, Sendable {
    case number(Double), flag(Bool), text(String), list([LooseValue]), null

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let flag = try? container.decode(Bool.self) { self = .flag(flag) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else if let text = try? container.decode(String.self) { self = .text(text) }
        else { self = .list(try container.decode([LooseValue].self)) }
    }

    /// Every number inside, depth first.
    var numbers: [Double] {
        switch self {
        case .number(let value): [value]
        case .list(let values): values.flatMap(\.numbers)
        default: []
        }
    }
}

/// Twenty training steps recorded by `scripts/fixtures/optim_extra.py`.
struct MoreOptimizerCase: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let optimizer: String
    let dtype: String
    /// The loss is `-mse_loss` (so that maximising converges).
    let negate: Bool
    let options: [String: LooseValue]
    let steps: [[Double]]
    let losses: [Double]
    let state_keys: [String]
    let group_keys: [String]
    let first_state: [String: LooseValue]
    /// Whether the model's Linear layers have biases (absent: they do; Muon's cases have none).
    let bias: Bool?

    var testDescription: String { name }

    struct File: Decodable { let cases: [MoreOptimizerCase]; let saved: [Int] }
    static let file = OptimFixture.decode(File.self, "optim_extra.json")
    /// The cases of `scripts/fixtures/optim_recent.py` (Adafactor, …), in the same layout.
    static let recent = OptimFixture.decode(File.self, "optim_recent.json")
    static let all = file.cases + recent.cases

    var dataType: DType { dtype == "float64" ? .float64 : .float32 }
    /// 1e-10 relative in float64, 1e-5 in float32.
    var tolerance: Double { dtype == "float64" ? 1e-10 : 1e-5 }

    func number(_ key: String, _ fallback: Double) -> Double {
        if case .number(let value)? = options[key] { return value }
        return fallback
    }

    func flag(_ key: String) -> Bool {
        if case .flag(let value)? = options[key] { return value }
        return false
    }

    func pair(_ key: String, _ fallback: (Double, Double)) -> (Double, Double) {
        if case .list(let values)? = options[key], values.count == 2 { return (values[0].numbers[0], values[1].numbers[0]) }
        return fallback
    }

    /// The pair under `key` whose first element may be `None` (Adafactor's `eps`).
    func optionalPair(_ key: String, _ fallback: (Double?, Double)) -> (Double?, Double) {
        guard case .list(let values)? = options[key], values.count == 2, let second = values[1].numbers.first else { return fallback }
        return (values[0].numbers.first, second)
    }

    /// The model, data and generator of every case: torch.manual_seed(0), an MLP, x and y, in the case's dtype.
    func setUp() -> (model: Sequential<Module>, x: Tensor, y: Tensor) {
        let generator = Generator(seed: 0)
        let bias = bias ?? true
        let model = Sequential(Linear(4, 8, bias: bias, generator: generator), ReLU(),
                               Linear(8, 1, bias: bias, generator: generator))
        let x = Tensor.randn([16, 4], generator: generator), y = Tensor.randn([16, 1], generator: generator)
        return (model.to(dataType), x.to(dataType), y.to(dataType))
    }

    /// The case's optimiser, made by name as a user's factory would.
    func makeOptimizer(_ parameters: [Parameter]) -> any OptimizerProtocol {
        makeOptimizerByName(optimizer, parameters: parameters, lr: number("lr", .nan), case: self)
    }
}

/// A factory returning optimisers of different kinds as one type, as `makeOptimizer(name:)` functions do.
func makeOptimizerByName(_ name: String, parameters: [Parameter], lr: Double, case c: MoreOptimizerCase? = nil)
    -> any OptimizerProtocol {
    let number = { (key: String, fallback: Double) in c?.number(key, fallback) ?? fallback }
    let flag = { (key: String) in c?.flag(key) ?? false }
    let pair = { (key: String, fallback: (Double, Double)) in c?.pair(key, fallback) ?? fallback }
    let lr = { (fallback: Double) in lr.isNaN ? fallback : lr }
    switch name {
    case "NAdam":
        return NAdam(parameters, lr: lr(2e-3), betas: pair("betas", (0.9, 0.999)), eps: number("eps", 1e-8),
                     weightDecay: number("weight_decay", 0), momentumDecay: number("momentum_decay", 4e-3),
                     decoupledWeightDecay: flag("decoupled_weight_decay"), maximize: flag("maximize"))
    case "RAdam":
        return RAdam(parameters, lr: lr(1e-3), betas: pair("betas", (0.9, 0.999)), eps: number("eps", 1e-8),
                     weightDecay: number("weight_decay", 0), decoupledWeightDecay: flag("decoupled_weight_decay"),
                     maximize: flag("maximize"))
    case "Adamax":
        return Adamax(parameters, lr: lr(2e-3), betas: pair("betas", (0.9, 0.999)), eps: number("eps", 1e-8),
                      weightDecay: number("weight_decay", 0), maximize: flag("maximize"))
    case "Adadelta":
        return Adadelta(parameters, lr: lr(1), rho: number("rho", 0.9), eps: number("eps", 1e-6),
                        weightDecay: number("weight_decay", 0), maximize: flag("maximize"))
    case "Rprop":
        return Rprop(parameters, lr: lr(1e-2), etas: pair("etas", (0.5, 1.2)), stepSizes: pair("step_sizes", (1e-6, 50)),
                     maximize: flag("maximize"))
    case "ASGD":
        return ASGD(parameters, lr: lr(1e-2), lambd: number("lambd", 1e-4), alpha: number("alpha", 0.75),
                    t0: number("t0", 1e6), weightDecay: number("weight_decay", 0), maximize: flag("maximize"))
    case "LBFGS":
        var maxEval: Int?
        if case .number(let value)? = c?.options["max_eval"] { maxEval = Int(value) }
        var lineSearch: LBFGS.LineSearch?
        if case .text(let name)? = c?.options["line_search_fn"] { lineSearch = LBFGS.LineSearch(rawValue: name) }
        return LBFGS(parameters, lr: lr(1), maxIter: Int(number("max_iter", 20)), maxEval: maxEval,
                     toleranceGrad: number("tolerance_grad", 1e-7), toleranceChange: number("tolerance_change", 1e-9),
                     historySize: Int(number("history_size", 100)), lineSearch: lineSearch, maximize: flag("maximize"))
    case "Adafactor":
        return Adafactor(parameters, lr: lr(1e-2), beta2Decay: number("beta2_decay", -0.8),
                         eps: c?.optionalPair("eps", (nil, 1e-3)) ?? (nil, 1e-3), d: number("d", 1),
                         weightDecay: number("weight_decay", 0), maximize: flag("maximize"))
    case "Muon":
        var coefficients = (3.4445, -4.7750, 2.0315)
        if case .list(let values)? = c?.options["ns_coefficients"], values.count == 3 {
            coefficients = (values[0].numbers[0], values[1].numbers[0], values[2].numbers[0])
        }
        var adjust: Muon.AdjustLR?
        if case .text(let name)? = c?.options["adjust_lr_fn"] { adjust = Muon.AdjustLR(rawValue: name) }
        var nesterov = true
        if case .flag(let value)? = c?.options["nesterov"] { nesterov = value }
        return Muon(parameters, lr: lr(1e-3), weightDecay: number("weight_decay", 0.1), momentum: number("momentum", 0.95),
                    nesterov: nesterov, nsCoefficients: coefficients, eps: number("eps", 1e-7),
                    nsSteps: Int(number("ns_steps", 5)), adjustLR: adjust)
    case "SGD":
        return SGD(parameters, lr: lr(1e-3), momentum: number("momentum", 0))
    case "Adagrad":
        return Adagrad(parameters, lr: lr(1e-2))
    case "RMSprop":
        return RMSprop(parameters, lr: lr(1e-2))
    case "AdamW":
        return AdamW(parameters, lr: lr(1e-3))
    default:
        return Adam(parameters, lr: lr(1e-3))
    }
}

/// What an exit test's child process wrote to standard error.
func exitMessage(_ result: ExitTest.Result?) -> String {
    String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
}

/// The largest difference between `got` and `expected`, relative to the expected value where it exceeds 1.
func worstRelativeDifference(_ got: [Double], _ expected: [Double]) -> Double {
    guard got.count == expected.count else { return .infinity }
    return zip(got, expected).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
}

/// NAdam, RAdam, Adamax, Adadelta, Rprop, ASGD, Adafactor and Muon against torch's single-tensor implementations: the parameters
/// after each of 20 steps agree within 1e-10 in float64 (1e-5 in float32), the state keeps PyTorch's names and
/// values, and the state dict's groups PyTorch's keys in PyTorch's order.
@Suite struct MoreOptimizerFixtureTests {
    /// Flattened parameters after each of `steps` training steps.
    static func train(_ optimizer: any OptimizerProtocol, _ model: Sequential<Module>, _ x: Tensor, _ y: Tensor,
                      steps: Int, negate: Bool = false) -> (trajectory: [[Double]], losses: [Double]) {
        var trajectory: [[Double]] = [], losses: [Double] = []
        for _ in 0..<steps {
            let closure = {
                optimizer.zeroGrad(setToNil: true)
                let loss = negate ? -Functional.mseLoss(model(x), y) : Functional.mseLoss(model(x), y)
                loss.backward()
                return loss
            }
            losses.append(optimizer.step(closure: closure).item())
            trajectory.append(Tensor.cat(model.parameters().map { $0.detach().reshape([-1]).to(.float64) }).toArray(of: Double.self))
        }
        return (trajectory, losses)
    }

    @Test(arguments: MoreOptimizerCase.all.filter { $0.optimizer != "LBFGS" })
    func matchesTorch(_ testCase: MoreOptimizerCase) throws {
        let (model, x, y) = testCase.setUp()
        let optimizer = testCase.makeOptimizer(model.parameters())
        let (trajectory, _) = Self.train(optimizer, model, x, y, steps: testCase.steps.count)
        let worst = zip(trajectory, testCase.steps).map { worstRelativeDifference($0, $1) }.max() ?? .infinity
        #expect(worst <= testCase.tolerance, "\(testCase.name): parameters differ from torch's by up to \(worst)")

        let stateDict = optimizer.stateDict()
        #expect(stateDict.paramGroups[0].map(\.key) == testCase.group_keys)
        let first = try #require(stateDict.state[0])
        #expect(first.keys.sorted() == testCase.state_keys)
        for (key, expected) in testCase.first_state {
            let got = try #require(first[key]).reshape([-1]).to(.float64).toArray(of: Double.self)
            // Scalars PyTorch keeps in float32 (step, mu_product, eta, mu) are compared in float32.
            let tolerance = first[key]!.dtype == .float32 ? 1e-6 : testCase.tolerance * 10
            #expect(worstRelativeDifference(got, expected.numbers) <= tolerance,
                    "state \(key): \(worstRelativeDifference(got, expected.numbers))")
        }
    }

    /// LBFGS with fixed steps and with the strong-Wolfe line search: parameters and returned losses after each of 20
    /// steps (each several iterations and evaluations), and the state PyTorch keeps, counters included.
    @Test(arguments: MoreOptimizerCase.all.filter { $0.optimizer == "LBFGS" })
    func lbfgsMatchesTorch(_ testCase: MoreOptimizerCase) throws {
        let (model, x, y) = testCase.setUp()
        let optimizer = testCase.makeOptimizer(model.parameters())
        let (trajectory, losses) = Self.train(optimizer, model, x, y, steps: testCase.steps.count, negate: testCase.negate)
        let worst = zip(trajectory, testCase.steps).map { worstRelativeDifference($0, $1) }.max() ?? .infinity
        #expect(worst <= testCase.tolerance, "\(testCase.name): parameters differ from torch's by up to \(worst)")
        #expect(worstRelativeDifference(losses, testCase.losses) <= testCase.tolerance)

        let stateDict = optimizer.stateDict()
        #expect(stateDict.paramGroups[0].map(\.key) == testCase.group_keys)
        let tensors = try #require(stateDict.state[0]), others = try #require(stateDict.otherState[0])
        #expect(Set(tensors.keys).union(others.keys).sorted() == testCase.state_keys)
        for (key, expected) in testCase.first_state {
            var got: [Double]
            if let tensor = tensors[key] {
                got = tensor.reshape([-1]).toArray(of: Double.self)
            } else {
                switch others[key] {
                case .int(let value)?: got = [Double(value)]
                case .number(let value)?: got = [value]
                case .tensors(let list)?: got = list.flatMap { $0?.reshape([-1]).toArray(of: Double.self) ?? [] }
                default: got = []
                }
            }
            // Curvature pairs are differences of nearby gradients: compare them relative to their own scale.
            let scale = max(1e-300, expected.numbers.map(abs).max() ?? 0)
            let difference = zip(got, expected.numbers).map { abs($0 - $1) }.max() ?? 0
            #expect(got.count == expected.numbers.count && difference <= 1e-8 * max(1, scale), "state \(key): \(difference)")
        }
        // PyTorch keeps the counters as Python ints.
        #expect({ if case .int? = others["func_evals"], case .int? = others["n_iter"] { true } else { false } }())
    }

    /// The state dict, copied as saving would, resumes a fresh optimiser exactly where the first one was.
    @Test(arguments: ["NAdam", "RAdam", "Adamax", "Adadelta", "Rprop", "ASGD", "LBFGS", "Adafactor", "Muon"])
    func resumingFromAStateDictContinuesTheSameRun(_ name: String) throws {
        let testCase = try #require(MoreOptimizerCase.all.last { $0.optimizer == name && !$0.negate })
        let (model, x, y) = testCase.setUp()
        let optimizer = testCase.makeOptimizer(model.parameters())
        _ = Self.train(optimizer, model, x, y, steps: 5)
        var saved = optimizer.stateDict()
        saved.state = saved.state.mapValues { $0.mapValues { $0.clone() } }
        saved.otherState = saved.otherState.mapValues { entries in
            entries.mapValues { if case .tensors(let list) = $0 { .tensors(list.map { $0?.clone() }) } else { $0 } }
        }
        let savedModel = StateDict(model.stateDict().map { ($0.key, $0.value.clone()) })
        let (reference, _) = Self.train(optimizer, model, x, y, steps: 5)

        let (resumedModel, _, _) = testCase.setUp()
        try resumedModel.loadStateDict(savedModel)
        let resumed = makeOptimizerByName(name, parameters: resumedModel.parameters(), lr: 0.123)
        try resumed.loadStateDict(saved)
        #expect(resumed.learningRates == optimizer.learningRates && resumed.learningRates != [0.123])
        let (continued, _) = Self.train(resumed, resumedModel, x, y, steps: 5)
        #expect(continued == reference)
    }

    /// A user's factory and a list of optimisers of different kinds, all behind `any OptimizerProtocol`, driven
    /// and scheduled through it.
    @Test func optimizersOfDifferentKindsShareOneType() {
        func makeOptimizer(name: String, parameters: [Parameter], lr: Double) -> any OptimizerProtocol {
            makeOptimizerByName(name, parameters: parameters, lr: lr)
        }
        let names = ["SGD", "Adam", "AdamW", "Adagrad", "RMSprop", "NAdam", "RAdam", "Adamax", "Adadelta", "Rprop", "ASGD",
                     "Adafactor"]
        let models = names.map { _ in Linear(3, 2, generator: Generator(seed: 4)) }
        let optimizers: [any OptimizerProtocol] = zip(names, models).map {
            makeOptimizer(name: $0, parameters: $1.parameters(), lr: 0.05)
        }
        let schedulers = optimizers.map { StepLR($0, stepSize: 1, gamma: 0.5) }
        let before = models[0].weight.clone()
        for (optimizer, model) in zip(optimizers, models) {
            optimizer.zeroGrad(setToNil: true)
            model(Tensor.ones([4, 3])).pow(2).sum().backward()
            optimizer.step()
        }
        for scheduler in schedulers { scheduler.step() }
        #expect(optimizers.allSatisfy { $0.learningRates == [0.025] && $0.initialLearningRates == [0.05] })
        #expect(optimizers.allSatisfy { $0.paramGroupCount == 1 && $0.parameters.count == 2 })
        #expect(zip(optimizers, names).allSatisfy { optimizer, name in
            (optimizer.momenta != nil) == ["SGD", "Adam", "AdamW", "RMSprop", "NAdam", "RAdam", "Adamax"].contains(name)
        })
        #expect(!models[0].weight.equal(before))
        // Every stepped optimiser but plain SGD keeps state for both parameters.
        #expect(optimizers.dropFirst().allSatisfy { $0.stateDict().state.count == 2 })
    }

    @Test func invalidOptionsStopWithPyTorchsMessage() async {
        let eta = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Rprop([Parameter(Tensor.zeros([1]))], etas: (1.5, 2))
        }
        #expect(exitMessage(eta).contains("Invalid eta values: 1.5, 2.0"))
        let decay = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = NAdam([Parameter(Tensor.zeros([1]))], momentumDecay: -1)
        }
        #expect(exitMessage(decay).contains("Invalid momentum_decay value: -1.0"))
        let clipping = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Adafactor([Parameter(Tensor.zeros([1]))], d: 0.5)
        }
        #expect(exitMessage(clipping).contains("Clipping threshold d should be >= 1 but is: 0.5"))
        let vector = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Muon([Parameter(Tensor.zeros([2, 3])), Parameter(Tensor.zeros([8]))])
        }
        #expect(exitMessage(vector).contains("Muon only supports 2D parameters whereas we found a parameter with size: torch.Size([8])"))
    }

    @Test func lbfgsMisuseStopsWithPyTorchsMessage() async {
        let noClosure = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            LBFGS([Parameter(Tensor.zeros([1]))]).step()
        }
        #expect(exitMessage(noClosure).contains("LBFGS.step() needs the closure that re-evaluates the loss"))
        let groups = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let lbfgs = LBFGS([Parameter(Tensor.zeros([1]))])
            lbfgs.addParamGroup(ParamGroup([Parameter(Tensor.zeros([1]))], options: LBFGS.Options()))
        }
        #expect(exitMessage(groups).contains("LBFGS doesn't support per-parameter options (parameter groups)"))
    }

    @Test func aStateDictOfAnotherOptimizerIsRefusedAndChangesNothing() {
        let parameter = Parameter(Tensor.zeros([2]))
        let rprop = Rprop([parameter], lr: 0.1)
        let adamax = Adamax([Parameter(Tensor.zeros([2]))])
        #expect(throws: OptimizerLoadError.option(group: 0, key: "etas", found: nil)) {
            try rprop.loadStateDict(adamax.stateDict())
        }
        #expect(rprop.learningRates == [0.1])
    }
}
