import SynapseIO

/// Why a Hugging Face model directory couldn't be read, written or turned into a model.
public enum PretrainedError: Error, CustomStringConvertible, Equatable {
    /// A file is missing or unreadable.
    case io(path: String, reason: String)
    /// `config.json` (or an index) is not what transformers writes.
    case invalidConfig(String)
    /// The directory has none of `model.safetensors`, `model.safetensors.index.json`, `pytorch_model.bin` or
    /// `pytorch_model.bin.index.json`.
    case noWeights(directory: String)
    /// A weight file is broken (the reader's own error).
    case checkpoint(path: String, CheckpointError)
    /// The weights don't fit the model: keys the model needs are absent, or shapes differ.
    case incompatibleWeights(String)
    /// `tokenizer.json` can't be read, or a text can't be encoded with it.
    case tokenizer(TokenizerError)

    /// What went wrong, with the file and what was expected.
    public var description: String {
        switch self {
        case .io(let path, let reason): "\(path): \(reason)"
        case .invalidConfig(let reason): "invalid model configuration: \(reason)"
        case .noWeights(let directory):
            "\(directory) has no weights: expected model.safetensors, model.safetensors.index.json, pytorch_model.bin or pytorch_model.bin.index.json"
        case .checkpoint(let path, let error): "\(path): \(error)"
        case .incompatibleWeights(let reason): "the weights don't fit the model: \(reason)"
        case .tokenizer(let error): "\(error)"
        }
    }
}
