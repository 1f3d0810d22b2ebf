import Testing
import SynapseNN

extension DefaultGeneratorSuite {
    /// Whole-tree operations, lookups and hooks, with PyTorch's orders and messages (checked in torch 2.15).
    @Suite struct ModuleBehaviourTests {
        static func net() -> Sequential<Module> { Sequential(Linear(2, 2), Sequential(Linear(2, 2))) }

        @Test func applyIsPostOrderAndReturnsSelf() {
            let net = Self.net()
            var order: [String] = []
            let returned = net.apply { order.append($0.typeName) }
            #expect(order == ["Linear", "Linear", "Sequential", "Sequential"])
            #expect(returned === net)
        }

        @Test func lookupsFollowDottedPaths() throws {
            let net = Self.net()
            #expect(try net.getSubmodule("1.0") === net[1][0])
            #expect(try net.getSubmodule("") === net)
            #expect(try net.getParameter("0.weight") === net[0].weight)
            #expect(try net.getParameter("1.0.bias") === net[1][0].bias)
        }

        /// One lookup and torch's error text (`scripts/fixtures/load_errors.py`).
        struct LookupCase: Decodable, Sendable, CustomTestStringConvertible {
            let function: String
            let target: String
            let error: String
            var testDescription: String { "\(function)(\(target))" }

            static let all: [LookupCase] = {
                struct File: Decodable { let cases: [LookupCase] }
                return FixtureFile.decode(File.self, "modules/lookups.json", generator: "load_errors.py").cases
            }()
        }

        @Test(arguments: LookupCase.all)
        func lookupErrorsNameTheMissingPart(_ testCase: LookupCase) {
            let (function, target, message) = (testCase.function, testCase.target, testCase.error)
            let net = Self.net()
            do {
                switch function {
                case "get_submodule": _ = try net.getSubmodule(target)
                case "get_parameter": _ = try net.getParameter(target)
                default: _ = try net.getBuffer(target)
                }
                Issue.record("\(function)(\(target)) should have thrown")
            } catch {
                #expect(error.description == message)
            }
        }

        @Test func trainEvalAndRequiresGradReachEveryModule() {
            let net = Self.net()
            net.eval()
            #expect(net.modules().allSatisfy { !$0.training })
            net.train()
            #expect(net.modules().allSatisfy { $0.training })
            net.requiresGrad_(false)
            #expect(net.parameters().allSatisfy { !$0.requiresGrad })
            #expect(net.numParameters == 12)
        }

        @Test func zeroGradClearsOrZeroes() {
            let net = Self.net()
            net(Tensor.ones([3, 2])).sum().backward()
            #expect(net.parameters().allSatisfy { $0.grad != nil })
            net.zeroGrad(setToNil: false)
            #expect(net.parameters().allSatisfy { $0.grad!.equal(Tensor.zerosLike($0)) })
            net.zeroGrad()
            #expect(net.parameters().allSatisfy { $0.grad == nil })
        }

        @Test func convertingTheDtypeConvertsEveryParameter() {
            let net = Self.net().to(.float64)
            #expect(net.parameters().allSatisfy { $0.dtype == .float64 && $0.requiresGrad })
            #expect(net(Tensor.ones([1, 2], dtype: .float64)).dtype == .float64)
            #expect(net.parameters().count == 4)
        }

        @Test func forwardHooksReplaceInputAndOutputUntilRemoved() {
            let layer = Identity()
            let x = Tensor([1.0, 2.0])
            var seen: [String] = []
            let pre = layer.registerForwardPreHook { _, input in
                seen.append("pre")
                return input * 10
            }
            let post = layer.registerForwardHook { _, _, output in
                seen.append("post")
                return output + 1
            }
            #expect(layer(x).toArray(of: Float.self) == [11, 21])
            #expect(seen == ["pre", "post"])
            pre.remove()
            #expect(layer(x).toArray(of: Float.self) == [2, 3])
            post.remove()
            post.remove()
            #expect(layer(x).toArray(of: Float.self) == [1, 2])
            #expect(seen == ["pre", "post", "post"])
        }

        @Test func typedAccessToAChild() {
            let net = Sequential(Linear(4, 8), ReLU(), Linear(8, 1))
            let last = net[2, as: Linear.self]
            #expect(last.inFeatures == 8 && last.outFeatures == 1)
            #expect(last.weight === net[2].weight)
            #expect(net.count == 3)
            #expect(net.map(\.typeName) == ["Linear", "ReLU", "Linear"])
        }

        @Test func stateDictValuesShareStorageWithoutHistory() {
            let linear = Linear(3, 2)
            let state = linear.stateDict()
            let weight = state["weight"]!
            #expect(!weight.requiresGrad && !(weight is Parameter))
            weight[0, 0] = 7
            #expect(linear.weight[0, 0].item() == 7)
            #expect(linear.stateDict(keepVars: true)["weight"] === linear.weight)
            #expect(Array(linear.stateDict(prefix: "layer.").keys) == ["layer.weight", "layer.bias"])
        }

        @Test func sequentialEditsRenumberTheChildren() {
            let first = Linear(1, 1), second = ReLU(), third = Tanh()
            let net = Sequential(first, second)
            net.insert(third, at: 1)
            #expect(net.namedChildren().map(\.name) == ["0", "1", "2"] && net[1] === third && net[2] === second)
            #expect(net.remove(at: 0) === first)
            #expect(net.namedChildren().map(\.name) == ["0", "1"] && net[0] === third && net[-1] === second)
            net.append(first).extend([ReLU()])
            #expect(net.count == 4 && net.map(\.typeName) == ["Tanh", "ReLU", "Linear", "ReLU"])
            #expect(Array(net[1..<3].namedChildren().map(\.name)) == ["1", "2"])
        }

        @Test func linearWeightGradientsArriveContiguous() {
            let layer = Linear(5, 3)
            layer(Tensor.rand([4, 5])).sum().backward()
            #expect(layer.weight.grad!.isContiguous && layer.weight.grad!.shape == [3, 5])
        }
    }
}
