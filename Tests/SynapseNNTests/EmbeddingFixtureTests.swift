import Testing
import SynapseNN
import SynapseTensor

extension DefaultGeneratorSuite {
    /// `Embedding`'s `max_norm` (rows renormalised in place before the lookup) and `Embedding.from_pretrained`
    /// against torch (`scripts/fixtures/embedding_extra.py`): repr, the weight before and after, the output and the
    /// weight's gradient.
    @Suite struct EmbeddingFixtureTests {
        struct Indices: Decodable, Sendable { let shape: [Int]; let values: [Int64] }

        struct Case: Decodable, Sendable, CustomTestStringConvertible {
            let name, repr: String
            let seed: UInt64
            let weight_before, output, weight_after: [Float]
            let weight_shape: [Int]
            let indices: Indices
            let grad_weight: [Float]?
            let requires_grad: Bool
            var testDescription: String { name }
        }

        static let cases: [Case] = {
            struct File: Decodable { let cases: [Case] }
            return FixtureFile.decode(File.self, "layers/embedding_extra.json", generator: "embedding_extra.py").cases
        }()

        static func close(_ a: [Float], _ b: [Float]) -> Bool {
            a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) }
        }

        @Test(arguments: cases)
        func matchesTorch(_ fixture: Case) {
            manualSeed(fixture.seed)
            let layer: Embedding = switch fixture.name {
            case "max_norm 1": Embedding(5, 3, maxNorm: 1)
            case "max_norm 0.5 norm_type 1 padding": Embedding(6, 2, paddingIdx: 0, maxNorm: 0.5, normType: 1)
            case "from_pretrained frozen": Embedding.fromPretrained(Tensor.randn([4, 3]))
            default: Embedding.fromPretrained(Tensor.randn([4, 3]) * 3, freeze: false, maxNorm: 2)
            }
            #expect(layer.description == fixture.repr)
            #expect(layer.weight.requiresGrad == fixture.requires_grad)
            #expect(Self.close(layer.weight.toArray(of: Float.self), fixture.weight_before))
            let output = layer(Tensor(flat: fixture.indices.values, shape: fixture.indices.shape))
            #expect(Self.close(output.toArray(of: Float.self), fixture.output))
            #expect(Self.close(layer.weight.toArray(of: Float.self), fixture.weight_after))
            if let expected = fixture.grad_weight {
                output.sum().backward()
                #expect(Self.close(layer.weight.grad?.toArray(of: Float.self) ?? [], expected))
            }
        }
    }
}
