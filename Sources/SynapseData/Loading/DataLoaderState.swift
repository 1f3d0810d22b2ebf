import SynapseIO
import OrderedCollections
import SynapseTensor

/// Where a ``DataLoader`` epoch is, to resume a run killed mid-epoch with the same remaining batches: store it as a
/// checkpoint's `"sampler"` entry (``checkpointValue``) and hand it back to ``DataLoader/makeIterator(resumingFrom:)``.
public struct DataLoaderState: Sendable, Equatable, Codable {
    /// The epoch's `base_seed`.
    public var baseSeed: UInt64
    /// The sampler epoch's start.
    public var sampler: SamplerEpochState
    /// Batches yielded so far in the epoch.
    public var batchesYielded: Int

    /// A state with the given parts.
    public init(baseSeed: UInt64, sampler: SamplerEpochState, batchesYielded: Int) {
        self.baseSeed = baseSeed
        self.sampler = sampler
        self.batchesYielded = batchesYielded
    }

    /// The state as a checkpoint value: a dictionary with `base_seed`, `batches_yielded` and, for a random sampler,
    /// `generator_state` (a uint8 tensor in PyTorch's 5,056-byte layout, which `torch.Generator.set_state` reads).
    public var checkpointValue: CheckpointValue {
        var entries: OrderedDictionary<CheckpointKey, CheckpointValue> = [
            "base_seed": .int(Int(baseSeed)), "batches_yielded": .int(batchesYielded),
        ]
        if let bytes = sampler.generatorState {
            entries["generator_state"] = .tensor(Tensor(flat: bytes, shape: [bytes.count]))
        }
        return .dict(entries)
    }

    /// Reads a state written by ``checkpointValue``, checking every field.
    public init(checkpointValue value: CheckpointValue) throws(DataLoaderStateError) {
        guard case .dict(let entries) = value else {
            throw DataLoaderStateError(description: "expected a dictionary for the sampler state, found \(value)")
        }
        guard case .int(let seed)? = entries["base_seed"], seed >= 0 else {
            throw DataLoaderStateError(description: "expected a non-negative integer 'base_seed', found \(String(describing: entries["base_seed"]))")
        }
        guard case .int(let yielded)? = entries["batches_yielded"], yielded >= 0 else {
            throw DataLoaderStateError(description: "expected a non-negative integer 'batches_yielded', found \(String(describing: entries["batches_yielded"]))")
        }
        var generatorState: [UInt8]?
        if let entry = entries["generator_state"] {
            guard case .tensor(let tensor) = entry, tensor.dtype == .uint8, tensor.dim == 1 else {
                throw DataLoaderStateError(description: "expected 'generator_state' to be a 1-d uint8 tensor, found \(entry)")
            }
            let bytes = tensor.toArray(of: UInt8.self)
            do { _ = try Generator.State(torchBytes: bytes) } catch {
                throw DataLoaderStateError(description: "invalid 'generator_state': \(error)")
            }
            generatorState = bytes
        }
        self.init(baseSeed: UInt64(seed), sampler: SamplerEpochState(generatorState: generatorState), batchesYielded: yielded)
    }
}

/// A saved ``DataLoaderState`` that can't be read.
public struct DataLoaderStateError: Error, Equatable, CustomStringConvertible {
    /// What was expected and what was found.
    public let description: String
}
