import Testing
@testable import SynapseNN
import SynapseTensor

/// Modules whose call takes several arguments and returns something else than a tensor, written as a user writes
/// them: a `forward` with the signature needed and one `callAsFunction` through `callForward`.
@Suite struct ForwardCallTests {
    /// `x * scale + shift`, shift optional, returning the result and its sum.
    final class ScaleShift: Module {
        func forward(_ x: Tensor, shift: Tensor?, scale: Double) -> (Tensor, Tensor) {
            let y = x * scale + (shift ?? Tensor.zerosLike(x))
            return (y, y.sum())
        }

        func callAsFunction(_ x: Tensor, shift: Tensor? = nil, scale: Double = 1) -> (Tensor, Tensor) {
            callForward(forward, x, shift, scale, labels: ["x", "shift", "scale"])
        }
    }

    /// A residual block with a mask, tensor to tensor by default.
    final class Masked: Module {
        let linear = Linear(2, 2)
        func forward(_ x: Tensor, mask: Tensor?) -> Tensor {
            let y = linear(x) + x
            return mask.map { y * $0 } ?? y
        }

        func callAsFunction(_ x: Tensor, mask: Tensor? = nil) -> Tensor { callForward(forward, x, mask) }
    }

    @Test func aCallWithoutHooksIsThePlainForward() {
        let (y, total) = ScaleShift()(Tensor([1.0, 2.0]), shift: Tensor([10.0, 20.0]), scale: 2)
        #expect(y.toArray(of: Float.self) == [12, 24])
        #expect(total.item() == 36)
        // The one-argument spelling calls the module's own callAsFunction with its defaults, not Module's.
        let module = Masked()
        let x = Tensor([[1.0, 2.0]])
        #expect(module(x).toArray(of: Float.self) == module.forward(x, mask: nil).toArray(of: Float.self))
    }

    @Test func preHooksSeeEveryArgumentByPositionAndLabelAndMayReplaceThem() {
        let module = ScaleShift()
        var seen: [String] = []
        module.registerForwardPreHook(withArguments: { hooked, arguments in
            seen.append("\(hooked.typeName) \(arguments.count) \(arguments.labels)")
            #expect(arguments["scale", as: Double.self] == 2)
            #expect(arguments["shift", as: Tensor?.self] == nil)
            #expect(arguments.tensors.count == 1)
            arguments["shift"] = Tensor([100.0, 100.0])
            arguments[2] = 3.0
        })
        let (y, _) = module(Tensor([1.0, 2.0]), scale: 2)
        #expect(y.toArray(of: Float.self) == [103, 106])
        #expect(seen == ["ScaleShift 3 [\"x\", \"shift\", \"scale\"]"])
    }

    @Test func forwardHooksSeeTheReplacedArgumentsAndMayReplaceATupleResult() {
        let module = ScaleShift()
        module.registerForwardPreHook { _, x in x * 10 }
        module.registerForwardHook(withArguments: { _, arguments, output in
            #expect(arguments.tensor(at: 0)?.toArray(of: Float.self) == [10, 20])
            guard let (y, total) = output as? (Tensor, Tensor) else { Issue.record("not a pair"); return }
            output = (y + 1, total)
        })
        let (y, total) = module(Tensor([1.0, 2.0]))
        #expect(y.toArray(of: Float.self) == [11, 21])
        #expect(total.item() == 30)
    }

    @Test func tensorHooksApplyToTheFirstArgumentOfAMultiArgumentCall() {
        let module = Masked()
        let mask = Tensor([[0.0, 1.0]])
        var seenInput: [Float] = []
        module.registerForwardPreHook { _, x in seenInput = x.toArray(of: Float.self); return nil }
        module.registerForwardHook { _, _, y in y * 0 }
        let y = module(Tensor([[1.0, 2.0]]), mask: mask)
        #expect(seenInput == [1, 2])
        #expect(y.toArray(of: Float.self) == [0, 0])
    }

    @Test func removingAHookRestoresThePlainCall() {
        let module = Masked()
        let x = Tensor([[1.0, 2.0]])
        let plain = module(x).toArray(of: Float.self)
        let handle = module.registerForwardHook { _, _, y in y + 1 }
        #expect(module(x).toArray(of: Float.self) == plain.map { $0 + 1 })
        handle.remove()
        #expect(!module.hooks.wrapCalls)
        #expect(module(x).toArray(of: Float.self) == plain)
    }

