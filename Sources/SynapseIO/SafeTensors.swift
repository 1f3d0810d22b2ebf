import Foundation

/// Reading and writing safetensors files (`safetensors.torch`): `load(from:)` reads the file into memory and gives
/// its tensors as views of that copy (`mmap: true` maps the file instead; see ``SynapseIO/load(from:mmap:)`` for
/// what that means when the file changes), `save(_:to:)` writes
/// atomically (a temporary file in the same folder, flushed, then renamed over the target).
///
/// ```swift
/// try SafeTensors.save(net.stateDict(), to: URL(fileURLWithPath: "mlp.safetensors"))
/// let state = try SafeTensors.load(from: URL(fileURLWithPath: "mlp.safetensors"))
/// try clone.loadStateDict(state)
/// ```
///
/// Every header field is checked before anything is built: lengths against the file size, dtypes, shapes whose
/// byte size must equal the offsets' span (with overflow checks), tensors tiling the data exactly. A bad file
/// throws a ``CheckpointError`` saying what was expected and found; it never crashes or allocates what the header
/// merely claims.
public enum SafeTensors {
    /// The tensors of the file at `url` (keys sorted), with the aliases a tied save recorded restored as extra keys
    /// sharing their original's memory.
    public static func load(from url: URL, mmap: Bool = false) throws(CheckpointError) -> StateDict {
        try loadWithMetadata(from: url, mmap: mmap).tensors
    }

    /// The tensors and the `__metadata__` of the file at `url`.
    public static func loadWithMetadata(from url: URL, mmap: Bool = false) throws(CheckpointError) -> (tensors: StateDict, metadata: [String: String]) {
        let file = try MappedFile(path: url.path, mapping: mmap)
        let (tensors, metadata) = try SafeTensorsReader.read(file)
        return (restoringAliases(tensors, metadata), metadata)
    }

    /// `tensors` with the aliases recorded in `metadata` (`{"b.weight": "a.weight"}`) added as keys sharing their
    /// original's tensor.
    static func restoringAliases(_ tensors: StateDict, _ metadata: [String: String]) -> StateDict {
        var tensors = tensors
        for (alias, original) in metadata.sorted(by: { $0.key < $1.key }) where tensors[alias] == nil {
            if let tensor = tensors[original] { tensors[alias] = tensor }
        }
        return tensors
    }

    /// Writes `state` (and `metadata`, strings only) to `url` atomically. Tensors sharing memory and layout are
    /// stored once, the others' names recorded in the metadata as aliases (`{"b.weight": "a.weight"}`).
    public static func save(_ state: StateDict, to url: URL, metadata: [String: String] = [:]) throws(CheckpointError) {
        let data = try SafeTensorsWriter.encode(state, metadata: metadata)
        try AtomicWrite.write(data, to: url)
    }
}
