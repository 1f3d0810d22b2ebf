import Testing
import SynapseNN
import SynapseTensor

/// PixelShuffle, PixelUnshuffle, ChannelShuffle, BatchNorm3d, the padding layers and 1-d pooling against torch (`scripts/fixtures/rearrangement.py`):
/// repr, the output (exactly, but for normalisation and averages) and the input's gradient.
@Suite struct RearrangementFixtureTests {
    struct Values: Decodable, Sendable {
        let shape: [Int]
        let values: [Float]
        var tensor: Tensor { Tensor(flat: values, shape: shape) }
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name, repr: String
        let seed: UInt64
        let input, output, grad_output, grad_input: Values
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        struct File: Decodable { let cases: [Case] }
        return FixtureFile.decode(File.self, "layers/rearrangement.json", generator: "rearrangement.py").cases
    }()

    /// The layer the case names; dropout layers draw from `generator`, seeded and advanced past the input as
    /// torch's default generator was.
    static func layer(_ name: String, generator: Generator) -> Module {
        switch name {
        case "PixelShuffle 2": PixelShuffle(2)
        case "PixelShuffle 3 unbatched": PixelShuffle(3)
        case "PixelUnshuffle 2", "PixelUnshuffle 2 extra batch dims": PixelUnshuffle(2)
        case "ChannelShuffle 2": ChannelShuffle(2)
        case "ChannelShuffle 3 1d": ChannelShuffle(3)
        case "BatchNorm3d": BatchNorm3d(3)
        case "ZeroPad2d 2": ZeroPad2d(2)
        case "ZeroPad2d crop": ZeroPad2d([1, -1, -2, 1])
        case "ConstantPad1d": ConstantPad1d([2, 1], 1.5)
        case "ConstantPad2d": ConstantPad2d(1, -2.0)
        case "ReflectionPad1d": ReflectionPad1d([3, 1])
        case "ReflectionPad2d": ReflectionPad2d([1, 2, 2, 0])
        case "ReplicationPad1d": ReplicationPad1d(2)
        case "ReplicationPad2d": ReplicationPad2d([0, 2, 1, 3])
        case "CircularPad2d": CircularPad2d([1, 2, 2, 1])
        case "MaxPool1d 3": MaxPool1d(3)
        case "MaxPool1d dilated ceil padded": MaxPool1d(2, stride: 3, padding: 1, dilation: 2, ceilMode: true)
        case "AvgPool1d": AvgPool1d(3, stride: 2, padding: 1)
        case "AvgPool1d no pad count": AvgPool1d(2, padding: 1, ceilMode: true, countIncludePad: false)
        case "AdaptiveAvgPool1d": AdaptiveAvgPool1d(4)
        case "Dropout1d": Dropout1d(0.4, generator: generator)
        case "Dropout1d unbatched": Dropout1d(0.5, generator: generator)
        case "Dropout2d": Dropout2d(0.3, generator: generator)
        case "Dropout3d unbatched": Dropout3d(0.5, generator: generator)
        case "AlphaDropout": AlphaDropout(0.2, generator: generator)
        case "Upsample nearest x2": Upsample(scaleFactor: 2)
        case "Upsample nearest x1.5 1d": Upsample(scaleFactor: 1.5)
        case "Upsample nearest size": Upsample(size: [5, 7])
        case "Upsample nearest x3 3d": Upsample(scaleFactor: 3)
        default: fatalError("no layer \(name)")
        }
    }

    @Test(arguments: cases)
    func matchesTorch(_ fixture: Case) {
        let generator = Generator(seed: fixture.seed)
        _ = Tensor.randn(fixture.input.shape, generator: generator)   // the input's draw
        let layer = Self.layer(fixture.name, generator: generator)
        #expect(layer.description == fixture.repr)
        let x = fixture.input.tensor.requiresGrad_()
        let y = layer(x)
        #expect(y.shape == fixture.output.shape)
        let exact = !(layer is BatchNorm || layer is AvgPool1d || layer is AdaptiveAvgPool1d || layer is AlphaDropout)
        let tolerance: Float = exact ? 0 : 1e-5
        #expect(zip(y.toArray(of: Float.self), fixture.output.values).allSatisfy { abs($0 - $1) <= tolerance })
        (y * fixture.grad_output.tensor).sum().backward()
        // Gradients of reflected and replicated borders are sums, in another order than torch's: to rounding.
        #expect(zip(x.grad!.toArray(of: Float.self), fixture.grad_input.values).allSatisfy { abs($0 - $1) <= 1e-5 })
    }
}
