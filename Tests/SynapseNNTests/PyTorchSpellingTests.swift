import Testing
import SynapseNN

/// The forms a PyTorch user types first compile and mean what they mean in PyTorch: `Dropout(0.1)`,
/// `LayerNorm(384)`, `calculate_gain("leaky_relu", 0.2)`.
@Suite struct PyTorchSpellingTests {
    @Test func dropoutTakesItsProbabilityPositionally() {
        let dropout = Dropout(0.1)
        #expect(dropout.p == 0.1)
        #expect(dropout.description == "Dropout(p=0.1, inplace=False)")
        #expect(Dropout().p == 0.5)
        #expect(Dropout(0.25, inplace: true).inplace)
    }

    @Test func layerNormTakesOneSize() {
        let norm = LayerNorm(384)
        #expect(norm.normalizedShape == [384])
        #expect(norm.description == "LayerNorm((384,), eps=1e-05, elementwise_affine=True, bias=True)")
        #expect(norm.weight?.shape == [384] && norm.bias?.shape == [384])
        let plain = LayerNorm(8, eps: 1e-6, elementwiseAffine: false, dtype: .float64)
        #expect(plain.normalizedShape == [8] && plain.eps == 1e-6 && plain.weight == nil && plain.bias == nil)
        #expect(LayerNorm(8, bias: false).bias == nil)
        #expect(Array(LayerNorm(4).stateDict().keys) == ["weight", "bias"])
    }

    @Test func calculateGainTakesPyTorchsStrings() {
        #expect(Init.calculateGain("leaky_relu", param: 0.2) == (2.0 / (1 + 0.2 * 0.2)).squareRoot())
        #expect(Init.calculateGain("leaky_relu") == Init.calculateGain(.leakyReLU))
        #expect(Init.calculateGain(.leakyRelu, param: 0.2) == Init.calculateGain(.leakyReLU, param: 0.2))
        #expect(Init.calculateGain("tanh") == 5.0 / 3)
        #expect(Init.calculateGain("relu") == (2.0).squareRoot())
        #expect(Init.calculateGain("conv_transpose2d") == 1)
        #expect(Init.calculateGain("selu") == 0.75)
        let name = "sigmoid"
        #expect(Init.calculateGain(Init.Nonlinearity(name)) == 1)
        #expect(Init.Nonlinearity(rawValue: "gelu") == nil)
        let weight = Tensor.empty([3, 4])
        Init.kaimingUniform_(weight, nonlinearity: "relu", generator: Generator(seed: 0))
        #expect(weight.abs().max().item(as: Double.self) <= (6.0 / 4).squareRoot())
    }

    @Test func unknownNonlinearityStopsWithPyTorchsMessage() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Init.calculateGain("gelu")
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Unsupported nonlinearity gelu"))
    }
}
