import Testing
import SynapseNN

/// One normalisation layer's history recorded by `scripts/fixtures/layers.py` or `scripts/fixtures/norms_extra.py`.
struct NormCase: Decodable, Sendable, CustomTestStringConvertible {
    struct Step: Decodable, Sendable {
        let input_shape: [Int]
        let input, output, grad_output, grad_input: [Float]
        let buffers: [String: [Float]]
    }

    struct Evaluation: Decodable, Sendable {
        let input_shape: [Int]
        let input, output: [Float]
    }

    let name: String
    let seed: UInt64
    let repr: String
    let keys: [String]
    let steps: [Step]
    let grads: [String: [Float]]
    let eval: Evaluation?

    var testDescription: String { name }

    static let all: [NormCase] = {
        struct File: Decodable { let cases: [NormCase] }
        return FixtureFile.decode(File.self, "layers/norms.json", generator: "layers.py").cases
            + FixtureFile.decode(File.self, "layers/norms_extra.json", generator: "norms_extra.py").cases
    }()

    /// The layer the case names, built in Synapse.
    func makeLayer() -> Module {
        switch name {
        case "BatchNorm2d": BatchNorm2d(3)
        case "BatchNorm1d cumulative": BatchNorm1d(4, momentum: nil)
        case "BatchNorm1d no affine": BatchNorm1d(2, eps: 1e-3, affine: false)
        case "BatchNorm2d no running stats": BatchNorm2d(2, trackRunningStats: false)
        case "LayerNorm": LayerNorm([6])
        case "LayerNorm 2d no bias": LayerNorm([3, 4], eps: 1e-6, bias: false)
        case "RMSNorm": RMSNorm(6)
        case "RMSNorm 2d eps no affine": RMSNorm([3, 4], eps: 1e-3, elementwiseAffine: false)
        case "InstanceNorm1d": InstanceNorm1d(3)
        case "InstanceNorm1d affine tracked": InstanceNorm1d(3, affine: true, trackRunningStats: true)
        case "InstanceNorm2d affine unbatched": InstanceNorm2d(2, eps: 1e-3, affine: true)
        case "InstanceNorm2d tracked cumulative": InstanceNorm2d(2, momentum: nil, trackRunningStats: true)
        default: fatalError("unknown case \(name)")
        }
    }
}

extension DefaultGeneratorSuite {
    /// `BatchNorm1d`/`BatchNorm2d`/`LayerNorm`/`RMSNorm`/`InstanceNorm1d`/`InstanceNorm2d` against torch: repr and keys exactly; outputs, input and parameter
    /// gradients and running statistics (incl. `num_batches_tracked`) over several training steps, then an
    /// evaluation-mode forward, within 1e-5.
    @Suite struct NormalizationTests {
        @Test(arguments: NormCase.all)
        func matchesTorch(_ testCase: NormCase) {
            manualSeed(testCase.seed)
            let layer = testCase.makeLayer()
            #expect(layer.description == testCase.repr)
            #expect(Array(layer.stateDict().keys) == testCase.keys)
            for (index, step) in testCase.steps.enumerated() {
                let x = Tensor.rand(step.input_shape).requiresGrad_() * 4 - 1
                x.retainGrad()
                #expect(x.toArray(of: Float.self) == step.input)
                let y = layer(x)
                let g = Tensor.randn(y.shape)
                (y * g).sum().backward()
                #expect(maxDifference(y.toArray(of: Float.self), step.output) < 1e-5, "step \(index) output")
                #expect(maxDifference(x.grad!.toArray(of: Float.self), step.grad_input) < 1e-5, "step \(index) grad")
                for (name, buffer) in layer.namedBuffers() {
                    let expected = step.buffers[name] ?? []
                    #expect(maxDifference(buffer.to(.float32).toArray(of: Float.self), expected) < 1e-5,
                            "step \(index) \(name)")
                }
                #expect(layer.namedBuffers().count == step.buffers.count)
            }
            for (name, parameter) in layer.namedParameters() {
                #expect(maxDifference(parameter.grad!.toArray(of: Float.self), testCase.grads[name] ?? []) < 1e-4,
                        "grad of \(name)")
            }
            if let evaluation = testCase.eval {
                layer.eval()
                let x = Tensor.rand(evaluation.input_shape) * 4 - 1
                #expect(maxDifference(layer(x).toArray(of: Float.self), evaluation.output) < 1e-5, "eval")
            }
        }

        @Test func numBatchesTrackedIsAnInt64Counter() {
            let norm = BatchNorm2d(2)
            _ = norm(Tensor.rand([2, 2, 3, 3]))
            _ = norm(Tensor.rand([2, 2, 3, 3]))
            #expect(norm.numBatchesTracked!.dtype == .int64 && norm.numBatchesTracked!.item() == 2)
            norm.eval()
            _ = norm(Tensor.rand([2, 2, 3, 3]))
            #expect(norm.numBatchesTracked!.item() == 2)
        }
    }
}
