import ArgumentParser
import Foundation
import SynapseModels

/// `synapse embed DIR TEXT… [--json] [--no-normalize]`
struct Embed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print one sentence embedding per text (mean pooling, unit length) from a BERT model directory.",
        discussion: "DIR holds config.json, the weights (model.safetensors, shards with an index, or pytorch_model.bin) and tokenizer.json, as save_pretrained writes them.")

    @Argument(help: "The model directory.")
    var directory: String

    @Argument(help: "The texts; one vector is printed per text, in order.")
    var texts: [String]

    @Flag(help: "Print a JSON array of arrays instead of one line of numbers per text.")
    var json = false

    @Flag(inversion: .prefixedNo, help: "Scale each vector to unit length (sentence-transformers' Normalize).")
    var normalize = true

    func validate() throws {
        guard !texts.isEmpty else { throw ValidationError("give at least one text to embed") }
    }

    func run() throws {
        try reporting(PretrainedError.self) {
            let embedder = try SentenceEmbedder(directory: URL(fileURLWithPath: directory), mmap: true)
            let vectors = try embedder.embed(texts, normalize: normalize)
            let rows = (0..<vectors.size(0)).map { vectors[$0].toArray(of: Float.self) }
            if json {
                print(String(decoding: try JSONEncoder().encode(rows), as: UTF8.self))
            } else {
                for row in rows { print(row.map { "\($0)" }.joined(separator: " ")) }
            }
        }
    }
}

/// `synapse generate DIR PROMPT [--max-new-tokens N] [--seed S] [--temperature T] [--top-k K] [--top-p P] [--greedy]`
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Continue a prompt with a GPT-2 model directory, printing the text as it is generated.",
        discussion: "Samples when --seed, --temperature, --top-k or --top-p is given (the same tokens as transformers' generate(do_sample=True) after torch.manual_seed(seed)); otherwise greedy. Stops at the model's end-of-text token.")

    @Argument(help: "The model directory (config.json, weights, tokenizer.json).")
    var directory: String

    @Argument(help: "The text to continue.")
    var prompt: String

    @Option(help: "The most tokens to add.")
    var maxNewTokens = 20

    @Option(help: "Seed of the random draws (torch.manual_seed).")
    var seed: Int?

    @Option(help: "Divide the scores by this before sampling.")
    var temperature: Double?

    @Option(help: "Sample among the K most likely tokens only.")
    var topK: Int?

    @Option(help: "Sample among the most likely tokens whose probabilities add up to P.")
    var topP: Double?

    @Flag(help: "Take the most likely token at every step, even when sampling options are given.")
    var greedy = false

    func validate() throws {
        guard maxNewTokens >= 0 else { throw ValidationError("--max-new-tokens must be at least 0, got \(maxNewTokens)") }
        if let temperature, !(temperature > 0) { throw ValidationError("--temperature must be positive, got \(temperature)") }
        if let topK, topK < 1 { throw ValidationError("--top-k must be at least 1, got \(topK)") }
        if let topP, !(topP > 0 && topP <= 1) { throw ValidationError("--top-p must be in (0, 1], got \(topP)") }
    }

    func run() throws {
        try reporting(PretrainedError.self) {
            let generator = try TextGenerator(directory: URL(fileURLWithPath: directory), mmap: true)
            let sampling = !greedy && (seed != nil || temperature != nil || topK != nil || topP != nil)
            if let seed { manualSeed(seed) }
            let options = GenerationOptions(maxNewTokens: maxNewTokens, doSample: sampling, temperature: temperature ?? 1,
                                            topK: topK, topP: topP ?? 1)
            FileHandle.standardOutput.write(Data(prompt.utf8))
            _ = try generator.generate(prompt, options: options) { piece in
                FileHandle.standardOutput.write(Data(piece.utf8))
            }
            print()
        }
    }
}
