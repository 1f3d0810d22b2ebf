import Foundation
import Synapse

/// Seed 002: a convolution whose kernels are replaced by given filters.
// snippet-context: 002_conv_with_given_filters
fileprivate final class Net: Module {
    let conv: Conv2d

    init(_ weight: Tensor) {
        let (kHeight, kWidth) = (weight.shape[2], weight.shape[3])
        conv = Conv2d(1, 4, kernelSize: (kHeight, kWidth), bias: false)
        super.init()
        conv.weight = Parameter(weight)
    }

    override func forward(_ x: Tensor) -> Tensor { conv(x) }
}
// end snippet

extension Tour {
    /// The snippets of seed 004 in Swift, in the article's order.
    static let seed004Steps: [TourStep] = [
        TourStep("002_conv_with_given_filters") { seed, print in
            // snippet: 002_conv_with_given_filters
            manualSeed(seed)
            let base = Tensor([[-1.0, -1, 1, 1], [-1, -1, 1, 1], [-1, -1, 1, 1], [-1, -1, 1, 1]])
            let filters = Tensor.stack([base, base.t(), -base, -base.t()])
            let net = Net(filters.unsqueeze(1))
            print(net)
            print("[" + net.namedParameters().map { python($0.name, $0.parameter.size()) }.joined(separator: ", ") + "]")
            print(net.conv.weight[1])
            print(net(Tensor.rand([1, 1, 5, 6]))[0, .all, 0])
            // end snippet
        },
        TourStep("004_catalogue_and_layer_init") { seed, print in
            // snippet: 004_catalogue_and_layer_init
            manualSeed(seed)
            let w = Parameter(Tensor.empty([2, 3]))
            Init.uniform_(w); print(w)
            Init.normal_(w); print(w)
            Init.constant_(w, 0.3); print(w)
            Init.ones_(w); print(w)
            Init.zeros_(w); print(w)
            Init.eye_(w); print(w)
            let a = Init.calculateGain(.relu)
            print(a)
            Init.xavierUniform_(w, gain: a); print(w)
            Init.xavierNormal_(w); print(w)
            Init.kaimingUniform_(w, mode: .fanIn, nonlinearity: .relu); print(w)
            Init.kaimingNormal_(w, mode: .fanOut, nonlinearity: .relu); print(w)
            Init.sparse_(w, sparsity: 0.1); print(w)
            let b = Tensor.empty([3, 16, 5, 5])
            Init.dirac_(b)
            print(b[1, ..<3, 2])
            let conv = Conv2d(1, 3, kernelSize: 1)
            Init.kaimingNormal_(conv.weight, mode: .fanIn)
            Init.constant_(conv.bias!, 0)
            print(conv.weight.view(-1), conv.bias!)
            let bn = [BatchNorm2d(3)]
            Init.normal_(bn[0].weight!, mean: 1, std: 0.02)
            Init.constant_(bn[0].bias!, 0)
            print(bn[0].weight!, bn[0].bias!)
            print(bn[0])
            // end snippet
        },
    ]
}
