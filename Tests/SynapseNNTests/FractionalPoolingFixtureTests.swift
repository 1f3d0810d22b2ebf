import Testing
import SynapseNN
import SynapseTensor

/// FractionalMaxPool2d and FractionalMaxPool3d against torch (`scripts/fixtures/layers_extra.py`): a generator
/// seeded as torch's global one was draws the same per-plane samples, so the same windows, maxima, indices and
/// gradients.
@Suite struct FractionalPoolingFixtureTests {
    static let cases = LayerFixtureCase.load("fractional_pooling.json")

    static func makeLayer(_ fixture: LayerFixtureCase) -> FractionalMaxPool {
        let a = fixture.args, generator = Generator(seed: UInt64(fixture.seed))
        let kernel = a["kernel_size"]!.ints!
        if fixture.module == "FractionalMaxPool2d" {
            let size = kernel.count == 1 ? PoolSize(kernel[0]) : PoolSize(kernel[0], kernel[1])
            if let output = a["output_size"]?.ints {
                return FractionalMaxPool2d(size, outputSize: output.count == 1 ? PoolSize(output[0])
                                           : PoolSize(output[0], output[1]), generator: generator)
            }
            guard case .list(let ratio) = a["output_ratio"]! else { fatalError("ratio") }
            return FractionalMaxPool2d(size, outputRatio: (ratio[0].double!, ratio[1].double!), generator: generator)
        }
        let size = kernel.count == 1 ? PoolSize3d(kernel[0]) : PoolSize3d(kernel[0], kernel[1], kernel[2])
        if let output = a["output_size"]?.ints {
            return FractionalMaxPool3d(size, outputSize: PoolSize3d(output[0], output[1], output[2]), generator: generator)
        }
        guard case .list(let ratio) = a["output_ratio"]! else { fatalError("ratio") }
        return FractionalMaxPool3d(size, outputRatio: (ratio[0].double!, ratio[1].double!, ratio[2].double!),
                                   generator: generator)
    }

    @Test func fixtureIsThere() { #expect(Self.cases.count >= 5) }

    @Test(arguments: cases)
    func matchesTorch(_ fixture: LayerFixtureCase) {
        let layer = Self.makeLayer(fixture)
        let inputs = fixture.makeInputs()
        let (values, indices) = layer.forwardWithIndices(inputs[0])
        let outputs = fixture.args["return_indices"]?.bool == true ? [values, indices] : [values]
        fixture.verify(repr: layer.description, outputs: outputs, inputs: inputs)
    }

    static func message(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func ratioBetweenZeroAndOne() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = FractionalMaxPool2d(2, outputRatio: (0.5, 1.5))
        }
        #expect(Self.message(result).contains("output_ratio must be between 0 and 1 (got (0.5, 1.5))"))
    }
}
