import Testing
import SynapseNN
import SynapseTensor

/// MaxPool3d, AvgPool3d, adaptive max pooling (1-d to 3-d, with indices), AdaptiveAvgPool3d, LPPool1d/2d/3d and
/// MaxUnpool1d/2d/3d against torch (`scripts/fixtures/layers_extra.py`, float64): printout, outputs (values and
/// indices) and input gradients.
@Suite struct PoolingFixtureTests {
    static let cases = LayerFixtureCase.load("pooling_more.json")

    static func size(_ argument: FixtureArgument?) -> PoolSize? {
        guard let values = argument?.ints else { return nil }
        if case .list = argument! { return PoolSize(values[0], values[1]) }
        return PoolSize(values[0])
    }

    static func size3d(_ argument: FixtureArgument?) -> PoolSize3d? {
        guard let values = argument?.ints else { return nil }
        if case .list = argument! { return PoolSize3d(values[0], values[1], values[2]) }
        return PoolSize3d(values[0])
    }

    /// The layer the case names applied to `inputs`: its outputs and printout.
    static func evaluate(_ fixture: LayerFixtureCase, _ inputs: [Tensor]) -> ([Tensor], String) {
        let a = fixture.args, x = inputs[0]
        let withIndices = a["return_indices"]?.bool ?? false
        func pair(_ result: (values: Tensor, indices: Tensor)) -> [Tensor] {
            withIndices ? [result.values, result.indices] : [result.values]
        }
        switch fixture.module {
        case "MaxPool3d":
            let layer = MaxPool3d(size3d(a["kernel_size"])!, stride: size3d(a["stride"]), padding: size3d(a["padding"]) ?? 0,
                                  dilation: size3d(a["dilation"]) ?? 1, ceilMode: a["ceil_mode"]?.bool ?? false)
            return (pair(layer.forwardWithIndices(x)), layer.description)
        case "AvgPool3d":
            let layer = AvgPool3d(size3d(a["kernel_size"])!, stride: size3d(a["stride"]), padding: size3d(a["padding"]) ?? 0,
                                  ceilMode: a["ceil_mode"]?.bool ?? false,
                                  countIncludePad: a["count_include_pad"]?.bool ?? true,
                                  divisorOverride: a["divisor_override"]?.int)
            return ([layer(x)], layer.description)
        case "AdaptiveMaxPool1d":
            let layer = AdaptiveMaxPool1d(a["output_size"]!.int!)
            return (pair(layer.forwardWithIndices(x)), layer.description)
        case "AdaptiveMaxPool2d":
            let layer = AdaptiveMaxPool2d(size(a["output_size"])!)
            return (pair(layer.forwardWithIndices(x)), layer.description)
        case "AdaptiveMaxPool3d":
            let layer = AdaptiveMaxPool3d(size3d(a["output_size"])!)
            return (pair(layer.forwardWithIndices(x)), layer.description)
        case "AdaptiveAvgPool3d":
            let layer = AdaptiveAvgPool3d(size3d(a["output_size"])!)
            return ([layer(x)], layer.description)
        case "LPPool1d":
            let layer = LPPool1d(a["norm_type"]!.double!, a["kernel_size"]!.int!, stride: a["stride"]?.int,
                                 ceilMode: a["ceil_mode"]?.bool ?? false)
            return ([layer(x)], layer.description)
        case "LPPool2d":
            let layer = LPPool2d(a["norm_type"]!.double!, size(a["kernel_size"])!, stride: size(a["stride"]),
                                 ceilMode: a["ceil_mode"]?.bool ?? false)
            return ([layer(x)], layer.description)
        case "LPPool3d":
            let layer = LPPool3d(a["norm_type"]!.double!, size3d(a["kernel_size"])!, stride: size3d(a["stride"]),
                                 ceilMode: a["ceil_mode"]?.bool ?? false)
            return ([layer(x)], layer.description)
        case "MaxUnpool1d":
            let layer = MaxUnpool1d(a["kernel_size"]!.int!, stride: a["stride"]?.int, padding: a["padding"]?.int ?? 0)
            return ([layer(x, inputs[1])], layer.description)
        case "MaxUnpool2d":
            let layer = MaxUnpool2d(size(a["kernel_size"])!, stride: size(a["stride"]), padding: size(a["padding"]) ?? 0)
            return ([layer(x, inputs[1], outputSize: a["output_size"]?.ints)], layer.description)
        case "MaxUnpool3d":
            let layer = MaxUnpool3d(size3d(a["kernel_size"])!)
            return ([layer(x, inputs[1])], layer.description)
        default:
            fatalError("no layer \(fixture.module)")
        }
    }

    @Test func fixtureIsThere() { #expect(Self.cases.count > 20) }

    @Test(arguments: cases)
    func matchesTorch(_ fixture: LayerFixtureCase) {
        let inputs = fixture.makeInputs()
        let (outputs, repr) = Self.evaluate(fixture, inputs)
        fixture.verify(repr: repr, outputs: outputs, inputs: inputs)
    }

    static func message(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func maxPool3dPaddingAtMostHalfTheKernel() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = MaxPool3d(2, padding: 2)(Tensor.zeros([1, 1, 2, 2, 2]))
        }
        #expect(Self.message(result).contains(
            "pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=1"))
    }

    @Test func maxPool3dOutputNotEmpty() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = MaxPool3d(3)(Tensor.zeros([1, 1, 2, 2, 2]))
        }
        #expect(Self.message(result).contains(
            "Given input size: (1x2x2x2). Calculated output size: (1x0x0x0). Output size is too small"))
    }

    @Test func avgPool3dKernelWithinTheInput() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = AvgPool3d(3)(Tensor.zeros([1, 1, 2, 2, 2]))
        }
        #expect(Self.message(result).contains(
            "input image (T: 2 H: 2 W: 2) smaller than kernel size (kT: 3 kH: 3 kW: 3)"))
    }

    @Test func pool3dNeedsFourOrFiveDimensions() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = MaxPool3d(2)(Tensor.zeros([2, 2, 2]))
        }
        #expect(Self.message(result).contains("non-empty 4D or 5D (batch mode) tensor expected for input"))
    }

    @Test func avgPool3dDivisorNotZero() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = AvgPool3d(2, divisorOverride: 0)(Tensor.zeros([1, 1, 2, 2, 2]))
        }
        #expect(Self.message(result).contains("divisor must be not zero"))
    }

    @Test func unpoolIndexInsideTheOutput() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = MaxUnpool2d(2)(Tensor.zeros([1, 1, 2, 2]), Tensor([[[[0, 1], [2, 100]]]]))
        }
        #expect(Self.message(result).contains("Found an invalid max index: 100 (output volumes are of size 4x4)"))
    }

    @Test func unpoolOutputSizeNearTheDefault() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = MaxUnpool2d(2)(Tensor.zeros([1, 1, 2, 2]), Tensor([[[[0, 1], [2, 3]]]]), outputSize: [9, 9])
        }
        #expect(Self.message(result).contains("invalid output_size \"[9, 9]\" (dim 0 must be between 2 and 6)"))
    }

    @Test func adaptiveMaxPool2dNeedsThreeOrFourDimensions() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = AdaptiveMaxPool2d(2)(Tensor.zeros([1, 2, 3, 4, 5]))
        }
        #expect(Self.message(result).contains("adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: [1, 2, 3, 4, 5]"))
    }

    @Test func lpPoolNormNotZero() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LPPool2d(0, 2)
        }
        #expect(Self.message(result).contains("norm_type must be a non-zero value, but got 0.0"))
    }
}
