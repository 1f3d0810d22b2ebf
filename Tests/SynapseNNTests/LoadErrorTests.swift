import Testing
import SynapseNN

/// One edited state dict and torch's verdict, from `scripts/fixtures/load_errors.py`.
struct LoadErrorCase: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let model: String
    let strict: Bool
    let remove: [String]
    let add: [String: [Int]]
    let replace: [String: [Int]]
    let error: String?
    let result: String?

    var testDescription: String { name }

    static let all: [LoadErrorCase] = {
        struct File: Decodable { let cases: [LoadErrorCase] }
        return FixtureFile.decode(File.self, "modules/load_errors.json", generator: "load_errors.py").cases
    }()

    /// The fixture's `Block`: a nested model with a batch norm (buffers, an int64 counter).
    final class Block: Module {
        let encoder = Sequential(Linear(3, 4), ReLU())
        let norm = BatchNorm1d(4)
        let head = Linear(4, 2)
    }

    func makeModel() -> Module {
        model == "block" ? Block() : Sequential(Linear(3, 4), ReLU(), Linear(4, 2))
    }

    /// A fresh model's state dict edited as the case says (added keys in the fixture's order: sorted by key
    /// there and here alike, since JSON objects carry no order).
    func editedState() -> StateDict {
        var state = makeModel().stateDict()
        for key in remove { state[key] = nil }
        for key in add.keys.sorted() { state[key] = Tensor.zeros(add[key]!) }
        for (key, shape) in replace { state[key] = Tensor.zeros(shape) }
        return state
    }
}

extension DefaultGeneratorSuite {
    /// `loadStateDict` against torch's verdicts: the same error text (missing, unexpected, size mismatches, all
    /// together, at several depths) or the same missing/unexpected lists, and a failed load changes nothing.
    @Suite struct LoadErrorTests {
        @Test(arguments: LoadErrorCase.all)
        func matchesTorch(_ testCase: LoadErrorCase) {
            let target = testCase.makeModel()
            let before = target.stateDict().map { ($0.key, $0.value.clone()) }
            do {
                let result = try target.loadStateDict(testCase.editedState(), strict: testCase.strict)
                #expect(testCase.error == nil, "torch refused this load")
                #expect(result.description == testCase.result)
            } catch {
                #expect(error.description == testCase.error)
                let after = target.stateDict()
                #expect(before.allSatisfy { key, value in after[key]!.equal(value) }, "a failed load changed the model")
            }
        }

        @Test func loadedValuesArriveInTheSameParameterObjects() throws {
            let source = Sequential(Linear(3, 4), ReLU(), Linear(4, 2))
            let target = Sequential(Linear(3, 4), ReLU(), Linear(4, 2))
            let weight = target[0].weight
            try target.loadStateDict(source.stateDict())
            #expect(target[0].weight === weight && weight.equal(source[0].weight) && weight.requiresGrad)
        }

        @Test func tiedParametersStayTiedAndDTypesConvert() throws {
            let shared = Linear(2, 2)
            let tied = Sequential(shared, ReLU(), shared)
            var state = StateDict()
            for (key, value) in Sequential(Linear(2, 2), ReLU(), Linear(2, 2)).stateDict() {
                state[key] = value.to(.float64)
            }
            state["0.weight"] = state["2.weight"]
            state["0.bias"] = state["2.bias"]
            try tied.loadStateDict(state)
            #expect(tied[0] === tied[2] && tied[0].weight.dtype == .float32)
            #expect(tied[0].weight.equal(state["2.weight"]!.to(.float32)))
        }

        @Test func assignReplacesTheTensorsAndKeepsRequiresGrad() throws {
            let target = Linear(3, 2)
            let incoming = Linear(3, 2).stateDict()
            try target.loadStateDict(incoming, assign: true)
            #expect(target.weight.requiresGrad && target.weight.equal(incoming["weight"]!))
            incoming["weight"]![0, 0] = 123
            #expect(target.weight[0, 0].item() == 123, "assign shares the state dict's memory")
        }
    }
}
