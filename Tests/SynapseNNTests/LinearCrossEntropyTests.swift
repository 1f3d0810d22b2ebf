import Testing
import SynapseNN
import SynapseTensor

/// LinearCrossEntropyLoss and LinearCrossEntropyOptions against torch (`scripts/fixtures/linear_cross_entropy.py`):
/// the projection drawn bit for bit from the same seed, keys, printout, float64 outputs and gradients within 1e-10
/// (torch's chunked path included, which Synapse's reference path matches up to rounding), and misuse messages.
@Suite struct LinearCrossEntropyTests {
    struct Values: Decodable, Sendable {
        let shape: [Int]
        let values: [Double]
        let dtype: String?
        var tensor: Tensor {
            let tensor = Tensor(flat: values, shape: shape)
            return dtype == "int64" ? tensor.to(.int64) : tensor
        }
    }

    struct Options: Decodable, Sendable {
        let allow_retain_graph: Bool?
        let batch_chunk_size: Int?
        let chunking_method: String??
        let acc_policy: String?
        let acc_dtype: String?

        var options: LinearCrossEntropyOptions {
            LinearCrossEntropyOptions(allowRetainGraph: allow_retain_graph ?? false, batchChunkSize: batch_chunk_size,
                                      chunkingMethod: chunking_method ?? "auto",
                                      accPolicy: acc_policy.flatMap(LinearCrossEntropyOptions.AccPolicy.init) ?? .auto,
                                      accDtype: acc_dtype == "float32" ? .float32 : nil)
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            allow_retain_graph = try container.decodeIfPresent(Bool.self, forKey: .allow_retain_graph)
            batch_chunk_size = try container.decodeIfPresent(Int.self, forKey: .batch_chunk_size)
            // Absent: the default ("auto"); null: None.
            chunking_method = container.contains(.chunking_method)
                ? .some(try container.decodeIfPresent(String.self, forKey: .chunking_method)) : nil
            acc_policy = try container.decodeIfPresent(String.self, forKey: .acc_policy)
            acc_dtype = try container.decodeIfPresent(String.self, forKey: .acc_dtype)
        }

        enum CodingKeys: String, CodingKey { case allow_retain_graph, batch_chunk_size, chunking_method, acc_policy, acc_dtype }
    }

    struct Arguments: Decodable, Sendable {
        let bias: Bool?
        let weight: [Double]?
        let ignore_index: Int?
        let label_smoothing: Double?
        let reduction: String?
        let out_features: [Int]?
        let options: Options?
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name, repr: String
        let seed: UInt64
        let in_features, num_classes: Int
        let args: Arguments
        let keys: [String]
        let linear_weight: [Double]
        let linear_bias: [Double]?
        let input, target, output: Values
        let grads: [String: [Double]?]
        var testDescription: String { name }
    }

    struct File: Decodable {
        let cases: [Case]
        let options: [[OptionsRow]]
    }

    /// One `[kwargs, repr]` pair of the options' printouts.
    enum OptionsRow: Decodable, Sendable {
        case options(Options), repr(String)
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) { self = .repr(text) } else { self = .options(try container.decode(Options.self)) }
        }
    }

    static let file = FixtureFile.decode(File.self, "layers/linear_cross_entropy.json", generator: "linear_cross_entropy.py")

    static func make(_ fixture: Case) -> LinearCrossEntropyLoss {
        let args = fixture.args
        return LinearCrossEntropyLoss(
            fixture.in_features, fixture.num_classes, outFeatures: args.out_features ?? [], bias: args.bias ?? false,
            reduction: args.reduction.flatMap(Reduction.init) ?? .mean,
            weight: args.weight.map { Tensor(flat: $0, shape: [$0.count]).to(.float32) }, ignoreIndex: args.ignore_index,
            labelSmoothing: args.label_smoothing ?? 0, options: args.options?.options, generator: Generator(seed: fixture.seed))
    }

    static func worst(_ got: Tensor, _ expected: [Double]) -> Double {
        let values = got.to(.float64).reshape([-1]).toArray(of: Double.self)
        guard values.count == expected.count else { return .infinity }
        return zip(values, expected).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
    }

    @Test(arguments: file.cases)
    func matchesTorch(_ fixture: Case) throws {
        let loss = Self.make(fixture)
        #expect(loss.linear.weight.reshape([-1]).to(.float64).toArray(of: Double.self) == fixture.linear_weight)
        #expect(loss.linear.bias.map { $0.to(.float64).toArray(of: Double.self) } == fixture.linear_bias)
        #expect("\(loss)" == fixture.repr)
        #expect(loss.stateDict().map(\.key) == fixture.keys)

        loss.double()
        let input = fixture.input.tensor.requiresGrad_()
        let output = loss(input, fixture.target.tensor)
        #expect(output.shape == fixture.output.shape)
        #expect(Self.worst(output, fixture.output.values) <= 1e-10, "output")
        output.sum().backward()
        #expect(Self.worst(try #require(input.grad), try #require(fixture.grads["input"] ?? nil)) <= 1e-10, "input grad")
        #expect(Self.worst(try #require(loss.linear.weight.grad), try #require(fixture.grads["linear.weight"] ?? nil)) <= 1e-10)
        if let bias = loss.linear.bias {
            #expect(Self.worst(try #require(bias.grad), try #require(fixture.grads["linear.bias"] ?? nil)) <= 1e-10)
        }
    }

    @Test func optionsPrintAsPyTorchs() {
        for row in Self.file.options {
            guard case .options(let options) = row[0], case .repr(let repr) = row[1] else {
                Issue.record("unexpected options row")
                continue
            }
            #expect(options.options.description == repr)
        }
    }

    @Test func misuseStopsWithPyTorchsMessages() async {
        let weight = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LinearCrossEntropyLoss(4, 3, weight: Tensor.ones([4]))
        }
        #expect(MarginLossFixtureTests.message(weight).contains("expected weight shape to be (3,), got (4,)"))
        let method = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LinearCrossEntropyOptions(chunkingMethod: "rows")
        }
        #expect(MarginLossFixtureTests.message(method).contains("invalid chunking_method: 'rows'"))
        let features = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LinearCrossEntropyLoss(4, 3)(Tensor.zeros([2, 5]), Tensor.zeros([2], dtype: .int64))
        }
        #expect(MarginLossFixtureTests.message(features).contains("expected equal input and linear_weight last dimensions (in_features), got 5 and 4, respectively"))
    }
}
