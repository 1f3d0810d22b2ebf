import Testing
import SynapseNN

extension DefaultGeneratorSuite {
    /// Seed 002 (the `NN_Network` whose layers get new parameters) and seed 003 (5.4 custom layers, 5.5 `MLP` and
    /// its clone) in Swift, printed text compared with torch's.
    @Suite struct Seed002And003Tests {
        /// Seed 002: the layers' parameters replaced after construction.
        final class NNNetwork: Module {
            let linear1: Linear
            let linear2: Linear

            init(_ inDim: Int, _ hid: Int, _ outDim: Int) {
                linear1 = Linear(inDim, hid)
                linear2 = Linear(hid, outDim)
                super.init()
                linear1.weight = Parameter(Tensor.zeros([inDim, hid]))
                linear1.bias = Parameter(Tensor.ones([hid]))
                linear2.weight = Parameter(Tensor.zeros([inDim, hid]))
                linear2.bias = Parameter(Tensor.ones([hid]))
            }

            override func forward(_ input: Tensor) -> Tensor { linear2(linear1(input)) }
        }

        @Test func replacedParametersAreTheOnesListed() {
            manualSeed(8)
            let net = NNNetwork(5, 2, 3)
            var out = Printout()
            for param in net.parameters() { out(param.size()) }
            out(net.parameters())
            out("[" + net.parameters().map { python($0.requiresGrad) }.joined(separator: ", ") + "]")
            #expect(out.text == SeedFixture.expected("002_replaced_parameters"))
        }

        /// 5.4.1: a layer without parameters.
        final class CenteredLayer: Module {
            override func forward(_ X: Tensor) -> Tensor { X - X.mean() }
        }

        /// 5.4.2: a fully connected layer written by hand.
        final class MyLinear: Module {
            let weight: Parameter
            let bias: Parameter

            init(_ inUnits: Int, _ units: Int) {
                weight = Parameter(Tensor.randn([inUnits, units]))
                bias = Parameter(Tensor.randn([units]))
            }

            override func forward(_ X: Tensor) -> Tensor { (X.matmul(weight.data) + bias.data).relu() }
        }

        @Test func customLayers() {
            manualSeed(9)
            var out = Printout()
            let layer = CenteredLayer()
            out(layer(Tensor([1.0, 2, 3, 4, 5])))
            var net = Sequential(Linear(8, 128), CenteredLayer())
            out(net)
            let Y = net(Tensor.rand([4, 8]))
            out(python(abs(Y.mean().item()) < 1e-6))
            let linear = MyLinear(5, 3)
            out(linear.weight)
            out(linear(Tensor.rand([10, 5])))
            net = Sequential(MyLinear(64, 8), MyLinear(8, 1))
            out(net(Tensor.rand([2, 64])))
            out(net)
            #expect(out.text == SeedFixture.expected("003_custom_layers"))
        }

        /// 5.3: deferred initialisation with lazy layers.
        @Test func lazyInitialisation() {
            manualSeed(11)
            let net = Sequential(LazyLinear(256), ReLU(), LazyLinear(10))
            var out = Printout()
            out(net)
            out(net[0].weight)
            let X = Tensor.rand([2, 20])
            out(net(X)[.all, ..<3])
            out(net)
            out(net[0].weight[..<2, ..<4])
            out(net[2].bias[..<3])
            out(PythonList(net.namedParameters().map(\.name)))
            #expect(out.text == SeedFixture.expected("003_lazy_initialisation"))
        }

        @Test func lazyLinearEqualsLinearFromTheSameSeed() {
            manualSeed(21)
            let eager = Linear(20, 6)
            manualSeed(21)
            let lazy = LazyLinear(6)
            _ = lazy(Tensor.zeros([1, 20]))
            #expect(lazy.weight.equal(eager.weight) && lazy.bias!.equal(eager.bias!))
            #expect(lazy.description == eager.description)
        }

        @Test func lazyLayerMaterialisesFromAStateDict() throws {
            let source = Linear(5, 3, generator: Generator(seed: 1))
            let lazy = LazyLinear(3)
            try lazy.loadStateDict(source.stateDict())
            #expect(lazy.isMaterialized && lazy.inFeatures == 5 && lazy.typeName == "Linear")
            #expect(lazy.weight.equal(source.weight) && lazy.bias!.equal(source.bias!))
            #expect(lazy.weight.requiresGrad && lazy.weight !== source.weight)
        }

        /// 5.5.2: the model saved and loaded into a clone.
        final class MLP: Module {
            let hidden = Linear(20, 256)
            let output = Linear(256, 10)
            override func forward(_ x: Tensor) -> Tensor { output(hidden(x).relu()) }
        }

        @Test func mlpCloneLoadsTheStateDict() throws {
            manualSeed(10)
            let net = MLP()
            let X = Tensor.randn([2, 20])
            let Y = net(X)
            let clone = MLP()
            var out = Printout()
            out(try clone.loadStateDict(net.stateDict()))
            out(clone.eval())
            let YClone = clone(X)
            out(YClone .== Y)
            out(PythonList(Array(net.stateDict().keys)))
            #expect(out.text == SeedFixture.expected("003_mlp_clone"))
        }
    }
}
