import Testing
import SynapseNN
import SynapseTensor

/// `nn.TransformerEncoderLayer`, `nn.TransformerEncoder`, `nn.TransformerDecoderLayer` and `nn.Transformer`
/// against torch (`scripts/fixtures/transformer.py`): keys, repr and default initialisation bit for bit from the
/// same seed, outputs and the gradients of every parameter and input to 1e-5 (float32) or 1e-10 (float64).
@Suite struct TransformerFixtureTests {
    /// A layer's settings as the fixture spells PyTorch's keyword arguments.
    struct LayerArguments: Decodable {
        let d_model, nhead, dim_feedforward: Int
        let dropout: Double
        let norm_first, batch_first, bias: Bool?
        let activation, dtype: String?
        let layer_norm_eps: Double?
        let num_encoder_layers, num_decoder_layers: Int?

        var dType: DType { dtype == "float64" ? .float64 : .float32 }
        var transformerActivation: TransformerActivation { activation == "gelu" ? .gelu : .relu }

        func encoderLayer(_ generator: Generator) -> TransformerEncoderLayer {
            TransformerEncoderLayer(dModel: d_model, nhead: nhead, dimFeedforward: dim_feedforward, dropout: dropout,
                                    activation: transformerActivation, layerNormEps: layer_norm_eps ?? 1e-5,
                                    batchFirst: batch_first ?? false, normFirst: norm_first ?? false,
                                    bias: bias ?? true, dtype: dType, generator: generator)
        }

        func decoderLayer(_ generator: Generator) -> TransformerDecoderLayer {
            TransformerDecoderLayer(dModel: d_model, nhead: nhead, dimFeedforward: dim_feedforward, dropout: dropout,
                                    activation: transformerActivation, layerNormEps: layer_norm_eps ?? 1e-5,
                                    batchFirst: batch_first ?? false, normFirst: norm_first ?? false,
                                    bias: bias ?? true, dtype: dType, generator: generator)
        }
    }

    struct NormArguments: Decodable { let normalized_shape: Int }

    struct Arguments: Decodable {
        let layer: LayerArguments?
        let encoder_layer: LayerArguments?
        let num_layers: Int?
        let norm: NormArguments?

        init(from decoder: Decoder) throws {
            let keyed = try decoder.container(keyedBy: Keys.self)
            encoder_layer = try keyed.decodeIfPresent(LayerArguments.self, forKey: .encoder_layer)
            num_layers = try keyed.decodeIfPresent(Int.self, forKey: .num_layers)
            norm = try keyed.decodeIfPresent(NormArguments.self, forKey: .norm)
            layer = encoder_layer == nil ? try LayerArguments(from: decoder) : nil
        }

        private enum Keys: String, CodingKey { case encoder_layer, num_layers, norm }
    }

    struct Case: Decodable, CustomTestStringConvertible {
        let name: String
        let seed: UInt64
        let `class`: String
        let args: Arguments
        let repr: String
        let state, grads: NamedTensors
        let inputs: [String: TorchTensorFixture]
        let output, grad_output: TorchTensorFixture
        let input_grads: [String: TorchTensorFixture]
        var testDescription: String { name }
    }

    struct File: Decodable {
        let square_subsequent_mask_4: TorchTensorFixture
        let cases: [Case]
    }

    static let file = FixtureFile.decode(File.self, "transformer/transformer.json", generator: "transformer.py")

