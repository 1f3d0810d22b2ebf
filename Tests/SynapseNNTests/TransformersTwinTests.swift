import Testing
import SynapseNN

/// The largest absolute difference between `actual` and `expected`, which must have the same shape.
private func maxAbsDifference(_ actual: Tensor, _ expected: Tensor) -> Double {
    #expect(actual.shape == expected.shape)
    return (actual.detach() - expected).abs().max().item()
}

/// Expects every parameter's gradient to be the fixture's, in `named_parameters()` order, within 1e-5, or within
/// 8 units in the last place (float32) of the gradient's largest entry when that is coarser. 1e-5 absolute can't
/// hold for large gradients: BERT's embedding gradients reach 135, where one ulp is 1.5e-5, and each row sums the
/// gradients of every token that looked it up, in an order torch does not promise. Elsewhere the observed
/// differences are 1 to 10 ulps of the largest entry, all below 1e-5.
private func expectGradients(of model: Module, _ expected: NamedTensors) {
    let parameters = model.namedParameters()
    #expect(parameters.map(\.name) == expected.names)
    for ((name, parameter), reference) in zip(parameters, expected.entries) {
        guard let grad = parameter.grad else {
            Issue.record("\(name) has no gradient")
            continue
        }
        let expectedGrad = reference.tensor.tensor
        let scale = expectedGrad.abs().max().item(as: Float.self)
        let tolerance = max(1e-5, 8 * Double(scale.ulp))
        let difference = maxAbsDifference(grad, expectedGrad)
        #expect(difference <= tolerance, "\(name): max |Δgrad| \(difference), largest |grad| \(scale)")
    }
}

extension DefaultGeneratorSuite {
    /// Tiny BERT and GPT-2 written in Synapse as a user would port them from transformers (`BertTwin.swift`,
    /// `GPT2Twin.swift`), loaded strictly from the state dicts transformers wrote and compared with its outputs and
    /// gradients (`scripts/fixtures/transformer.py`). Constructing them draws from the default generator.
    @Suite("Transformers twins") struct TransformersTwinTests {
        @Test("BERT: transformers' state dict loads strictly; outputs and every gradient match")
        func bert() throws {
            let fixture = BertFixture.file
            let model = BertModel(fixture.config)
            #expect(Array(model.stateDict().keys) == fixture.state.names)
            #expect(model.namedBuffers().map(\.name) == fixture.buffers)
            try model.loadStateDict(fixture.state.stateDict, strict: true)
            model.eval()

            let (lastHiddenState, poolerOutput) = model(fixture.input_ids.tensor,
                                                        attentionMask: fixture.attention_mask.tensor,
                                                        tokenTypeIds: fixture.token_type_ids.tensor)
            // Observed: 4.8e-7 (last hidden state), 4.8e-8 (pooler output).
            #expect(maxAbsDifference(lastHiddenState, fixture.last_hidden_state.tensor) <= 1e-5)
            #expect(maxAbsDifference(poolerOutput, fixture.pooler_output.tensor) <= 1e-5)

            let loss = (lastHiddenState * fixture.grad_last_hidden_state.tensor).sum()
                + (poolerOutput * fixture.grad_pooler_output.tensor).sum()
            loss.backward()
            // Observed: 3.1e-5 (2 ulps) on the embedding tables (gradients up to 135), 1.9e-6 at most elsewhere.
            expectGradients(of: model, fixture.grads)
        }

        @Test("GPT-2: tied head, transformers' state dict loads strictly; logits and every gradient match")
        func gpt2() throws {
            let fixture = GPT2Fixture.file
            let model = GPT2LMHeadModel(fixture.config)
            #expect(Array(model.stateDict().keys) == fixture.state.names)
            #expect(model.namedBuffers().map(\.name) == fixture.buffers)
            for pair in fixture.tied {
                #expect(try model.getParameter(pair[0]) === model.getParameter(pair[1]))
            }
            try model.loadStateDict(fixture.state.stateDict, strict: true)
            model.eval()
            #expect(model.lm_head.weight === model.transformer.wte.weight)

            let logits = model(fixture.input_ids.tensor, attentionMask: fixture.attention_mask.tensor)
            // Observed: 7.5e-8.
            #expect(maxAbsDifference(logits, fixture.logits.tensor) <= 1e-5)

            (logits * fixture.grad_logits.tensor).sum().backward()
            // One gradient for the tied weight, the sum over the embedding and the head. Observed: 7.6e-6 at most (2 ulps
            // of the largest entry, 41), 4.8e-6 on the tied weight.
            expectGradients(of: model, fixture.grads)
        }

        @Test("A forward pre-hook with arguments on BertSelfAttention sees the extended attention mask")
        func bertPreHookSeesMask() throws {
            let fixture = BertFixture.file
            let model = BertModel(fixture.config)
            try model.loadStateDict(fixture.state.stateDict, strict: true)
            model.eval()
            let attention = model.encoder.layer[1].attention.selfAttention
            var seen: [Tensor?] = []
            let handle = attention.registerForwardPreHook(withArguments: { _, arguments in
                seen.append(arguments["attentionMask", as: Tensor?.self])
            })
            let mask = fixture.attention_mask.tensor
            _ = model(fixture.input_ids.tensor, attentionMask: mask, tokenTypeIds: fixture.token_type_ids.tensor)
            handle.remove()
            _ = model(fixture.input_ids.tensor, attentionMask: mask, tokenTypeIds: fixture.token_type_ids.tensor)

            #expect(seen.count == 1)
            let extended = try #require(seen.first ?? nil)
            #expect(extended.shape == [mask.size(0), 1, 1, mask.size(1)])
            #expect(extended.equal(BertModel.extendedAttentionMask(mask)))
            // Padding (mask 0) becomes float32's minimum, kept tokens 0.
            let padded = mask[.all, .newAxis, .newAxis, .all] .== 0
            #expect(extended.equal(Tensor.zeros(extended.shape).maskedFill(padded, DType.float32.finfo.min)))
        }

        @Test("A tensor forward hook on a GPT2Block sees the block's input and output")
        func gpt2ForwardHookSeesOutput() throws {
            let fixture = GPT2Fixture.file
            let model = GPT2LMHeadModel(fixture.config)
            try model.loadStateDict(fixture.state.stateDict, strict: true)
            model.eval()
            let last = model.transformer.h[model.transformer.h.count - 1]
            var seen: [(input: Tensor, output: Tensor)] = []
            last.registerForwardHook { _, input, output in
                seen.append((input, output))
                return nil
            }
            let logits = model(fixture.input_ids.tensor, attentionMask: fixture.attention_mask.tensor)

            #expect(seen.count == 1)
            let (input, output) = try #require(seen.first)
            let shape = fixture.input_ids.shape + [fixture.config.nEmbd]
            #expect(input.shape == shape && output.shape == shape)
            // The last block's output, through the final norm and the head, is the model's logits.
            #expect(model.lm_head(model.transformer.ln_f(output)).equal(logits))
            #expect(maxAbsDifference(logits, fixture.logits.tensor) <= 1e-5)
        }
    }
}
