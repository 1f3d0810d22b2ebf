import Testing
import SynapseNN

/// What torch reported for one model (`scripts/fixtures/modules.py`).
struct ModelFixture: Decodable, Sendable {
    /// A `[name, shape]` or `[name, class name]` pair.
    enum Item: Decodable, Sendable, Equatable {
        case shape(String, [Int])
        case type(String, String)

        init(from decoder: Decoder) throws {
            var container = try decoder.unkeyedContainer()
            let name = try container.decode(String.self)
            if let shape = try? container.decode([Int].self) { self = .shape(name, shape) } else {
                self = .type(name, try container.decode(String.self))
            }
        }
    }

    let state_dict_keys: [String]
    let named_parameters, named_parameters_all, named_buffers: [Item]
    let named_modules, named_modules_all, children: [Item]
    let repr: String
    let num_parameters: Int?

    static let all: [String: ModelFixture] = {
        struct File: Decodable { let models: [String: ModelFixture] }
        return FixtureFile.decode(File.self, "modules/models.json", generator: "modules.py").models
    }()
}

/// The fixture's models, built in Synapse the way the Python script builds them in torch.
enum FixtureModels {
    final class Tied: Module {
        let enc = Linear(4, 4)
        let dec = Linear(4, 4)
        let head = Linear(4, 4)
        let alias: Linear

        override init() {
            alias = enc
            super.init()
            head.weight = enc.weight
        }
    }

    final class WithBuffers: Module {
        let linear = Linear(3, 2, bias: false)
        let norm = BatchNorm1d(2)

        override init() {
            super.init()
            try! registerBuffer("steps", Tensor.zeros([], dtype: .int64))
            try! registerBuffer("cache", Tensor.zeros([4]), persistent: false)
        }
    }

    class Ordered: Module {
        let scale = Parameter(Tensor.ones([3]))
        let body = Linear(3, 3)
        let shift = Parameter(Tensor.zeros([3]))
        let tail = Sequential(Tanh(), Linear(3, 1))
    }

    final class Derived: Ordered {
        let extra = Linear(1, 1)
        let gain = Parameter(Tensor.ones([1]))
    }

    final class Holder: Module {
        let weights = ParameterList([Parameter(Tensor.zeros([3, 4])), Tensor.ones([2]),
                                     Parameter(Tensor.zeros([2], dtype: .float64))])
        let single = ParameterList([Parameter(Tensor.zeros([1]))])
        let gains = try! ParameterDict(["b": Parameter(Tensor.zeros([2])), "a": Tensor.ones([1, 2])])
        let empty = ParameterList()
    }

    static func make(_ name: String) -> Module {
        switch name {
        case "nested blocks":
            let blocks = Sequential()
            for i in 0..<2 {
                try! blocks.addModule("block\(i)", Sequential(Linear(4, 8), ReLU(), Linear(8, 4), ReLU()))
            }
            return Sequential(blocks, Linear(4, 1))
        case "tied and aliased": return Tied()
        case "buffers persistent and not": return WithBuffers()
        case "module list collapsing":
            return ModuleList([Linear(4, 4), Linear(4, 4), Linear(4, 4), ReLU(), Linear(4, 2)])
        case "module dict":
            return try! ModuleDict(["conv": Conv2d(1, 2, kernelSize: 3), "act": ReLU(), "pool": MaxPool2d(2)])
        case "declaration order": return Ordered()
        case "subclass": return Derived()
        case "norms embedding dropout":
            return Sequential(Embedding(10, 4, paddingIdx: 0), LayerNorm([4]), Dropout(0.1), GELU(), Linear(4, 2))
        case "lazy": return Sequential(LazyLinear(8), ReLU(), LazyLinear(1))
        case "convolutional":
            return Sequential(Conv2d(1, 6, kernelSize: 5, padding: 2), Sigmoid(), AvgPool2d(2), Conv2d(6, 16, kernelSize: 5),
                              BatchNorm2d(16), Flatten(), Linear(16 * 5 * 5, 10))
        case "shared module in two containers":
            let shared = Linear(2, 2)
            return Sequential(Sequential(shared, ReLU()), ModuleList([shared, Linear(2, 2)]))
        case "parameter list and dict": return Holder()
        default: fatalError("unknown model \(name)")
        }
    }
}

extension DefaultGeneratorSuite {
    /// A dozen models built both in torch and in Synapse: state-dict keys, named parameters with and without
    /// dedup (names and shapes), named buffers, named modules with and without dedup, children, parameter counts
    /// and the printed tree, all identical.
    @Suite struct ModuleFixtureTests {
        static let names = ModelFixture.all.keys.sorted()

        @Test(arguments: names)
        func matchesTorch(_ name: String) throws {
            let expected = try #require(ModelFixture.all[name])
            let model = FixtureModels.make(name)
            let lazy = name == "lazy"
            func shapes(_ items: [(String, Tensor)]) -> [ModelFixture.Item] {
                items.map { .shape($0.0, lazy ? [] : $0.1.shape) }
            }
            func types(_ items: [(name: String, module: Module)]) -> [ModelFixture.Item] {
                items.map { .type($0.name, $0.module.typeName) }
            }
            #expect(Array(model.stateDict().keys) == expected.state_dict_keys)
            #expect(shapes(model.namedParameters().map { ($0.name, $0.parameter) }) == expected.named_parameters)
            #expect(shapes(model.namedParameters(removeDuplicate: false).map { ($0.name, $0.parameter) })
                == expected.named_parameters_all)
            #expect(shapes(model.namedBuffers().map { ($0.name, $0.buffer) }) == expected.named_buffers)
            #expect(types(model.namedModules()) == expected.named_modules)
            #expect(types(model.namedModules(removeDuplicate: false)) == expected.named_modules_all)
            #expect(types(model.namedChildren()) == expected.children)
            #expect(model.description == expected.repr)
            if let count = expected.num_parameters { #expect(model.numParameters == count) }
        }
    }
}