    /// The model the case describes, built from `torch.manual_seed(seed)`'s stream.
    static func model(_ fixture: Case) -> Module {
        let generator = Generator(seed: fixture.seed)
        switch fixture.class {
        case "TransformerEncoderLayer": return fixture.args.layer!.encoderLayer(generator)
        case "TransformerDecoderLayer": return fixture.args.layer!.decoderLayer(generator)
        case "TransformerEncoder":
            let layer = fixture.args.encoder_layer!
            return TransformerEncoder(layer.encoderLayer(generator), numLayers: fixture.args.num_layers!,
                                      norm: fixture.args.norm.map { LayerNorm($0.normalized_shape, dtype: layer.dType) },
                                      enableNestedTensor: false)
        default:
            let a = fixture.args.layer!
            return Transformer(dModel: a.d_model, nhead: a.nhead, numEncoderLayers: a.num_encoder_layers!,
                               numDecoderLayers: a.num_decoder_layers!, dimFeedforward: a.dim_feedforward,
                               dropout: a.dropout, activation: a.transformerActivation,
                               batchFirst: a.batch_first ?? false, normFirst: a.norm_first ?? false,
                               dtype: a.dType, generator: generator)
        }
    }

    /// Runs `model` on the case's inputs with the keyword arguments PyTorch got.
    static func run(_ model: Module, _ inputs: [String: Tensor]) -> Tensor {
        switch model {
        case let layer as TransformerEncoderLayer:
            layer(inputs["src"]!, srcMask: inputs["src_mask"], srcKeyPaddingMask: inputs["src_key_padding_mask"])
        case let encoder as TransformerEncoder:
            encoder(inputs["src"]!, mask: inputs["mask"], srcKeyPaddingMask: inputs["src_key_padding_mask"])
        case let layer as TransformerDecoderLayer:
            layer(inputs["tgt"]!, inputs["memory"]!, tgtMask: inputs["tgt_mask"], memoryMask: inputs["memory_mask"],
                  tgtKeyPaddingMask: inputs["tgt_key_padding_mask"],
                  memoryKeyPaddingMask: inputs["memory_key_padding_mask"])
        case let transformer as Transformer:
            transformer(inputs["src"]!, inputs["tgt"]!, srcMask: inputs["src_mask"], tgtMask: inputs["tgt_mask"],
                        memoryMask: inputs["memory_mask"], srcKeyPaddingMask: inputs["src_key_padding_mask"],
                        tgtKeyPaddingMask: inputs["tgt_key_padding_mask"],
                        memoryKeyPaddingMask: inputs["memory_key_padding_mask"])
        default: fatalError("no fixture runner for \(model.typeName)")
        }
    }

    @Test(arguments: file.cases)
    func matchesTorch(_ fixture: Case) {
        let model = Self.model(fixture)
        #expect(model.description == fixture.repr)
        let state = model.stateDict()
        #expect(Array(state.keys) == fixture.state.names)
        for (name, expected) in fixture.state.entries {
            #expect(maxDifference(state[name]!, expected) == 0, "default initialisation of \(name)")
        }
        var inputs = fixture.inputs.mapValues(\.tensor)
        for name in fixture.input_grads.keys { inputs[name] = inputs[name]!.requiresGrad_() }
        let output = Self.run(model, inputs)
        AttentionFixtureTests.expectClose(output, fixture.output, "output")
        (output * fixture.grad_output.tensor).sum().backward()
        let parameters = Dictionary(uniqueKeysWithValues: model.namedParameters().map { ($0.0, $0.1) })
        #expect(model.namedParameters().map(\.0) == fixture.grads.names)
        for (name, expected) in fixture.grads.entries {
            AttentionFixtureTests.expectClose(parameters[name]?.grad, expected, "grad \(name)")
        }
        for (name, expected) in fixture.input_grads {
            AttentionFixtureTests.expectClose(inputs[name]!.grad, expected, "grad \(name)")
        }
    }

    /// The same models under no-grad (the inference attention path, masks and padding included) give torch's outputs.
    @Test(arguments: file.cases)
    func inferenceMatchesTorch(_ fixture: Case) {
        let model = Self.model(fixture)
        let output = noGrad { Self.run(model, fixture.inputs.mapValues(\.tensor)) }
        AttentionFixtureTests.expectClose(output, fixture.output, "output")
    }

    @Test func squareSubsequentMaskIsTorchs() {
        #expect(maxDifference(Transformer.generateSquareSubsequentMask(4), Self.file.square_subsequent_mask_4) == 0)
    }
}
