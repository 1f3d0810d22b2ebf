import Testing
import SynapseNN

/// One convolution recorded by `scripts/fixtures/layers.py`.
struct ConvCase: Decodable, Sendable, CustomTestStringConvertible {
    /// The constructor arguments as torch was given them (an int or a pair, or a padding string).
    enum Argument: Decodable, Sendable {
        case int(Int), pair(Int, Int), text(String), bool(Bool)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Bool.self) { self = .bool(value) }
            else if let value = try? container.decode(Int.self) { self = .int(value) }
            else if let value = try? container.decode([Int].self) { self = .pair(value[0], value[1]) }
            else { self = .text(try container.decode(String.self)) }
        }

        var pair: (Int, Int) {
            switch self {
            case .int(let value): (value, value)
            case .pair(let a, let b): (a, b)
            default: fatalError("not a size: \(self)")
            }
        }
    }

    let name: String
    let seed: UInt64
    let args: [String: Argument]
    let input_shape: [Int]
    let output_shape: [Int]
    let repr: String
    let weight, bias, input, output, grad_output, grad_input, grad_weight, grad_bias: [Float]

    var testDescription: String { name }

    static let all: [ConvCase] = {
        struct File: Decodable { let cases: [ConvCase] }
        return FixtureFile.decode(File.self, "layers/conv2d.json", generator: "layers.py").cases
    }()

    /// The layer the case describes, built in Synapse.
    func makeLayer() -> Conv2d {
        func int(_ key: String) -> Int { if case .int(let value) = args[key]! { return value }; fatalError() }
        let padding: ConvPadding
        switch args["padding"] {
        case .text("same")?: padding = .same
        case .text("valid")?: padding = .valid
        case let value?: padding = .explicit(value.pair.0, value.pair.1)
        case nil: padding = .explicit(0, 0)
        }
        var hasBias = true
        if case .bool(let value)? = args["bias"] { hasBias = value }
        return Conv2d(int("in_channels"), int("out_channels"), kernelSize: args["kernel_size"]!.pair,
                      stride: args["stride"]?.pair ?? (1, 1), padding: padding,
                      dilation: args["dilation"]?.pair ?? (1, 1), groups: args["groups"].map { _ in int("groups") } ?? 1,
                      bias: hasBias)
    }
}

/// The largest absolute difference between two float lists of the same length (infinity when lengths differ).
func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

extension DefaultGeneratorSuite {
    /// `Conv2d` against torch: default initialisation bit for bit, repr exactly, forward and all three gradients
    /// within 1e-5 (the summation order differs from torch's kernels).
    @Suite struct Conv2dTests {
        /// torch 2.15: `Conv1d(2, 3, 3)` gives `ConvolutionBackward0` on a batch and `SqueezeBackward1` unbatched.
        @Test func conv1dNodeNames() {
            let layer = Conv1d(2, 3, kernelSize: 3)
            #expect(layer(Tensor.rand([2, 2, 7])).gradFn?.name == "ConvolutionBackward0")
            #expect(layer(Tensor.rand([2, 7])).gradFn?.name == "SqueezeBackward1")
        }

        @Test(arguments: ConvCase.all)
        func matchesTorch(_ testCase: ConvCase) {
            manualSeed(testCase.seed)
            let layer = testCase.makeLayer()
            #expect(layer.description == testCase.repr)
            #expect(layer.weight.toArray(of: Float.self) == testCase.weight)
            #expect((layer.bias?.toArray(of: Float.self) ?? []) == testCase.bias)
            let x = Tensor.rand(testCase.input_shape).requiresGrad_()
            #expect(x.toArray(of: Float.self) == testCase.input)
            let y = layer(x)
            #expect(y.shape == testCase.output_shape)
            // torch: one ConvolutionBackward0 node, behind a squeeze for an unbatched input.
            #expect(y.gradFn?.name == (testCase.input_shape.count == 3 ? "SqueezeBackward1" : "ConvolutionBackward0"))
            #expect(maxDifference(y.toArray(of: Float.self), testCase.output) < 1e-5)
            let g = Tensor.randn(y.shape)
            #expect(g.toArray(of: Float.self) == testCase.grad_output)
            (y * g).sum().backward()
            #expect(maxDifference(x.grad!.toArray(of: Float.self), testCase.grad_input) < 1e-5)
            #expect(maxDifference(layer.weight.grad!.toArray(of: Float.self), testCase.grad_weight) < 1e-4)
            #expect(maxDifference(layer.bias?.grad?.toArray(of: Float.self) ?? [], testCase.grad_bias) < 1e-4)
        }
    }
}
