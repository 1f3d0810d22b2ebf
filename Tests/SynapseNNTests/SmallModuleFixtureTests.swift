import Testing
import SynapseNN
import SynapseTensor

/// The 1-d and 3-d padding layers, Hardshrink, Softshrink, Softmax2d, InstanceNorm3d, NLLLoss2d, Unfold and Fold
/// against torch (`scripts/fixtures/layers_extra.py`, float64): printout, output and gradients.
@Suite struct SmallModuleFixtureTests {
    static let cases = LayerFixtureCase.load("small_modules.json")

    static func size(_ argument: FixtureArgument?) -> PoolSize? {
        guard let values = argument?.ints else { return nil }
        if case .list = argument! { return PoolSize(values[0], values[1]) }
        return PoolSize(values[0])
    }

    /// The padding as PyTorch's one-number form expands it, over `dimensions` dimensions.
    static func padding(_ argument: FixtureArgument?, _ dimensions: Int) -> [Int] {
        let values = argument!.ints!
        return values.count == 1 ? Array(repeating: values[0], count: 2 * dimensions) : values
    }

    static func makeLayer(_ fixture: LayerFixtureCase) -> Module {
        let a = fixture.args
        switch fixture.module {
        case "ZeroPad1d": return ZeroPad1d(padding(a["padding"], 1))
        case "ZeroPad3d": return ZeroPad3d(padding(a["padding"], 3))
        case "ConstantPad3d": return ConstantPad3d(padding(a["padding"], 3), a["value"]!.double!)
        case "ReflectionPad3d": return ReflectionPad3d(padding(a["padding"], 3))
        case "ReplicationPad3d": return ReplicationPad3d(padding(a["padding"], 3))
        case "CircularPad1d": return CircularPad1d(padding(a["padding"], 1))
        case "CircularPad3d": return CircularPad3d(padding(a["padding"], 3))
        case "Hardshrink": return Hardshrink(lambd: a["lambd"]?.double ?? 0.5)
        case "Softshrink": return Softshrink(lambd: a["lambd"]?.double ?? 0.5)
        case "Softmax2d": return Softmax2d()
        case "InstanceNorm3d":
            return InstanceNorm3d(a["num_features"]!.int!, affine: a["affine"]?.bool ?? false, dtype: .float64)
        case "Unfold":
            return Unfold(size(a["kernel_size"])!, dilation: size(a["dilation"]) ?? 1, padding: size(a["padding"]) ?? 0,
                          stride: size(a["stride"]) ?? 1)
        case "Fold":
            return Fold(outputSize: size(a["output_size"])!, kernelSize: size(a["kernel_size"])!,
                        dilation: size(a["dilation"]) ?? 1, padding: size(a["padding"]) ?? 0,
                        stride: size(a["stride"]) ?? 1)
        default: fatalError("no layer \(fixture.module)")
        }
    }

    @Test func fixtureIsThere() { #expect(Self.cases.count > 18) }

    @Test(arguments: cases)
    func matchesTorch(_ fixture: LayerFixtureCase) {
        let inputs = fixture.makeInputs()
        if fixture.module == "NLLLoss2d" {
            let loss = NLLLoss2d()
            fixture.verify(repr: loss.description, outputs: [loss(inputs[0], inputs[1])], inputs: inputs)
            return
        }
        let layer = Self.makeLayer(fixture)
        let parameters = layer.namedParameters().map { ($0.0, $0.1 as Tensor) }
        fixture.verifyParameters(parameters)
        fixture.verify(repr: layer.description, outputs: [layer(inputs[0])], inputs: inputs, parameters: parameters)
    }

    static func message(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func foldNeedsWholeKernels() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Fold(outputSize: PoolSize(4, 5), kernelSize: 2)(Tensor.zeros([1, 5, 12]))
        }
        #expect(Self.message(result).contains(
            "Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=5 and kernel_size=(2, 2)"))
    }

    @Test func foldNeedsOneColumnPerBlock() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Fold(outputSize: PoolSize(4, 5), kernelSize: 2)(Tensor.zeros([1, 4, 10]))
        }
        #expect(Self.message(result).contains(
            "Given output_size=(4, 5), kernel_size=(2, 2), dilation=(1, 1), padding=(0, 0), stride=(1, 1), expected size of input's dimension 2 to match the calculated number of sliding blocks 3 * 4 = 12, but got input.size(2)=10."))
    }

    @Test func softmax2dNeedsThreeOrFourDimensions() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Softmax2d()(Tensor.zeros([2, 3]))
        }
        #expect(Self.message(result).contains("Softmax2d: expected input to be 3D or 4D, got 2D instead"))
    }
}
