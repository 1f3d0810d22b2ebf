import Foundation
import Testing
import SynapseModels

extension DefaultGeneratorSuite {
    /// GPT-2 loading and generation (sampling seeds the default generator).
    @Suite("GPT-2 from Hugging Face directories")
    struct GPT2PretrainedTests {
        let expected = HFFixture.expected.gpt2

        @Test("model.safetensors (tied head left out) and pytorch_model.bin (tied head stored): logits to 1e-5",
              arguments: ["gpt2", "gpt2-bin"])
        func logits(directory: String) throws {
            let (gpt2, report) = try GPT2LMHeadModel.fromPretrained(HFFixture.model(directory))
            #expect(Array(gpt2.stateDict().keys) == expected.state_keys)
            #expect(gpt2.lm_head.weight === gpt2.transformer.wte.weight)
            #expect(report.missingKeys.isEmpty && report.unexpectedKeys.isEmpty)
            #expect(report.tiedKeys == (directory == "gpt2" ? ["lm_head.weight"] : []))
            let logits = noGrad { gpt2(Tensor(expected.input_ids), attentionMask: Tensor(expected.attention_mask)) }
            #expect(logits.shape == [2, 5, 300])
            #expect(HFFixture.maxDifference(logits, expected.logits) <= 1e-5)
        }

        @Test("Logits with the key-value cache, one token at a time, equal the logits of the whole sequence")
        func cacheMatchesFullPass() throws {
            let (gpt2, _) = try GPT2LMHeadModel.fromPretrained(HFFixture.model("gpt2"))
            let ids = Tensor(expected.input_ids)[0 ..< 1]
            let full = noGrad { gpt2(ids) }
            let cache = KeyValueCache(layerCount: 2)
            let prefix = noGrad { gpt2(ids[.all, 0 ..< 3], cache: cache) }
            #expect(cache.length == 3)
            let steps = noGrad { (3 ..< 5).map { gpt2(ids[.all, $0 ..< $0 + 1], cache: cache) } }
            let stepwise = Tensor.cat([prefix] + steps, dim: 1)
            #expect((stepwise - full).abs().max().item() <= 1e-5)
            #expect(cache.length == 5)
        }

        @Test("Greedy continuations equal transformers' generate(do_sample=False), with and without a stop token")
        func greedy() throws {
            let (gpt2, _) = try GPT2LMHeadModel.fromPretrained(HFFixture.model("gpt2"))
            for case_ in expected.greedy {
                var streamed: [Int] = []
                let options = GenerationOptions(maxNewTokens: case_.max_new_tokens, stopTokens: Set(case_.eos.map { [$0] } ?? []))
                let output = try gpt2.generate(case_.prompt, options: options) { streamed.append($0) }
                #expect(output == case_.output)
                #expect(streamed == Array(case_.output.dropFirst(case_.prompt.count)))
            }
        }

        @Test("Sampled continuations equal transformers' after the same seed (temperature, top-k, top-p)")
        func sampled() throws {
            try Generator.withDefault(Generator()) {
                let (gpt2, _) = try GPT2LMHeadModel.fromPretrained(HFFixture.model("gpt2"))
                for case_ in expected.sampled {
                    manualSeed(try #require(case_.seed))
                    let options = GenerationOptions(maxNewTokens: case_.max_new_tokens, doSample: true,
                                                    temperature: case_.temperature ?? 1, topK: case_.top_k, topP: case_.top_p ?? 1)
                    #expect(try gpt2.generate(case_.prompt, options: options) == case_.output, "seed \(case_.seed ?? -1)")
                }
            }
        }

        @Test("A generator passed in the options gives the same tokens as the seeded default generator")
        func explicitGenerator() throws {
            let (gpt2, _) = try GPT2LMHeadModel.fromPretrained(HFFixture.model("gpt2"))
            let case_ = expected.sampled[0]
            let options = GenerationOptions(maxNewTokens: case_.max_new_tokens, doSample: true,
                                            generator: Generator(seed: UInt64(case_.seed ?? 0)))
            #expect(try gpt2.generate(case_.prompt, options: options) == case_.output)
        }

        @Test("Bad generation settings and prompts are refused with what was expected")
        func badSettings() throws {
            let (gpt2, _) = try GPT2LMHeadModel.fromPretrained(HFFixture.model("gpt2"))
            func message(_ body: () throws -> Void) -> String {
                do { try body() } catch { return "\(error)" }
                return "no error"
            }
            #expect(message { _ = try gpt2.generate([]) }.contains("the prompt is empty"))
            #expect(message { _ = try gpt2.generate([300]) }.contains("token id 300 is outside the vocabulary (0..<300)"))
            #expect(message { _ = try gpt2.generate([1], options: .init(temperature: 0)) }.contains("temperature"))
            #expect(message { _ = try gpt2.generate([1], options: .init(topP: 1.5)) }.contains("top_p"))
            #expect(message { _ = try gpt2.generate(Array(repeating: 1, count: 65)) }.contains("at most 64"))
            #expect(try gpt2.generate(Array(repeating: 1, count: 62), options: .init(maxNewTokens: 5)).count == 64)
        }
    }
}
