import Foundation
import Synapse

/// 代码片段一: plain tensor properties are neither parameters nor buffers.
// snippet-context: 000_plain_tensors_are_not_parameters
fileprivate final class PlainNet: Module {
    let weight = Tensor.randn([3, 3])
    let bias = Tensor.randn([3])
}
// end snippet

/// 代码片段二: the same properties as parameters.
// snippet-context: 000_parameters_are_listed
fileprivate final class ParameterNet: Module {
    let weight = Parameter(Tensor.randn([3, 3]))
    let bias = Parameter(Tensor.randn([3]))
}
// end snippet

/// The single-hidden-layer network the article initialises.
// snippet-context: 000_apply_init_normal 000_apply_my_init
fileprivate final class Net: Module {
    let layers = Sequential(Linear(3, 2), ReLU(), Linear(2, 3))
    override func forward(_ x: Tensor) -> Tensor { layers(x) }
}
// end snippet

/// A parameter, a saved buffer, an unsaved buffer and a plain tensor side by side.
// snippet-context: 000_plain_tensors_parameters_and_buffers
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
// end snippet

extension Tour {
    /// The snippets of seed 000 in Swift, in the article's order.
    static let seed000Steps: [TourStep] = [
        TourStep("000_plain_tensors_are_not_parameters") { seed, print in
            // snippet: 000_plain_tensors_are_not_parameters
            manualSeed(seed)
            print(PlainNet().parameters())
            // end snippet
        },
        TourStep("000_parameters_are_listed") { seed, print in
            // snippet: 000_parameters_are_listed
            manualSeed(seed)
            print(ParameterNet().parameters())
            // end snippet
        },
        TourStep("000_parameter_and_data") { seed, print in
            // snippet: 000_parameter_and_data
            let a = Tensor([1, 2, 3]).to(.float32)
            let param = Parameter(a)
            print(param)
            print(param.data)
            // end snippet
        },
        TourStep("000_linear_state_dict") { seed, print in
            // snippet: 000_linear_state_dict
            manualSeed(seed)
            var linearLayer = Linear(2, 2)
            print(linearLayer.stateDict())
            print(linearLayer.stateDict().keys)
            linearLayer = Linear(2, 1)
            print(linearLayer.weight)
            print(linearLayer.bias!)
            // end snippet
        },
        TourStep("000_apply_init_normal") { seed, print in
            // snippet: 000_apply_init_normal
            manualSeed(seed)
            func initNormal(_ module: Module) {
                if let linear = module as? Linear {
                    Init.normal_(linear.weight, mean: 0, std: 1)
                    Init.zeros_(linear.bias!)
                }
            }
            let net = Net()
            net.apply(initNormal)
            for param in net.parameters() { print(param) }
            print(net)
            // end snippet
        },
        TourStep("000_apply_my_init") { seed, print in
            // snippet: 000_apply_my_init
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
            for param in net.parameters() { print(param) }
            // end snippet
        },
        TourStep("000_shared_layer") { seed, print in
            // snippet: 000_shared_layer
            manualSeed(seed)
            let shared = Linear(8, 8)
            let net = Sequential(Linear(4, 8), ReLU(), shared, ReLU(), shared, ReLU(), Linear(8, 1))
            print(net)
            print(PythonList(net.namedParameters().map(\.name)))
            print(PythonList(Array(net.stateDict().keys)))
            // end snippet
        },
        TourStep("000_plain_tensors_parameters_and_buffers") { seed, print in
            // snippet: 000_plain_tensors_parameters_and_buffers
            manualSeed(seed)
            let net = Normalizer()
            print(PythonList(net.namedParameters().map(\.name)))
            print(PythonList(net.namedBuffers().map(\.name)))
            print(net.stateDict())
            // end snippet
        },
    ]
}