    /// PyTorch's full backward hooks on `y = x * 3 + z` (z needs no gradient): the pre-hook sees the output
    /// gradient, the hook sees one gradient per argument (nil for z and for the non-tensor scale) and may
    /// replace them; gradients of the module's parameters are untouched.
    @Test func fullBackwardHooksSeeGradientsOfInputsAndOutputs() {
        let module = ScaleShift()
        let x = Tensor([1.0, 2.0]).requiresGrad_()
        let z = Tensor([5.0, 5.0])
        var events: [String] = []
        module.registerFullBackwardPreHook { _, gradOutput in
            events.append("pre \(gradOutput.map { $0?.toArray(of: Float.self) ?? [] })")
            return nil
        }
        module.registerFullBackwardHook { _, gradInput, gradOutput in
            events.append("hook \(gradInput.map { $0?.toArray(of: Float.self) ?? [] }) \(gradOutput.count)")
            return [gradInput[0]! * 10, nil, nil]
        }
        let (y, _) = module(x, shift: z, scale: 3)
        (y * Tensor([1.0, 2.0])).sum().backward()
        #expect(events == ["pre [[1.0, 2.0], []]", "hook [[3.0, 6.0], [], []] 2"])
        #expect(x.grad?.toArray(of: Float.self) == [30, 60])
    }

    @Test func backwardPreHooksMayReplaceOutputGradients() {
        let module = Masked()
        let x = Tensor([[1.0, 2.0]]).requiresGrad_()
        module.registerFullBackwardPreHook { _, gradOutput in gradOutput.map { $0.map { $0 * 0 } } }
        module(x).sum().backward()
        #expect(x.grad?.toArray(of: Float.self) == [0, 0])
        #expect(module.linear.weight.grad?.toArray(of: Float.self) == [0, 0, 0, 0])
    }

    @Test func backwardHooksRunWithNilInputsWhenNoInputNeedsAGradient() {
        let module = Masked()
        var inputs: [Tensor?] = []
        module.registerFullBackwardHook { _, gradInput, _ in inputs = gradInput; return nil }
        module(Tensor([[1.0, 2.0]])).sum().backward()
        #expect(inputs.count == 2 && inputs.allSatisfy { $0 == nil })
        #expect(module.linear.weight.grad != nil)
    }
}

/// Containers typed by their element: no casts in loops, PyTorch's keys and printout.
@Suite struct TypedContainerTests {
    @Test func aModuleListOfOneTypeIteratesTyped() {
        let layers = ModuleList((0..<3).map { _ in Linear(2, 2) })
        var features = 0
        for layer in layers { features += layer.outFeatures }
        #expect(features == 6)
        #expect(layers[1].inFeatures == 2)
        #expect(layers[0..<2].count == 2)
        #expect(layers.description == "ModuleList(\n  (0-2): 3 x Linear(in_features=2, out_features=2, bias=True)\n)")
        #expect(Array(layers.stateDict().keys).first == "0.weight")
    }

    @Test func aMixedSequentialIsOfModulesAndStillSubscriptsNested() {
        let net = Sequential(Sequential(Linear(2, 3), ReLU()), Linear(3, 1))
        let inner: Module = net[0]
        #expect(inner[0].typeName == "Linear")
        #expect(net.typeName == "Sequential")
        let stack = Sequential(Linear(2, 2), Linear(2, 2))
        #expect(stack[1].weight.shape == [2, 2])
        #expect(stack.description.hasPrefix("Sequential(\n  (0): Linear"))
    }

    @Test func aModuleDictFromALiteralIsTypedAndDoesNotThrow() {
        let heads = ModuleDict(["cls": Linear(8, 10), "box": Linear(8, 4)])
        #expect(heads["box"]?.outFeatures == 4)
        #expect(heads.keys == ["cls", "box"])
        let typed: ModuleDict<Linear> = ["a": Linear(1, 1)]
        #expect(typed.count == 1)
        #expect(heads.description.hasPrefix("ModuleDict(\n  (cls): Linear"))
        #expect(throws: ModuleError.nameContainsDot(.module, name: "a.b")) { try heads.insert(Linear(1, 1), forKey: "a.b") }
        #expect(Array(heads.stateDict().keys) == ["cls.weight", "cls.bias", "box.weight", "box.bias"])
    }

    @Test func typedContainersAsStoredPropertiesAreFoundByReflection() {
        final class Encoder: Module {
            let layer = ModuleList((0..<2).map { _ in Linear(2, 2) })
            let heads: ModuleDict<Linear> = ["out": Linear(2, 1)]
        }
        let keys = Array(Encoder().stateDict().keys)
        #expect(keys == ["layer.0.weight", "layer.0.bias", "layer.1.weight", "layer.1.bias", "heads.out.weight", "heads.out.bias"])
    }
}
