import Foundation

/// A prompt in, its continuation out, from a GPT-2 directory with its `tokenizer.json`; text streams out as
/// tokens are chosen.
///
/// ```swift
/// let generator = try TextGenerator(directory: URL(fileURLWithPath: "gpt2"))
/// manualSeed(42)
/// let text = try generator.generate("Once upon a time", options: GenerationOptions(maxNewTokens: 30, doSample: true, topK: 50)) {
///     print($0, terminator: "")           // each new piece of text, as soon as it is complete
/// }
/// ```
public struct TextGenerator {
    /// The language model, in evaluation mode.
    public let model: GPT2LMHeadModel
    /// The directory's tokenizer.
    public let tokenizer: Tokenizer

    /// Loads `directory`'s GPT-2 and its `tokenizer.json`.
    public init(directory: URL, mmap: Bool = false) throws(PretrainedError) {
        (model, _) = try GPT2LMHeadModel.fromPretrained(directory, mmap: mmap)
        do {
            tokenizer = try Tokenizer(contentsOf: directory.appendingPathComponent("tokenizer.json"))
        } catch {
            throw .tokenizer(error)
        }
    }

    /// `prompt` followed by its continuation (transformers' `generate` then `decode`). Generation stops at the
    /// model's end-of-text token unless `options.stopTokens` names others. `onText` receives the new text piece
    /// by piece: a piece is passed once its characters are complete (byte-level tokens can split a character).
    public func generate(_ prompt: String, options: GenerationOptions = GenerationOptions(),
                         onText: (String) -> Void = { _ in }) throws(PretrainedError) -> String {
        var options = options
        if options.stopTokens.isEmpty, let eos = model.config.eosTokenId { options.stopTokens = [eos] }
        let promptIds: [Int]
        do {
            promptIds = try tokenizer.encode(prompt, addSpecialTokens: false).ids
        } catch {
            throw .tokenizer(error)
        }
        var newIds: [Int] = []
        var streamed = ""
        var streamError: TokenizerError?
        let ids = try model.generate(promptIds, options: options) { id in
            newIds.append(id)
            guard streamError == nil else { return }
            do throws(TokenizerError) {
                let text = try tokenizer.decode(newIds)
                // Hold back text ending in an incomplete character (decoded as U+FFFD) until it completes.
                guard !text.hasSuffix("\u{FFFD}"), text.hasPrefix(streamed) else { return }
                onText(String(text.dropFirst(streamed.count)))
                streamed = text
            } catch {
                streamError = error
            }
        }
        if let streamError { throw .tokenizer(streamError) }
        do throws(TokenizerError) {
            let text = try tokenizer.decode(ids)
            let rest = try tokenizer.decode(newIds)
            if rest.hasPrefix(streamed), rest.count > streamed.count { onText(String(rest.dropFirst(streamed.count))) }
            return text
        } catch {
            throw .tokenizer(error)
        }
    }
}
