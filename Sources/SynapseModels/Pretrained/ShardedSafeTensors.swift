import Foundation
import SynapseIO

/// Writes a state dict as Hugging Face's `save_pretrained` does: one `model.safetensors`, or shards
/// `model-0000i-of-0000n.safetensors` of at most `maxShardSize` bytes each plus `model.safetensors.index.json`.
///
/// The split is huggingface_hub's (`split_torch_state_dict_into_shards`): tensors in key order fill a shard until
/// the next would pass the limit; a tensor larger than the limit gets a shard of its own; a tensor sharing its
/// storage with an earlier one (tied weights) is not written again, as transformers leaves out tied keys.
public enum ShardedSafeTensors {
    /// The files written for `state`, relative to the directory: the shards, then the index when there are several.
    @discardableResult
    public static func save(_ state: StateDict, to directory: URL, maxShardSize: Int = 5_000_000_000,
                            metadata: [String: String] = ["format": "pt"]) throws(PretrainedError) -> [String] {
        precondition(maxShardSize > 0, "maxShardSize must be positive")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: directory.path, reason: "can't create the directory (\(error.localizedDescription))")
        }
        let (shards, totalSize) = split(state, maxShardSize: maxShardSize)
        var weightMap: [String: String] = [:]
        var written: [String] = []
        for (index, shard) in shards.enumerated() {
            let name = shards.count == 1
                ? "model.safetensors"
                : "model-\(fiveDigits(index + 1))-of-\(fiveDigits(shards.count)).safetensors"
            let url = directory.appendingPathComponent(name)
            do {
                try SafeTensors.save(shard, to: url, metadata: metadata)
            } catch {
                throw .checkpoint(path: url.path, error)
            }
            for key in shard.keys { weightMap[key] = name }
            written.append(name)
        }
        guard shards.count > 1 else { return written }
        let parameterCount = shards.reduce(0) { $0 + $1.tensors.reduce(0) { $0 + $1.numel } }
        let index: [String: Any] = ["metadata": ["total_size": totalSize, "total_parameters": parameterCount],
                                    "weight_map": weightMap]
        let url = directory.appendingPathComponent("model.safetensors.index.json")
        do {
            let data = try JSONSerialization.data(withJSONObject: index, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: url, options: .atomic)
        } catch {
            throw .io(path: url.path, reason: "can't be written (\(error.localizedDescription))")
        }
        return written + ["model.safetensors.index.json"]
    }

    /// The shards of `state` and the bytes they hold, tied duplicates left out.
    static func split(_ state: StateDict, maxShardSize: Int) -> (shards: [StateDict], totalSize: Int) {
        var shards: [StateDict] = []
        var current = StateDict()
        var currentSize = 0, totalSize = 0
        var seenStorages: Set<ObjectIdentifier> = []
        for (key, tensor) in state {
            guard seenStorages.insert(ObjectIdentifier(tensor.storage)).inserted else { continue }
            let size = tensor.numel * tensor.dtype.itemSize
            totalSize += size
            if size > maxShardSize {
                shards.append([key: tensor])
                continue
            }
            if currentSize + size > maxShardSize {
                shards.append(current)
                current = StateDict()
                currentSize = 0
            }
            current[key] = tensor
            currentSize += size
        }
        if !current.isEmpty || shards.isEmpty { shards.append(current) }
        return (shards, totalSize)
    }

    private static func fiveDigits(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }
}
