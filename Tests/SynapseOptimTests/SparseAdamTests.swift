import Testing
import SynapseOptim

/// SparseAdam on `Embedding(sparse: true)` against torch (`scripts/fixtures/optim_recent.py`, "sparse_cases"): each
/// step looks up other rows (padding row and repeated rows included), and only the rows present in the gradient move,
/// within 1e-10 of torch over 20 float64 steps; the state keeps PyTorch's names (`step` a Python int); dense gradients
/// and misuse stop with PyTorch's messages.
@Suite struct SparseAdamTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let padding_idx: Int?
        let options: [String: LooseValue]
        let weight: [Double]
        let indices: [[[Int64]]]
        let targets: [[Double]]
        let steps: [[Double]]
        let state_keys, group_keys: [String]
        let first_state: [String: [Double]]
        var testDescription: String { name }

        func number(_ key: String, _ fallback: Double) -> Double {
            if case .number(let value)? = options[key] { return value }
            return fallback
        }

        /// The case's embedding (its weight as torch drew it) and optimiser.
        func setUp() -> (Embedding, SparseAdam) {
            let embedding = Embedding.fromPretrained(Tensor(flat: weight, shape: [10, 3]), freeze: false,
                                                     paddingIdx: padding_idx, sparse: true)
            var betas = (0.9, 0.999)
            if case .list(let values)? = options["betas"] { betas = (values[0].numbers[0], values[1].numbers[0]) }
            var maximize = false
            if case .flag(let value)? = options["maximize"] { maximize = value }
            let optimizer = SparseAdam(embedding.parameters(), lr: number("lr", 1e-3), betas: betas,
                                       eps: number("eps", 1e-8), maximize: maximize)
            return (embedding, optimizer)
        }

        /// The weight after each step from `start` to `end`.
        func train(_ embedding: Embedding, _ optimizer: SparseAdam, _ range: Range<Int>) -> [[Double]] {
            range.map { step in
                optimizer.zeroGrad()
                let index = Tensor(flat: indices[step].flatMap { $0 }, shape: [6, 4])
                let target = Tensor(flat: targets[step], shape: [6])
                (embedding(index).sum(dims: [1, 2]) - target).pow(2).mean().backward()
                optimizer.step()
                return embedding.weight.detach().reshape([-1]).toArray(of: Double.self)
            }
        }
    }

    struct File: Decodable { let sparse_cases: [Case] }
    static let cases = OptimFixture.decode(File.self, "optim_recent.json").sparse_cases

    @Test(arguments: cases)
    func matchesTorch(_ testCase: Case) throws {
        let (embedding, optimizer) = testCase.setUp()
        let trajectory = testCase.train(embedding, optimizer, 0..<20)
        let worst = zip(trajectory, testCase.steps).map { worstRelativeDifference($0, $1) }.max() ?? .infinity
        #expect(worst <= 1e-10, "\(testCase.name): weights differ from torch's by up to \(worst)")
        let stateDict = optimizer.stateDict()
        #expect(stateDict.paramGroups[0].map(\.key) == testCase.group_keys)
        let tensors = try #require(stateDict.state[0])
        #expect(Set(tensors.keys).union(stateDict.otherState[0]?.keys ?? [:].keys).sorted() == testCase.state_keys)
        guard case .int(let step)? = stateDict.otherState[0]?["step"] else {
            Issue.record("step is not an int")
            return
        }
        #expect([Double(step)] == testCase.first_state["step"])
        for key in ["exp_avg", "exp_avg_sq"] {
            let got = try #require(tensors[key]).reshape([-1]).toArray(of: Double.self)
            #expect(worstRelativeDifference(got, try #require(testCase.first_state[key])) <= 1e-9, "state \(key)")
        }
    }

    /// The weight's gradient is dense and readable; its rows are those looked up (padding row excepted), across
    /// accumulated backward passes, and start afresh after `zeroGrad`.
    @Test func theGradientListsTheRowsLookedUp() throws {
        let embedding = Embedding(10, 3, paddingIdx: 0, sparse: true, generator: Generator(seed: 1))
        let weight = try #require(embedding.weight as? SparseGradientParameter)
        #expect("\(embedding)" == "Embedding(10, 3, padding_idx=0, sparse=True)")
        embedding(Tensor(flat: [Int64(4), 0, 4, 7], shape: [2, 2])).sum().backward()
        #expect(weight.gradientRows == [4, 7])
        #expect(weight.grad?.shape == [10, 3])
        embedding(Tensor(flat: [Int64(2)], shape: [1])).sum().backward()
        #expect(weight.gradientRows == [2, 4, 7])
        weight.grad = nil
        #expect(weight.gradientRows == nil)
        embedding(Tensor(flat: [Int64(9)], shape: [1])).sum().backward()
        #expect(weight.gradientRows == [9])
        let doubled = Embedding(10, 3, sparse: true, generator: Generator(seed: 1)).double()
        #expect(doubled.weight is SparseGradientParameter)
    }

    @Test func misuseStopsWithPyTorchsMessages() async {
        let dense = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let embedding = Embedding(10, 3, generator: Generator(seed: 1))
            let optimizer = SparseAdam(embedding.parameters())
            embedding(Tensor(flat: [Int64(1)], shape: [1])).sum().backward()
            optimizer.step()
        }
        #expect(exitMessage(dense).contains("SparseAdam does not support dense gradients, please consider Adam instead"))
        let lr = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SparseAdam([Parameter(Tensor.zeros([2, 2]))], lr: 0)
        }
        #expect(exitMessage(lr).contains("Invalid learning rate: 0.0"))
    }
}
