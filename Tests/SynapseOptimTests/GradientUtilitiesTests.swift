import Foundation
import Testing
import SynapseOptim

/// `clipGradNorm_` against torch (2-, 1- and ∞-norms, clipping and not), `clipGradValue_`, and flattening.
@Suite struct GradientUtilitiesTests {
    struct ClipCase: Decodable, Sendable, CustomTestStringConvertible {
        enum NormType: Decodable, Sendable {
            case finite(Double), infinity
            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let value = try? container.decode(Double.self) { self = .finite(value) } else { self = .infinity }
            }
            var value: Double { if case .finite(let p) = self { p } else { .infinity } }
        }

        let norm_type: NormType
        let max_norm: Double
        let total: Double
        let grads: [Float]

        var testDescription: String { "p=\(norm_type.value) max=\(max_norm)" }

        static let all: [ClipCase] = {
            struct File: Decodable { let cases: [ClipCase] }
            return OptimFixture.decode(File.self, "clipping.json").cases
        }()
    }

    @Test(arguments: ClipCase.all)
    func clipGradNormMatchesTorch(_ testCase: ClipCase) {
        let generator = Generator(seed: 0)
        let model = Sequential(Linear(4, 8, generator: generator), ReLU(), Linear(8, 1, generator: generator))
        let x = Tensor.randn([16, 4], generator: generator), y = Tensor.randn([16, 1], generator: generator)
        Functional.mseLoss(model(x), y).backward()
        let total = GradientUtilities.clipGradNorm_(model.parameters(), maxNorm: testCase.max_norm,
                                                    normType: testCase.norm_type.value)
        #expect(abs(total.item() - testCase.total) <= 1e-6 * max(1, abs(testCase.total)))
        let grads = Tensor.cat(model.parameters().map { $0.grad!.reshape([-1]) }).toArray(of: Float.self)
        #expect(zip(grads, testCase.grads).allSatisfy { abs($0 - $1) <= 1e-6 })
    }

    @Test func clipValueAndFlattening() {
        let a = Parameter(Tensor([1.0, -2.0])), b = Parameter(Tensor([[3.0]]))
        a.grad = Tensor([0.5, -3.0])
        b.grad = Tensor([[9.0]])
        GradientUtilities.clipGradValue_([a, b], clipValue: 1)
        #expect(a.grad!.toArray(of: Float.self) == [0.5, -1] && b.grad!.item() == 1)
        let flat = GradientUtilities.parametersToVector([a, b])
        #expect(flat.toArray(of: Float.self) == [1, -2, 3])
        GradientUtilities.vectorToParameters(Tensor([7.0, 8.0, 9.0]), [a, b])
        #expect(a.toArray(of: Float.self) == [7, 8] && b.item() == 9 && a.requiresGrad)
    }
}
