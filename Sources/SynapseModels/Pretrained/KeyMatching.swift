/// How a checkpoint's keys map onto a model's, following transformers' `from_pretrained`: the base-model prefix
/// added or removed, `gamma`/`beta` renamed, tied keys filled from their stored twin.
struct KeyMatching {
    /// The checkpoint under the model's key names, only the keys the model has.
    private(set) var renamed = StateDict()
    /// What the load did.
    private(set) var report = PretrainedLoadReport()
    /// Keys the model needs that neither the checkpoint nor a tie provides.
    var missingKeys: [String] { report.missingKeys }

    init(model: StateDict, checkpoint: StateDict, prefix: String) {
        let dotted = prefix + "."
        let modelHasPrefix = model.keys.contains { $0.hasPrefix(dotted) }
        let checkpointHasPrefix = checkpoint.keys.contains { $0.hasPrefix(dotted) }
        for (key, tensor) in checkpoint {
            var name = Self.legacyRenamed(key)
            if modelHasPrefix && !checkpointHasPrefix && model[dotted + name] != nil {
                name = dotted + name
            } else if !modelHasPrefix && checkpointHasPrefix && name.hasPrefix(dotted) {
                name.removeFirst(dotted.count)
            }
            if name != key { report.renamedKeys.append((key, name)) }
            if model[name] != nil && renamed[name] == nil {
                renamed[name] = tensor
            } else {
                report.unexpectedKeys.append(key)
            }
        }
        // A tied weight is one parameter under several keys (the state dict gives each key its own view of the
        // same memory): one stored key loads all of them.
        var keysByStorage: [ObjectIdentifier: [String]] = [:]
        for (key, tensor) in model { keysByStorage[ObjectIdentifier(tensor.storage), default: []].append(key) }
        for (key, tensor) in model where renamed[key] == nil {
            let twins = keysByStorage[ObjectIdentifier(tensor.storage)] ?? []
            if twins.contains(where: { renamed[$0] != nil }) {
                report.tiedKeys.append(key)
            } else {
                report.missingKeys.append(key)
            }
        }
        report.loadedKeys = renamed.count
    }

    /// TensorFlow-era names that transformers still renames on load.
    private static func legacyRenamed(_ key: String) -> String {
        if key.hasSuffix("LayerNorm.gamma") { return String(key.dropLast("gamma".count)) + "weight" }
        if key.hasSuffix("LayerNorm.beta") { return String(key.dropLast("beta".count)) + "bias" }
        return key
    }
}
