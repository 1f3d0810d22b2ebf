import Testing
import SynapseNN
import SynapseTensor

/// Conv3d, ConvTranspose1d, ConvTranspose3d and the lazy convolutions (LazyConv1d/3d, LazyConvTranspose1d/2d/3d)
/// against torch (`scripts/fixtures/layers_extra.py`, float32): parameters from the case's seed bit for bit
/// (lazy ones drawn at their first forward pass), printout, output and the gradients of input, weight and bias.
@Suite struct ConvolutionFixtureTests {
    static let cases = LayerFixtureCase.load("convolutions_more.json")

    static func triple(_ argument: FixtureArgument?, _ otherwise: Int) -> (Int, Int, Int) {
        guard let values = argument?.ints else { return (otherwise, otherwise, otherwise) }
        return values.count == 1 ? (values[0], values[0], values[0]) : (values[0], values[1], values[2])
    }

    static func pair(_ argument: FixtureArgument?, _ otherwise: Int) -> (Int, Int) {
        guard let values = argument?.ints else { return (otherwise, otherwise) }
        return values.count == 1 ? (values[0], values[0]) : (values[0], values[1])
    }

    /// The layer the case names, drawn from a generator seeded as torch was.
    static func makeLayer(_ fixture: LayerFixtureCase) -> Module {
        let a = fixture.args, generator = Generator(seed: UInt64(fixture.seed))
        let groups = a["groups"]?.int ?? 1, bias = a["bias"]?.bool ?? true
        switch fixture.module {
        case "Conv3d":
            let padding: ConvPadding3d = a["padding"]?.text == "same" ? .same
                : { let p = triple(a["padding"], 0); return .explicit(p.0, p.1, p.2) }()
            return Conv3d(a["in_channels"]!.int!, a["out_channels"]!.int!, kernelSize: triple(a["kernel_size"], 1),
                          stride: triple(a["stride"], 1), padding: padding, dilation: triple(a["dilation"], 1),
                          groups: groups, bias: bias, generator: generator)
        case "ConvTranspose1d":
            return ConvTranspose1d(a["in_channels"]!.int!, a["out_channels"]!.int!, kernelSize: a["kernel_size"]!.int!,
                                   stride: a["stride"]?.int ?? 1, padding: a["padding"]?.int ?? 0,
                                   outputPadding: a["output_padding"]?.int ?? 0, groups: groups, bias: bias,
                                   dilation: a["dilation"]?.int ?? 1, generator: generator)
        case "ConvTranspose3d":
            return ConvTranspose3d(a["in_channels"]!.int!, a["out_channels"]!.int!,
                                   kernelSize: triple(a["kernel_size"], 1), stride: triple(a["stride"], 1),
                                   padding: triple(a["padding"], 0), outputPadding: triple(a["output_padding"], 0),
                                   groups: groups, bias: bias, dilation: triple(a["dilation"], 1), generator: generator)
        case "LazyConv1d":
            let padding = a["padding"]?.int ?? 0
            return LazyConv1d(a["out_channels"]!.int!, kernelSize: a["kernel_size"]!.int!, stride: a["stride"]?.int ?? 1,
                              padding: .explicit(padding, padding), bias: bias, generator: generator)
        case "LazyConv3d":
            return LazyConv3d(a["out_channels"]!.int!, kernelSize: triple(a["kernel_size"], 1),
                              stride: triple(a["stride"], 1), bias: bias, generator: generator)
        case "LazyConvTranspose1d":
            return LazyConvTranspose1d(a["out_channels"]!.int!, kernelSize: a["kernel_size"]!.int!,
                                       stride: a["stride"]?.int ?? 1, bias: bias, generator: generator)
        case "LazyConvTranspose2d":
            return LazyConvTranspose2d(a["out_channels"]!.int!, kernelSize: pair(a["kernel_size"], 1),
                                       padding: pair(a["padding"], 0), bias: bias, generator: generator)
        case "LazyConvTranspose3d":
            return LazyConvTranspose3d(a["out_channels"]!.int!, kernelSize: triple(a["kernel_size"], 1), bias: bias,
                                       generator: generator)
        default:
            fatalError("no layer \(fixture.module)")
        }
    }

    @Test func fixtureIsThere() { #expect(Self.cases.count > 12) }

    @Test(arguments: cases)
    func matchesTorch(_ fixture: LayerFixtureCase) {
        let layer = Self.makeLayer(fixture)
        let lazy = fixture.module.hasPrefix("Lazy")
        if lazy { #expect(layer.description.hasPrefix(fixture.module + "(0, ")) }
        else { fixture.verifyParameters(layer.namedParameters().map { ($0.0, $0.1 as Tensor) }) }
        let inputs = fixture.makeInputs()
        let output = layer(inputs[0])
        let parameters = layer.namedParameters().map { ($0.0, $0.1 as Tensor) }
        if lazy { fixture.verifyParameters(parameters) }
        fixture.verify(repr: layer.description, outputs: [output], inputs: inputs, parameters: parameters)
    }

    static func message(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func conv3dChannelsMatchTheWeight() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Conv3d(3, 4, kernelSize: 2, generator: Generator(seed: 0))(Tensor.zeros([1, 2, 4, 4, 4]))
        }
        #expect(Self.message(result).contains(
            "Given groups=1, weight of size [4, 3, 2, 2, 2], expected input[1, 2, 4, 4, 4] to have 3 channels, but got 2 channels instead"))
    }

    @Test func conv3dNeedsFourOrFiveDimensions() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Conv3d(1, 1, kernelSize: 1, generator: Generator(seed: 0))(Tensor.zeros([1, 1, 4]))
        }
        #expect(Self.message(result).contains(
            "Expected 4D (unbatched) or 5D (batched) input to conv3d, but got input of size: [1, 1, 4]"))
    }

    @Test func conv3dSamePaddingNotStrided() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Conv3d(1, 1, kernelSize: 3, stride: 2, padding: .same, generator: Generator(seed: 0))(
                Tensor.zeros([1, 1, 4, 4, 4]))
        }
        #expect(Self.message(result).contains("padding='same' is not supported for strided convolutions"))
    }

    @Test func transposedOutputPaddingBelowStride() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = ConvTranspose1d(1, 1, kernelSize: 3, outputPadding: 1, generator: Generator(seed: 0))(
                Tensor.zeros([1, 1, 4]))
        }
        #expect(Self.message(result).contains(
            "output padding must be smaller than either stride or dilation, but got output_padding_height: 0 output_padding_width: 1 stride_height: 1 stride_width: 1 dilation_height: 1 dilation_width: 1"))
    }

    @Test func lazyConvolutionLoadsItsShapeFromAStateDict() throws {
        let source = Conv3d(3, 2, kernelSize: 2, generator: Generator(seed: 1))
        let lazy = LazyConv3d(2, kernelSize: (2, 2, 2))
        _ = try lazy.loadStateDict(source.stateDict())
        #expect(lazy.inChannels == 3)
        #expect(lazy.weight.toArray(of: Float.self) == source.weight.toArray(of: Float.self))
    }
}
