import Testing
import SynapseNN
import SynapseTensor

/// `F.scaled_dot_product_attention` and `nn.MultiheadAttention` against torch (`scripts/fixtures/transformer.py`):
/// outputs and gradients to 1e-5 (float32) or 1e-10 (float64), default initialisation bit for bit.
@Suite struct AttentionFixtureTests {
    struct SDPAArguments: Decodable {
        let is_causal: Bool
        let dropout_p: Double
        let scale: Double?
        let enable_gqa: Bool
    }

    struct SDPACase: Decodable, CustomTestStringConvertible {
        let name: String
        let dtype: String
        let args: SDPAArguments
        let q, k, v, output, grad_output, grad_q, grad_k, grad_v: TorchTensorFixture
        let attn_mask: TorchTensorFixture?
        let seed2: UInt64?
        var testDescription: String { name }
    }

    struct File<Case: Decodable>: Decodable { let cases: [Case] }

    static let sdpaCases = FixtureFile.decode(File<SDPACase>.self, "transformer/sdpa.json", generator: "transformer.py").cases

    /// The tolerance for a comparison: 1e-5 (float32) or 1e-10 (float64), relative to the largest expected value
    /// when that is above 1.
    static func tolerance(_ expected: TorchTensorFixture) -> Double {
        let scale = max(1, expected.values.filter(\.isFinite).map(abs).max() ?? 1)
        return (expected.dtype == "float64" ? 1e-10 : 1e-5) * scale
    }

    static func expectClose(_ actual: Tensor?, _ expected: TorchTensorFixture, _ what: String) {
        guard let actual else { Issue.record("\(what): no tensor"); return }
        let difference = maxDifference(actual, expected)
        #expect(difference <= tolerance(expected), "\(what): max difference \(difference)")
    }

    @Test(arguments: sdpaCases)
    func scaledDotProductAttentionMatchesTorch(_ fixture: SDPACase) {
        let (q, k, v) = (fixture.q.tensor.requiresGrad_(), fixture.k.tensor.requiresGrad_(), fixture.v.tensor.requiresGrad_())
        let output = Functional.scaledDotProductAttention(
            q, k, v, attnMask: fixture.attn_mask?.tensor, dropoutP: fixture.args.dropout_p,
            isCausal: fixture.args.is_causal, scale: fixture.args.scale, enableGQA: fixture.args.enable_gqa,
            generator: fixture.seed2.map { Generator(seed: $0) })
        Self.expectClose(output, fixture.output, "output")
        (output * fixture.grad_output.tensor).sum().backward()
        Self.expectClose(q.grad, fixture.grad_q, "grad q")
        Self.expectClose(k.grad, fixture.grad_k, "grad k")
        Self.expectClose(v.grad, fixture.grad_v, "grad v")
    }

    /// The inference path (no gradient, no dropout: one fused pass per head) against the same torch outputs.
    @Test(arguments: sdpaCases.filter { $0.args.dropout_p == 0 })
    func inferenceAttentionMatchesTorch(_ fixture: SDPACase) {
        let output = noGrad {
            Functional.scaledDotProductAttention(
                fixture.q.tensor, fixture.k.tensor, fixture.v.tensor, attnMask: fixture.attn_mask?.tensor,
                isCausal: fixture.args.is_causal, scale: fixture.args.scale, enableGQA: fixture.args.enable_gqa)
        }
        #expect(output.gradFn == nil)
        Self.expectClose(output, fixture.output, "output")
    }

    /// Multi-head attention without weights under no-grad goes through the inference path; its output is torch's.
    @Test(arguments: mhaCases.filter { !$0.call.need_weights })
    func inferenceMultiheadAttentionMatchesTorch(_ fixture: MHACase) {
        let a = fixture.args
        let attention = MultiheadAttention(
            a.embed_dim, a.num_heads, bias: a.bias ?? true, addBiasKV: a.add_bias_kv ?? false,
            addZeroAttn: a.add_zero_attn ?? false, kdim: a.kdim, vdim: a.vdim, batchFirst: a.batch_first ?? false,
            dtype: a.dtype == "float64" ? .float64 : .float32, generator: Generator(seed: fixture.seed))
        let query = fixture.query.tensor
        let (key, value) = fixture.self_attention ? (query, query) : (fixture.key!.tensor, fixture.value!.tensor)
        let (output, _) = noGrad {
            attention(query, key, value, keyPaddingMask: fixture.call.key_padding_mask?.tensor, needWeights: false,
                      attnMask: fixture.call.attn_mask?.tensor)
        }
        Self.expectClose(output, fixture.output, "output")
    }

