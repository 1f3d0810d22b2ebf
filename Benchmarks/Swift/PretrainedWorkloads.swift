import Synapse
import SynapseModels

/// Hugging Face model shapes (issue 22), random weights, against transformers' classes in `torch_bench.py`:
/// GPT-2 small's greedy generation with the key-value cache (tokens/s is 32 divided by the time), and the
/// sentence embedding of 8 × 128 tokens with a MiniLM-shaped BERT.
enum PretrainedWorkloads {
    static var all: [Workload] {
        [
            Workload("gpt2_small_generate_8_32", target: 1.0) {
                manualSeed(0)
                let model = GPT2LMHeadModel(GPT2Config())
                model.eval()
                let prompt = (0..<8).map { $0 * 100 }
                let options = GenerationOptions(maxNewTokens: 32)
                return { consume(try! model.generate(prompt, options: options).count) }
            },
            Workload("bert_embed_8x128", target: 1.0) {
                manualSeed(0)
                var config = BertConfig()
                (config.hiddenSize, config.numHiddenLayers, config.numAttentionHeads, config.intermediateSize) = (384, 6, 12, 1536)
                let model = BertModel(config)
                model.eval()
                let ids = Tensor.randint(0, 30522, [8, 128])
                let mask = Tensor.ones([8, 128], dtype: .int64)
                return { consume(noGrad { model.sentenceEmbeddings(ids, attentionMask: mask) }) }
            },
        ]
    }
}
