import Synapse

// snippet-context: 008_parametrization
/// The parametrization of PyTorch's tutorial: a square matrix made symmetric.
fileprivate final class Symmetric: Module {
    override func forward(_ x: Tensor) -> Tensor { (x + x.t()) / 2 }
}
// end snippet

extension Tour {
    /// Beyond the articles: PyTorch's second layer of parameter machinery — parametrizations, weight and spectral
    /// normalisation, pruning, functional calls and freezing, averaged models and gradient hooks.
    static let parameterMachinerySteps: [TourStep] = [
        TourStep("008_parametrization") { seed, print in
            // snippet: 008_parametrization
            manualSeed(seed)
            let layer = Linear(3, 3)
            try Parametrize.registerParametrization(layer, "weight", Symmetric())
            print(layer)
            print(layer.stateDict().keys)
            print(python(layer.weight.equal(layer.weight.t())))
            try Parametrize.removeParametrizations(layer, "weight")
            print(layer.stateDict().keys)
            print(layer.weight.data)
            // end snippet
        },
        TourStep("008_weight_and_spectral_norm") { seed, print in
            // snippet: 008_weight_and_spectral_norm
            manualSeed(seed)
            let layer = Linear(4, 2)
            try Parametrizations.weightNorm(layer)
            print(layer.stateDict().keys)
            print(try layer.getParameter("parametrizations.weight.original0").data)
            let normed = Linear(4, 3)
            try Parametrizations.spectralNorm(normed)
            print(normed.stateDict().keys)
            print(normed(Tensor.ones([1, 4])).detach())
            // end snippet
        },
        TourStep("008_pruning") { seed, print in
            // snippet: 008_pruning
            manualSeed(seed)
            let net = Sequential(Linear(4, 3), ReLU(), Linear(3, 2))
            try Prune.l1Unstructured(net[0], name: "weight", amount: 0.5)
            print(net.stateDict().keys)
            print(try net[0].getBuffer("weight_mask"))
            try Prune.globalUnstructured([(net[0], "weight"), (net[2], "weight")], method: L1Unstructured(amount: 0.6))
            print(try net[0].getBuffer("weight_mask").sum(), try net[2].getBuffer("weight_mask").sum())
            try Prune.remove(net[0], name: "weight")
            print(net.stateDict().keys)
            // end snippet
        },
        TourStep("008_functional_call_and_freezing") { seed, print in
            // snippet: 008_functional_call_and_freezing
            manualSeed(seed)
            let (first, last) = (Linear(4, 3), Linear(3, 1))
            let net = Sequential(first, ReLU(), last)
            let x = Tensor.randn([2, 4])
            let zeros = Dictionary(uniqueKeysWithValues: net.namedParameters().map { ($0.name, Tensor.zerosLike($0.parameter)) })
            print(try functionalCall(net, parameters: zeros, args: x))
            print(GradientUtilities.parametersToVector(net.parameters()).size())
            first.requiresGrad_(false)
            print(PythonList(net.namedParameters().filter { $0.parameter.requiresGrad }.map(\.name)))
            let optimizer = SGD(net.parameters().filter(\.requiresGrad), lr: 0.1)
            net(x).sum().backward()
            optimizer.step()
            print(first.weight.grad, last.bias?.grad)
            // end snippet
        },
        TourStep("008_averaged_model") { seed, print in
            // snippet: 008_averaged_model
            manualSeed(seed)
            let net = Linear(2, 1)
            let ema = try AveragedModel(net, copy: { Generator.withDefault(Generator(seed: 0)) { Linear(2, 1) } },
                                        rule: .exponential(decay: 0.9))
            let optimizer = SGD(net.parameters(), lr: 0.1)
            var accumulated: [Size] = []
            net.weight.registerPostAccumulateGradHook { parameter in accumulated.append(parameter.grad!.size()) }
            for _ in 0..<3 {
                optimizer.zeroGrad()
                net(Tensor.randn([4, 2])).pow(2).mean().backward()
                optimizer.step()
                ema.updateParameters(net)
            }
            print(ema.stateDict().keys)
            print(ema.nAveraged)
            print(net.weight.data, ema.module.weight.data)
            print(accumulated.count)
            // end snippet
        },
    ]
}
