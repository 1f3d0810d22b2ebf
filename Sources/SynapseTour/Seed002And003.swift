import Foundation
import Synapse

/// Seed 002: the layers' parameters replaced after construction.
// snippet-context: 002_replaced_parameters
fileprivate final class NNNetwork: Module {
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
// end snippet

/// 5.4.1: a layer without parameters.
// snippet-context: 003_custom_layers
fileprivate final class CenteredLayer: Module {
    override func forward(_ X: Tensor) -> Tensor { X - X.mean() }
}
// end snippet

/// 5.4.2: a fully connected layer written by hand.
// snippet-context: 003_custom_layers
fileprivate final class MyLinear: Module {
    let weight: Parameter
    let bias: Parameter

    init(_ inUnits: Int, _ units: Int) {
        weight = Parameter(Tensor.randn([inUnits, units]))
        bias = Parameter(Tensor.randn([units]))
    }

    override func forward(_ X: Tensor) -> Tensor { (X.matmul(weight.data) + bias.data).relu() }
}
// end snippet

/// 5.5.2: the model saved and loaded into a clone.
// snippet-context: 003_mlp_clone 005_save_and_load
final class MLP: Module {
    let hidden = Linear(20, 256)
    let output = Linear(256, 10)
    override func forward(_ x: Tensor) -> Tensor { output(hidden(x).relu()) }
}
// end snippet

extension Tour {
    /// The snippets of seeds 002 and 003 in Swift, in the article's order.
    static let seed002and003Steps: [TourStep] = [
        TourStep("002_replaced_parameters") { seed, print in
            // snippet: 002_replaced_parameters
            manualSeed(seed)
            let net = NNNetwork(5, 2, 3)
            for param in net.parameters() { print(param.size()) }
            print(net.parameters())
            print("[" + net.parameters().map { python($0.requiresGrad) }.joined(separator: ", ") + "]")
            // end snippet
        },
        TourStep("003_custom_layers") { seed, print in
            // snippet: 003_custom_layers
            manualSeed(seed)
            let layer = CenteredLayer()
            print(layer(Tensor([1.0, 2, 3, 4, 5])))
            var net = Sequential(Linear(8, 128), CenteredLayer())
            print(net)
            let Y = net(Tensor.rand([4, 8]))
            print(python(abs(Y.mean().item()) < 1e-6))
            let linear = MyLinear(5, 3)
            print(linear.weight)
            print(linear(Tensor.rand([10, 5])))
            net = Sequential(MyLinear(64, 8), MyLinear(8, 1))
            print(net(Tensor.rand([2, 64])))
            print(net)
            // end snippet
        },
        TourStep("003_lazy_initialisation") { seed, print in
            // snippet: 003_lazy_initialisation
            manualSeed(seed)
            let net = Sequential(LazyLinear(256), ReLU(), LazyLinear(10))
            print(net)
            print(net[0].weight)
            let X = Tensor.rand([2, 20])
            print(net(X)[.all, ..<3])
            print(net)
            print(net[0].weight[..<2, ..<4])
            print(net[2].bias[..<3])
            print(PythonList(net.namedParameters().map(\.name)))
            // end snippet
        },
        TourStep("003_mlp_clone") { seed, print in
            // snippet: 003_mlp_clone
            manualSeed(seed)
            let net = MLP()
            let X = Tensor.randn([2, 20])
            let Y = net(X)
            let clone = MLP()
            print(try clone.loadStateDict(net.stateDict()))
            print(clone.eval())
            let YClone = clone(X)
            print(YClone .== Y)
            print(PythonList(Array(net.stateDict().keys)))
            // end snippet
        },
    ]
}