    struct MHAArguments: Decodable {
        let embed_dim, num_heads: Int
        let bias, add_bias_kv, add_zero_attn, batch_first: Bool?
        let kdim, vdim: Int?
        let dtype: String?
    }

    struct MHACall: Decodable {
        let key_padding_mask, attn_mask: TorchTensorFixture?
        let need_weights, average_attn_weights, is_causal: Bool
    }

    struct MHACase: Decodable, CustomTestStringConvertible {
        let name: String
        let seed: UInt64
        let args: MHAArguments
        let repr: String
        let state, grads: NamedTensors
        let self_attention: Bool
        let call: MHACall
        let query, output, grad_output, grad_query: TorchTensorFixture
        let key, value, weights, grad_key, grad_value: TorchTensorFixture?
        var testDescription: String { name }
    }

    static let mhaCases = FixtureFile.decode(File<MHACase>.self, "transformer/mha.json", generator: "transformer.py").cases

    @Test(arguments: mhaCases)
    func multiheadAttentionMatchesTorch(_ fixture: MHACase) throws {
        let a = fixture.args
        let attention = MultiheadAttention(
            a.embed_dim, a.num_heads, bias: a.bias ?? true, addBiasKV: a.add_bias_kv ?? false,
            addZeroAttn: a.add_zero_attn ?? false, kdim: a.kdim, vdim: a.vdim, batchFirst: a.batch_first ?? false,
            dtype: a.dtype == "float64" ? .float64 : .float32, generator: Generator(seed: fixture.seed))
        #expect(attention.description == fixture.repr)
        let state = attention.stateDict()
        #expect(Array(state.keys) == fixture.state.names)
        for (name, expected) in fixture.state.entries {
            #expect(maxDifference(state[name]!, expected) == 0, "default initialisation of \(name)")
        }
        let query = fixture.query.tensor.requiresGrad_()
        let key = fixture.self_attention ? query : fixture.key!.tensor.requiresGrad_()
        let value = fixture.self_attention ? query : fixture.value!.tensor.requiresGrad_()
        let (output, weights) = attention(
            query, key, value, keyPaddingMask: fixture.call.key_padding_mask?.tensor,
            needWeights: fixture.call.need_weights, attnMask: fixture.call.attn_mask?.tensor,
            averageAttnWeights: fixture.call.average_attn_weights, isCausal: fixture.call.is_causal)
        Self.expectClose(output, fixture.output, "output")
        #expect((weights == nil) == (fixture.weights == nil))
        if let expected = fixture.weights { Self.expectClose(weights, expected, "weights") }
        (output * fixture.grad_output.tensor).sum().backward()
        let parameters = Dictionary(uniqueKeysWithValues: attention.namedParameters().map { ($0.0, $0.1) })
        #expect(attention.namedParameters().map(\.0) == fixture.grads.names)
        for (name, expected) in fixture.grads.entries { Self.expectClose(parameters[name]?.grad, expected, "grad \(name)") }
        Self.expectClose(query.grad, fixture.grad_query, "grad query")
        if let expected = fixture.grad_key { Self.expectClose(key.grad, expected, "grad key") }
        if let expected = fixture.grad_value { Self.expectClose(value.grad, expected, "grad value") }
    }

    @Test func hooksOnAttentionSeeItsMask() {
        let attention = MultiheadAttention(4, 2, generator: Generator(seed: 1))
        let mask = Tensor([[false, true], [false, false]])
        var seen: Tensor?
        attention.registerForwardPreHook(withArguments: { _, arguments in
            seen = arguments["attnMask", as: Tensor?.self]
        })
        let x = Tensor.rand([2, 1, 4], generator: Generator(seed: 2))
        _ = attention(x, x, x, attnMask: mask)
        #expect(seen === mask)
    }
}
