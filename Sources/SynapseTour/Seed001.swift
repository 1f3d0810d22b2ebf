import Foundation
import Synapse

fileprivate func block1() -> Sequential<Module> {
    Sequential(Linear(4, 8), ReLU(), Linear(8, 4), ReLU())
}

fileprivate func block2() -> Sequential<Module> {
    let net = Sequential()
    for i in 0..<4 { try! net.addModule("block\(i)", block1()) }
    return net
}

extension Tour {
    /// The snippets of seed 001 in Swift, in the article's order.
    static let seed001Steps: [TourStep] = [
        TourStep("001_parameter_access") { seed, out in
            manualSeed(seed)
            let net = Sequential(Linear(4, 8), ReLU(), Linear(8, 1))
            let X = Tensor.rand([2, 4])
            out(net(X))
            out(net[2].stateDict())
            let param = net[2].bias
            out(param)
            out(param.data)
            out(python(net[2].weight.grad == nil))
            out(net[0].namedParameters().map { python($0.name, $0.parameter.size()) }.joined(separator: " "))
            out(net.namedParameters().map { python($0.name, $0.parameter.size()) }.joined(separator: " "))
            out(net.stateDict()["2.bias"]!.data)
            out(net)
        },
        TourStep("001_nested_blocks") { seed, out in
            manualSeed(seed)
            let X = Tensor.rand([2, 4])
            let rgnet = Sequential(block2(), Linear(4, 1))
            out(rgnet(X))
            out(rgnet)
            out(rgnet[0][1][0].bias.data)
            out(PythonList(Array(rgnet.stateDict().keys)))
        },
        TourStep("001_builtin_init") { seed, out in
            manualSeed(seed)
            let net = Sequential(Linear(4, 8), ReLU(), Linear(8, 1))
            net.apply { m in
                if let m = m as? Linear {
                    Init.normal_(m.weight, mean: 0, std: 0.01)
                    Init.zeros_(m.bias!)
                }
            }
            out(net[0].weight.data[0], net[0].bias.data[0])
            net.apply { m in
                if let m = m as? Linear {
                    Init.constant_(m.weight, 1)
                    Init.zeros_(m.bias!)
                }
            }
            out(net[0].weight.data[0], net[0].bias.data[0])
            net[0].apply { m in if let m = m as? Linear { Init.xavierUniform_(m.weight) } }
            net[2].apply { m in if let m = m as? Linear { Init.constant_(m.weight, 42) } }
            out(net[0].weight.data[0])
            out(net[2].weight.data)
        },
        TourStep("001_custom_init_and_direct_writes") { seed, out in
            manualSeed(seed)
            let net = Sequential(Linear(4, 8), ReLU(), Linear(8, 1))
            net.apply { m in
                if let m = m as? Linear {
                    let (name, param) = m.namedParameters()[0]
                    out("Init", name, param.size())
                    Init.uniform_(m.weight, -10, 10)
                    m.weight.data *= m.weight.data.abs() .>= 5
                }
            }
            out(net[0].weight[..<2])
            net[0].weight.data[...] += 1
            net[0].weight.data[0, 0] = 42
            out(net[0].weight.data[0])
        },
        TourStep("001_tied_layers") { seed, out in
            manualSeed(seed)
            let X = Tensor.rand([2, 4])
            let shared = Linear(8, 8)
            let net = Sequential(Linear(4, 8), ReLU(), shared, ReLU(), shared, ReLU(), Linear(8, 1))
            _ = net(X)
            out(net[2].weight.data[0] .== net[4].weight.data[0])
            net[2].weight.data[0, 0] = 100
            out(net[2].weight.data[0] .== net[4].weight.data[0])
            out(net[4].weight.data[0])
            net(X).sum().backward()
            out(net[2].weight.grad!)
        },
    ]
}
