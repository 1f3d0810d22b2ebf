/// What ``Module/loadStateDict(_:strict:assign:)`` found besides the keys it loaded (PyTorch's `_IncompatibleKeys`).
///
/// ```swift
/// print(try clone.loadStateDict(net.stateDict()))     // <All keys matched successfully>
/// ```
public struct LoadResult: Equatable, Sendable, CustomStringConvertible {
    /// Keys the model has and the state dict lacks, in the model's state-dict order.
    public var missingKeys: [String]
    /// Keys the state dict has and the model lacks.
    public var unexpectedKeys: [String]

    /// A result with the given key lists.
    public init(missingKeys: [String] = [], unexpectedKeys: [String] = []) {
        self.missingKeys = missingKeys
        self.unexpectedKeys = unexpectedKeys
    }

    /// Whether every key matched.
    public var allKeysMatched: Bool { missingKeys.isEmpty && unexpectedKeys.isEmpty }

    /// `<All keys matched successfully>`, or `_IncompatibleKeys(missing_keys=[...], unexpected_keys=[...])`.
    public var description: String {
        if allKeysMatched { return "<All keys matched successfully>" }
        return "_IncompatibleKeys(missing_keys=\(PythonRepr.stringList(missingKeys)), "
            + "unexpected_keys=\(PythonRepr.stringList(unexpectedKeys)))"
    }
}

/// Why a state dict could not be loaded: every problem at once, in PyTorch's order and words. Nothing was changed.
///
/// ```text
/// Error(s) in loading state_dict for Sequential:
///     Missing key(s) in state_dict: "1.bias".
///     Unexpected key(s) in state_dict: "extra".
///     size mismatch for 1.weight: copying a param with shape torch.Size([5, 5]) from checkpoint, the shape in current model is torch.Size([1, 3]).
/// ```
public struct StateDictLoadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// One tensor whose shape differs between the checkpoint and the model.
    public struct SizeMismatch: Equatable, Sendable {
        /// The state-dict key.
        public let key: String
        /// The shape in the state dict.
        public let checkpointShape: [Int]
        /// The shape in the model.
        public let modelShape: [Int]
    }

    /// The class name of the module being loaded.
    public let typeName: String
    /// Missing keys (reported only for a strict load).
    public let missingKeys: [String]
    /// Unexpected keys (reported only for a strict load).
    public let unexpectedKeys: [String]
    /// Shape mismatches, which fail a load even when not strict.
    public let sizeMismatches: [SizeMismatch]

    /// PyTorch's `RuntimeError` text.
    public var description: String {
        var messages: [String] = []
        func quoted(_ keys: [String]) -> String { keys.map { "\"\($0)\"" }.joined(separator: ", ") }
        if !missingKeys.isEmpty { messages.append("Missing key(s) in state_dict: \(quoted(missingKeys)). ") }
        if !unexpectedKeys.isEmpty { messages.append("Unexpected key(s) in state_dict: \(quoted(unexpectedKeys)). ") }
        for mismatch in sizeMismatches {
            messages.append("size mismatch for \(mismatch.key): copying a param with shape "
                + "\(PythonRepr.size(mismatch.checkpointShape)) from checkpoint, the shape in current model is "
                + "\(PythonRepr.size(mismatch.modelShape)).")
        }
        return "Error(s) in loading state_dict for \(typeName):\n\t" + messages.joined(separator: "\n\t")
    }
}
