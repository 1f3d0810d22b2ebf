import Foundation
import Synapse

/// 代码片段一: plain tensor properties are neither parameters nor buffers.
fileprivate final class PlainNet: Module {
    let weight = Tensor.randn([3, 3])
    let bias = Tensor.randn([3])
}

/// 代码片段二: the same properties as parameters.
fileprivate final class ParameterNet: Module {
    let weight = Parameter(Tensor.randn([3, 3]))
    let bias = Parameter(Tensor.randn([3]))
}

/// The single-hidden-layer network the article initialises.
fileprivate final class Net: Module {
    let layers = Sequential(Linear(3, 2), ReLU(), Linear(2, 3))
    override func forward(_ x: Tensor) -> Tensor { layers(x) }
}

/// A parameter, a saved buffer, an unsaved buffer and a plain tensor side by side.
fileprivate final class Normalizer: Module {
    let scale = Parameter(Tensor.randn([2]))   // trained, saved
    let plain: Tensor                          // neither: the module doesn't know it

    override init() {
        plain = Tensor.randn([2])
        super.init()
        try! registerBuffer("running_mean", Tensor.zeros([2]))                 // not trained, saved
        try! registerBuffer("scratch", Tensor.ones([1]), persistent: false)    // not trained, not saved
    }
}

extension Tour {
    /// The snippets of seed 000 in Swift, in the article's order.
    static let seed000Steps: [TourStep] = [
        TourStep("000_plain_tensors_are_not_parameters") { seed, out in
            manualSeed(seed)
            out(PlainNet().parameters())
        },
        TourStep("000_parameters_are_listed") { seed, out in
            manualSeed(seed)
            out(ParameterNet().parameters())
        },
        TourStep("000_parameter_and_data") { seed, out in
            let a = Tensor([1, 2, 3]).to(.float32)
            let param = Parameter(a)
            out(param)
            out(param.data)
        },
        TourStep("000_linear_state_dict") { seed, out in
            manualSeed(seed)
            var linearLayer = Linear(2, 2)
            out(linearLayer.stateDict())
            out(linearLayer.stateDict().keys)
            linearLayer = Linear(2, 1)
            out(linearLayer.weight)
            out(linearLayer.bias!)
        },
        TourStep("000_apply_init_normal") { seed, out in
            manualSeed(seed)
            func initNormal(_ module: Module) {
                if let linear = module as? Linear {
                    Init.normal_(linear.weight, mean: 0, std: 1)
                    Init.zeros_(linear.bias!)
                }
            }
            let net = Net()
            net.apply(initNormal)
            for param in net.parameters() { out(param) }
            out(net)
        },
        TourStep("000_apply_my_init") { seed, out in
            manualSeed(seed)
            func myInit(_ module: Module) {
                if let linear = module as? Linear {
                    Init.uniform_(linear.weight, -10, 10)
                    let mask = linear.weight.data.abs() .>= 5
                    linear.weight.data *= mask
                }
            }
            let net = Net()
            net.apply(myInit)
            for param in net.parameters() { out(param) }
        },
        TourStep("000_shared_layer") { seed, out in
            manualSeed(seed)
            let shared = Linear(8, 8)
            let net = Sequential(Linear(4, 8), ReLU(), shared, ReLU(), shared, ReLU(), Linear(8, 1))
            out(net)
            out(PythonList(net.namedParameters().map(\.name)))
            out(PythonList(Array(net.stateDict().keys)))
        },
        TourStep("000_plain_tensors_parameters_and_buffers") { seed, out in
            manualSeed(seed)
            let net = Normalizer()
            out(PythonList(net.namedParameters().map(\.name)))
            out(PythonList(net.namedBuffers().map(\.name)))
            out(net.stateDict())
        },
    ]
}
