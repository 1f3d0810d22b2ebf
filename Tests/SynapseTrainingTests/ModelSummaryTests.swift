import Foundation
import Testing
import SynapseTraining

/// `summary(model, inputShape:)` prints torchinfo's table for the same model (`scripts/fixtures/summary_table.py`).
@Suite struct ModelSummaryTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            let name: String
            let input_shape: [Int]
            let text: String
            let total_params, trainable_params, total_mult_adds, input_bytes, output_bytes, param_bytes: Int
        }
        let cases: [Case]
    }

    static let fixture = TrainingFixture.decode(Fixture.self, "training/summary.json", generator: "summary_table.py")

    /// The fixture's models, built as the script builds them (values don't matter: a private generator).
    static func model(_ name: String) -> Module {
        let generator = Generator(seed: 0)
        switch name {
        case "d2l_mlp": return D2L.mlp(generator: generator)
        case "d2l_lenet":
            let net = D2L.leNet(generator: generator)
            (net[0] as! Conv2d).weight.requiresGrad = false
            return net
        case "nested":
            return Sequential(Sequential(Linear(4, 8, generator: generator), ReLU()),
                              Sequential(Linear(8, 8, generator: generator), Tanh()), Linear(8, 2, generator: generator))
        case "shared":
            let layer = Linear(8, 8, generator: generator)
            return Sequential(Linear(4, 8, generator: generator), layer, ReLU(), layer, Linear(8, 1, generator: generator))
        case "frozen":
            let net = Sequential(Linear(3, 5, generator: generator), ReLU(), Linear(5, 2, generator: generator))
            for parameter in net.parameters() { parameter.requiresGrad = false }
            return net
        default: fatalError("no Swift twin for \(name)")
        }
    }

    @Test(arguments: fixture.cases.map(\.name))
    func tableEqualsTorchinfos(_ name: String) throws {
        let expected = try #require(Self.fixture.cases.first { $0.name == name })
        let result = summary(Self.model(name), inputShape: expected.input_shape)
        #expect(result.totalParameters == expected.total_params)
        #expect(result.trainableParameters == expected.trainable_params)
        #expect(result.totalMultAdds == expected.total_mult_adds)
        // torchinfo measures the input with sys.getsizeof(storage), which adds the 64-byte Python object.
        #expect(result.inputBytes + 64 == expected.input_bytes)
        #expect(result.forwardBackwardBytes == expected.output_bytes)
        #expect(result.parameterBytes == expected.param_bytes)
        let (got, want) = (result.description.split(separator: "\n"), expected.text.split(separator: "\n"))
        for (line, (ours, theirs)) in zip(got, want).enumerated() where ours != theirs {
            Issue.record("line \(line + 1):\n  Synapse:   \(ours)\n  torchinfo: \(theirs)")
        }
        #expect(got.count == want.count)
    }

    @Test func rowsDescribeTheLayers() throws {
        let rows = summary(Self.model("d2l_lenet"), inputShape: [2, 1, 28, 28]).rows
        #expect(rows.map(\.typeName) == ["Sequential", "Conv2d", "Sigmoid", "AvgPool2d", "Conv2d", "Sigmoid", "AvgPool2d",
                                         "Flatten", "Linear", "Sigmoid", "Linear", "Sigmoid", "Linear"])
        #expect(rows[1].outputShape == [2, 6, 28, 28])
        #expect(rows[1].trainable == "Partial")
        #expect(rows[1].parameterCount == 156 && rows[1].trainableParameterCount == 6)
        #expect(rows.last?.depthIndex == 12)
    }

    @Test func hooksAreRemovedAfterwards() {
        let net = Self.model("d2l_mlp")
        _ = summary(net, inputShape: [1, 784])
        let again = summary(net, inputShape: [3, 784])
        #expect(again.rows.count == 5)
        #expect(again.rows[0].outputShape == [3, 10])
    }
}
