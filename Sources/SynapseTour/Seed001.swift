import Foundation
import Synapse

// snippet-context: 001_nested_blocks
fileprivate func block1() -> Sequential<Module> {
    Sequential(Linear(4, 8), ReLU(), Linear(8, 4), ReLU())
}
// end snippet

// snippet-context: 001_nested_blocks
fileprivate func block2() -> Sequential<Module> {
    let net = Sequential()
    for i in 0..<4 { try! net.addModule("block\(i)", block1()) }
    return net
}
// end snippet

extension Tour {
    /// The snippets of seed 001 in Swift, in the article's order.
    static let seed001Steps: [TourStep] = [
        TourStep("001_parameter_access") { seed, print in
            // snippet: 001_parameter_access
            manualSeed(seed)
            let net = Sequential(Linear(4, 8), ReLU(), Linear(8, 1))
            let X = Tensor.rand([2, 4])
            print(net(X))
            print(net[2].stateDict())
            let param = net[2].bias
            print(param)
            print(param.data)
            print(python(net[2].weight.grad == nil))
            print(net[0].namedParameters().map { python($0.name, $0.parameter.size()) }.joined(separator: " "))
            print(net.namedParameters().map { python($0.name, $0.parameter.size()) }.joined(separator: " "))
            print(net.stateDict()["2.bias"]!.data)
            print(net)
            // end snippet
        },
        TourStep("001_nested_blocks") { seed, print in
            // snippet: 001_nested_blocks
            manualSeed(seed)
            let X = Tensor.rand([2, 4])
            let rgnet = Sequential(block2(), Linear(4, 1))
            print(rgnet(X))
            print(rgnet)
            print(rgnet[0][1][0].bias.data)
            print(PythonList(Array(rgnet.stateDict().keys)))
            // end snippet
        },
        TourStep("001_builtin_init") { seed, print in
            // snippet: 001_builtin_init
            manualSeed(seed)
            let net = Sequential(Linear(4, 8), ReLU(), Linear(8, 1))
            net.apply { m in
                if let m = m as? Linear {
                    Init.normal_(m.weight, mean: 0, std: 0.01)
                    Init.zeros_(m.bias!)
                }
            }
            print(net[0].weight.data[0], net[0].bias.data[0])
            net.apply { m in
                if let m = m as? Linear {
                    Init.constant_(m.weight, 1)
                    Init.zeros_(m.bias!)
                }
            }
            print(net[0].weight.data[0], net[0].bias.data[0])
            net[0].apply { m in if let m = m as? Linear { Init.xavierUniform_(m.weight) } }
            net[2].apply { m in if let m = m as? Linear { Init.constant_(m.weight, 42) } }
            print(net[0].weight.data[0])
            print(net[2].weight.data)
            // end snippet
        },
        TourStep("001_custom_init_and_direct_writes") { seed, print in
            // snippet: 001_custom_init_and_direct_writes
            manualSeed(seed)
            let net = Sequential(Linear(4, 8), ReLU(), Linear(8, 1))
            net.apply { m in
                if let m = m as? Linear {
                    let (name, param) = m.namedParameters()[0]
                    print("Init", name, param.size())
                    Init.uniform_(m.weight, -10, 10)
                    m.weight.data *= m.weight.data.abs() .>= 5
                }
            }
            print(net[0].weight[..<2])
            net[0].weight.data[...] += 1
            net[0].weight.data[0, 0] = 42
            print(net[0].weight.data[0])
            // end snippet
        },
        TourStep("001_tied_layers") { seed, print in
            // snippet: 001_tied_layers
            manualSeed(seed)
            let X = Tensor.rand([2, 4])
            let shared = Linear(8, 8)
            let net = Sequential(Linear(4, 8), ReLU(), shared, ReLU(), shared, ReLU(), Linear(8, 1))
            _ = net(X)
            print(net[2].weight.data[0] .== net[4].weight.data[0])
            net[2].weight.data[0, 0] = 100
            print(net[2].weight.data[0] .== net[4].weight.data[0])
            print(net[4].weight.data[0])
            net(X).sum().backward()
            print(net[2].weight.grad!)
            // end snippet
        },
    ]
}
