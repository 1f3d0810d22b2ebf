/// Why a checkpoint file could not be read or written: what was expected and what was found, with the key or the
/// file offset where it was found. Reading never changes a model when it throws.
public enum CheckpointError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened, mapped or written.
    case io(path: String, reason: String)
    /// The file ends before the part that must be there.
    case truncated(expected: String, fileSize: Int)
    /// The safetensors header is not what the format allows.
    case invalidHeader(String)
    /// A legacy (pre-1.6, not zip) PyTorch file's framing is not what `torch.save` writes.
    case invalidLegacyFile(String)
    /// One tensor's entry is inconsistent (dtype, shape, offsets).
    case invalidTensor(key: String, reason: String)
    /// A dtype Synapse has no tensor type for.
    case unsupportedDType(key: String, dtype: String)
    /// The file's format could not be told from its first bytes, or the extension names no format.
    case unknownFormat(String)
    /// The zip archive of a PyTorch file is malformed (directory, headers, record bounds, missing records).
    case invalidArchive(String)
    /// The pickle (`data.pkl`) is malformed or does something a weights file may not; `offset` is the opcode's
    /// position in the pickle.
    case invalidPickle(offset: Int, reason: String)
    /// The pickle names a global that is not a tensor, storage, container or dtype (`os.system`); nothing it
    /// names is ever called.
    case forbiddenGlobal(module: String, name: String)
    /// A value has another kind than the one asked for (a tensor was expected, a dict was found).
    case unexpectedValue(expected: String, found: String)

    /// The message, saying what was expected and what was found.
    public var description: String {
        switch self {
        case .io(let path, let reason): "can't access \(path): \(reason)"
        case .truncated(let expected, let fileSize): "truncated file: expected \(expected), but the file has \(fileSize) bytes"
        case .invalidHeader(let reason): "invalid safetensors header: \(reason)"
        case .invalidLegacyFile(let reason): "invalid legacy PyTorch file: \(reason)"
        case .invalidTensor(let key, let reason): "invalid tensor '\(key)': \(reason)"
        case .unsupportedDType(let key, let dtype): "tensor '\(key)' has dtype \(dtype), which Synapse can't hold"
        case .unknownFormat(let reason): "unknown checkpoint format: \(reason)"
        case .invalidArchive(let reason): "invalid PyTorch zip archive: \(reason)"
        case .invalidPickle(let offset, let reason): "invalid pickle at byte \(offset): \(reason)"
        case .forbiddenGlobal(let module, let name):
            "\(module).\(name) is not allowed in a weights file: only tensors, storages, containers, numbers, strings and dtypes are (nothing in the file is ever run)"
        case .unexpectedValue(let expected, let found): "expected \(expected), found \(found)"
        }
    }
}
