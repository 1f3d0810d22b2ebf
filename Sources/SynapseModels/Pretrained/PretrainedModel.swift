import Foundation
import SynapseIO

/// A model that loads from and saves to a Hugging Face directory (transformers' `PreTrainedModel`):
/// `from_pretrained` is ``fromPretrained(_:mmap:allowMissingKeys:)``, `save_pretrained` is
/// ``savePretrained(_:maxShardSize:)``.
public protocol PretrainedModel: Module {
    /// The settings type read from `config.json`.
    associatedtype Config: PretrainedConfig
    /// transformers' `base_model_prefix` (`bert`, `transformer`): task models hold the base model under it, and
    /// checkpoints of the base model load into task models (and the reverse) by adding or removing it.
    static var baseModelPrefix: String { get }
    /// The settings the model was built from.
    var config: Config { get }
    /// A model of `config`, default-initialised.
    init(_ config: Config)
}

/// The settings of a ``PretrainedModel``, as `config.json` holds them.
public protocol PretrainedConfig: Codable, Sendable {
    /// transformers' `model_type` (`bert`, `gpt2`).
    static var modelType: String { get }
    /// Throws ``PretrainedError/invalidConfig(_:)`` when the settings can't describe a model (heads that don't
    /// divide the width, an unknown activation, a non-positive size).
    func validate() throws(PretrainedError)
}

extension PretrainedModel {
    /// The model described by `directory`'s `config.json`, with its weights, in evaluation mode.
    ///
    /// Keys are matched as transformers matches them: the ``baseModelPrefix`` is added or removed when the
    /// checkpoint is a base model and this a task model (or the reverse), old `LayerNorm.gamma`/`beta` names are
    /// renamed, a tied weight stored once fills every key it's tied to, and keys the model doesn't have
    /// (`embeddings.position_ids`, old GPT-2's `attn.bias`, a task head the model lacks) are reported, not fatal.
    /// Keys the model needs but the files lack are an error unless `allowMissingKeys` (then they keep their
    /// default initialisation, as when fine-tuning a new head; the report lists them). Nothing is loaded when
    /// it throws. Building the model draws nothing from the default generator.
    ///
    /// The weights are copied from the files as ``/SynapseNN/Module``'s `load(from:)` copies them: each file mapped
    /// under a read lease where the system grants one, so that loading holds the model plus one tensor rather than
    /// a second copy of it, and read into memory where not, unless `mmap` asks for the mapping anyway.
    public static func fromPretrained(_ directory: URL, mmap: Bool = false, allowMissingKeys: Bool = false)
        throws(PretrainedError) -> (model: Self, report: PretrainedLoadReport) {
        let checkpoint = try PretrainedDirectory(directory)
        let config = try checkpoint.config(Config.self)
        try config.validate()
        // Built without touching the caller's default generator (transformers doesn't draw while loading either),
        // so that `manualSeed(s)` before or after loading gives the same samples as in Python.
        let model = Generator.withDefault(Generator()) { Self(config) }
        let (stateDict, sources) = try checkpoint.copySources(mappingWithoutLease: mmap)
        defer { sources.forEach { $0.end() } }
        let report = try model.loadPretrainedWeights(stateDict, allowMissingKeys: allowMissingKeys) { value in
            sources.forEach { $0.release(value) }
        }
        model.eval()
        return (model, report)
    }

    /// Writes `config.json` and the weights (sharded above `maxShardSize` bytes, as transformers does) into
    /// `directory`, which is created when missing.
    public func savePretrained(_ directory: URL, maxShardSize: Int = 5_000_000_000) throws(PretrainedError) {
        let configURL = directory.appendingPathComponent("config.json")
        try ShardedSafeTensors.save(stateDict(), to: directory, maxShardSize: maxShardSize)
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            var object = try JSONSerialization.jsonObject(with: encoder.encode(config)) as? [String: Any] ?? [:]
            object["architectures"] = [typeName]
            object["model_type"] = Config.modelType
            try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
                .write(to: configURL, options: .atomic)
        } catch {
            throw .io(path: configURL.path, reason: "can't be written (\(error))")
        }
    }

    /// Loads `checkpoint` after matching its keys to this model's (see ``fromPretrained(_:mmap:allowMissingKeys:)``).
    public func loadPretrainedWeights(_ checkpoint: StateDict, allowMissingKeys: Bool = false)
        throws(PretrainedError) -> PretrainedLoadReport {
        try loadPretrainedWeights(checkpoint, allowMissingKeys: allowMissingKeys, afterCopying: nil)
    }

    /// ``loadPretrainedWeights(_:allowMissingKeys:)``, calling `afterCopying` with each value once it is copied
    /// (a loader hands the file's pages behind it back).
    private func loadPretrainedWeights(_ checkpoint: StateDict, allowMissingKeys: Bool,
                                       afterCopying: ((Tensor) -> Void)?) throws(PretrainedError) -> PretrainedLoadReport {
        let expected = stateDict()
        let matching = KeyMatching(model: expected, checkpoint: checkpoint, prefix: Self.baseModelPrefix)
        if !matching.missingKeys.isEmpty && !allowMissingKeys {
            throw .incompatibleWeights("missing keys \(matching.missingKeys) (the files have \(checkpoint.count) keys; "
                + "pass allowMissingKeys: true to keep those weights as initialised)")
        }
        do {
            try loadStateDict(matching.renamed, strict: false, assign: false, afterCopying: afterCopying)
        } catch {
            throw .incompatibleWeights("\(error)")
        }
        return matching.report
    }
}
