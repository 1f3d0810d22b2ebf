/// What ``PretrainedModel/fromPretrained(_:mmap:allowMissingKeys:)`` did with a checkpoint's keys (transformers
/// logs the same lists as warnings).
public struct PretrainedLoadReport: Sendable, CustomStringConvertible {
    /// Number of the model's keys loaded from the files.
    public internal(set) var loadedKeys = 0
    /// Keys the files hold under another name, and the name they were loaded as (`bert.` added or removed,
    /// `LayerNorm.gamma` → `LayerNorm.weight`).
    public internal(set) var renamedKeys: [(from: String, to: String)] = []
    /// The model's keys filled through a tie (GPT-2's `lm_head.weight` is `transformer.wte.weight`).
    public internal(set) var tiedKeys: [String] = []
    /// Keys of the files the model has no use for (`embeddings.position_ids`, a classifier the model lacks).
    public internal(set) var unexpectedKeys: [String] = []
    /// The model's keys the files don't provide (kept as initialised; only with `allowMissingKeys`).
    public internal(set) var missingKeys: [String] = []

    /// A few lines, one per non-empty list.
    public var description: String {
        var lines = ["loaded \(loadedKeys) keys"]
        if !renamedKeys.isEmpty { lines.append("renamed: " + renamedKeys.map { "\($0.from) -> \($0.to)" }.joined(separator: ", ")) }
        if !tiedKeys.isEmpty { lines.append("tied: " + tiedKeys.joined(separator: ", ")) }
        if !unexpectedKeys.isEmpty { lines.append("unexpected (ignored): " + unexpectedKeys.joined(separator: ", ")) }
        if !missingKeys.isEmpty { lines.append("missing (left as initialised): " + missingKeys.joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }
}
