import Foundation

/// Texts in, one unit-length vector per text out, from a BERT directory with its `tokenizer.json`, as
/// sentence-transformers' `SentenceTransformer.encode` computes them (mean pooling over the tokens, normalised).
///
/// ```swift
/// let embedder = try SentenceEmbedder(directory: URL(fileURLWithPath: "all-MiniLM-L6-v2"))
/// let vectors = try embedder.embed(["A cat sits.", "Un chat est assis."])   // [2, 384]
/// let similarity = (vectors[0] * vectors[1]).sum()
/// ```
public struct SentenceEmbedder {
    /// The encoder, in evaluation mode.
    public let model: BertModel
    /// The directory's tokenizer, padding to the longest text of a batch and truncating to the model's positions.
    public let tokenizer: Tokenizer

    /// Loads `directory`'s BERT (see ``PretrainedModel/fromPretrained(_:mmap:allowMissingKeys:)``) and its
    /// `tokenizer.json`.
    public init(directory: URL, mmap: Bool = false) throws(PretrainedError) {
        (model, _) = try BertModel.fromPretrained(directory, mmap: mmap)
        var tokenizer: Tokenizer
        do {
            tokenizer = try Tokenizer(contentsOf: directory.appendingPathComponent("tokenizer.json"))
        } catch {
            throw .tokenizer(error)
        }
        let padId = tokenizer.padding?.padId ?? tokenizer.tokenToId("[PAD]") ?? model.config.padTokenId ?? 0
        tokenizer.padding = Padding(strategy: .longest, padId: padId, padToken: tokenizer.idToToken(padId) ?? "[PAD]")
        let limit = model.config.maxPositionEmbeddings
        if (tokenizer.truncation?.maxLength ?? .max) > limit { tokenizer.truncation = Truncation(maxLength: limit) }
        self.tokenizer = tokenizer
    }

    /// The embeddings `[texts.count, hidden]` of `texts`, one batch, each row of unit length (or the plain mean
    /// when `normalize` is false).
    public func embed(_ texts: [String], normalize: Bool = true) throws(PretrainedError) -> Tensor {
        guard !texts.isEmpty else { throw .invalidConfig("no text to embed") }
        let encodings: [Encoding]
        do {
            encodings = try tokenizer.encodeBatch(texts)
        } catch {
            throw .tokenizer(error)
        }
        let ids = Tensor(encodings.map { $0.ids.map(Int64.init) })
        let mask = Tensor(encodings.map { $0.attentionMask.map(Int64.init) })
        let types = Tensor(encodings.map { $0.typeIds.map(Int64.init) })
        return noGrad { model.sentenceEmbeddings(ids, attentionMask: mask, tokenTypeIds: types, normalize: normalize) }
    }
}
