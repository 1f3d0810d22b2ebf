import Testing
import SynapseNN

extension DefaultGeneratorSuite {
    /// Seed 000 ("torch.nn.Parameter 参数相关的介绍和使用") in Swift, printed text compared with torch's.
    @Suite struct Seed000Tests {
        /// 代码片段一: plain tensor properties are neither parameters nor buffers.
        final class PlainNet: Module {
            let weight = Tensor.randn([3, 3])
            let bias = Tensor.randn([3])
        }

        /// 代码片段二: the same properties as parameters.
        final class ParameterNet: Module {
            let weight = Parameter(Tensor.randn([3, 3]))
            let bias = Parameter(Tensor.randn([3]))
        }

        /// The single-hidden-layer network the article initialises.
        final class Net: Module {
            let layers = Sequential(Linear(3, 2), ReLU(), Linear(2, 3))
            override func forward(_ x: Tensor) -> Tensor { layers(x) }
        }

        @Test func plainTensorsAreNotParameters() {
            manualSeed(0)
            var out = Printout()
            out(PlainNet().parameters())
            #expect(out.text == SeedFixture.expected("000_plain_tensors_are_not_parameters"))
        }

        @Test func parametersAreListed() {
            manualSeed(0)
            var out = Printout()
            out(ParameterNet().parameters())
            #expect(out.text == SeedFixture.expected("000_parameters_are_listed"))
        }

        @Test func parameterAndItsData() {
            let a = Tensor([1, 2, 3]).to(.float32)
            let param = Parameter(a)
            var out = Printout()
            out(param)
            out(param.data)
            #expect(out.text == SeedFixture.expected("000_parameter_and_data"))
        }

        @Test func linearStateDictAndAttributes() {
            manualSeed(1)
            var out = Printout()
            var linearLayer = Linear(2, 2)
            out(linearLayer.stateDict())
            out(linearLayer.stateDict().keys)
            linearLayer = Linear(2, 1)
            out(linearLayer.weight)
            out(linearLayer.bias!)
            #expect(out.text == SeedFixture.expected("000_linear_state_dict"))
        }

        @Test func applyInitNormal() {
            manualSeed(2)
            func initNormal(_ module: Module) {
                if let linear = module as? Linear {
                    Init.normal_(linear.weight, mean: 0, std: 1)
                    Init.zeros_(linear.bias!)
                }
            }
            let net = Net()
            net.apply(initNormal)
            var out = Printout()
            for param in net.parameters() { out(param) }
            out(net)
            #expect(out.text == SeedFixture.expected("000_apply_init_normal"))
        }

        @Test func applyCustomInit() {
            manualSeed(3)
            func myInit(_ module: Module) {
                if let linear = module as? Linear {
                    Init.uniform_(linear.weight, -10, 10)
                    let mask = linear.weight.data.abs() .>= 5
                    linear.weight.data *= mask
                }
            }
            let net = Net()
            net.apply(myInit)
            var out = Printout()
            for param in net.parameters() { out(param) }
            #expect(out.text == SeedFixture.expected("000_apply_my_init"))
        }

        @Test func sharedLayerIsListedOnceAndStoredTwice() {
            manualSeed(4)
            let shared = Linear(8, 8)
            let net = Sequential(Linear(4, 8), ReLU(), shared, ReLU(), shared, ReLU(), Linear(8, 1))
            var out = Printout()
            out(net)
            out(PythonList(net.namedParameters().map(\.name)))
            out(PythonList(Array(net.stateDict().keys)))
            #expect(out.text == SeedFixture.expected("000_shared_layer"))
        }
    }
}

/// A list of strings as Python prints it: `['0.weight', '0.bias']`.
struct PythonList: CustomStringConvertible {
    let items: [String]
    init(_ items: [String]) { self.items = items }
    var description: String { "[" + items.map { "'\($0)'" }.joined(separator: ", ") + "]" }
}
