import Foundation

/// The file formats Synapse reads and writes.
public enum CheckpointFormat: String, Sendable, CaseIterable {
    /// safetensors: one header, then the tensors' bytes; memory-mapped when read.
    case safetensors
    /// PyTorch's zip checkpoint (`torch.save` since 1.6).
    case torchZip
    /// PyTorch's legacy format (`torch.save(..., _use_new_zipfile_serialization=False)`); read only.
    case torchLegacy

    /// The format of the file starting with `bytes` (its magic bytes), `nil` when it is none of them.
    public static func detect(_ bytes: UnsafeRawBufferPointer) -> CheckpointFormat? {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .torchZip }
        if bytes.starts(with: TorchLegacyReader.magicPrefix) { return .torchLegacy }
        if bytes.count >= 9, bytes[8] == UInt8(ascii: "{") { return .safetensors }
        return nil
    }

    /// The format to write a file with this name in: `.safetensors` is safetensors, anything else PyTorch's zip
    /// (as `torch.save` writes whatever the name: `.pt`, `.pth`, `.bin`, or none at all as in `'x-file'`).
    public static func forWriting(_ url: URL) -> CheckpointFormat {
        url.pathExtension.lowercased() == "safetensors" ? .safetensors : .torchZip
    }
}

/// Saves `value` to `url` atomically, in the format its extension names (``CheckpointFormat/forWriting(_:)``):
/// `torch.save(value, path)`. A safetensors file holds a flat dictionary of tensors only.
///
/// ```swift
/// try save(x, to: URL(filePath: "x-file"))                       // torch.save(x, 'x-file')
/// try save(["x": x, "y": y], to: URL(filePath: "mydict"))        // torch.save(mydict, 'mydict')
/// try save(net.stateDict(), to: URL(filePath: "mlp.params"))     // torch.save(net.state_dict(), 'mlp.params')
/// ```
public func save(_ value: CheckpointValue, to url: URL) throws(CheckpointError) {
    switch CheckpointFormat.forWriting(url) {
    case .safetensors:
        try SafeTensors.save(value.stateDict(), to: url)
    case .torchZip, .torchLegacy:
        let bytes = try TorchZipWriter.encode(value, folder: TorchZipWriter.folder(for: url.lastPathComponent))
        try AtomicWrite.write(bytes, to: url)
    }
}

/// Saves a tensor (`torch.save(x, path)`).
public func save(_ tensor: Tensor, to url: URL) throws(CheckpointError) { try save(CheckpointValue(tensor), to: url) }
/// Saves a list of tensors (`torch.save([x, y], path)`).
public func save(_ tensors: [Tensor], to url: URL) throws(CheckpointError) { try save(CheckpointValue(tensors), to: url) }
/// Saves a dict of tensors, keys sorted (`torch.save({'x': x, 'y': y}, path)`).
public func save(_ tensors: [String: Tensor], to url: URL) throws(CheckpointError) { try save(CheckpointValue(tensors), to: url) }
/// Saves a state dict as the `OrderedDict` `torch.save(model.state_dict(), path)` writes.
public func save(_ state: StateDict, to url: URL) throws(CheckpointError) { try save(CheckpointValue(state), to: url) }

/// Loads whatever the file at `url` holds (`torch.load(path, weights_only=True)`), its format told by its first
/// bytes. A safetensors file gives a dict of tensors. Nothing in the file is ever run.
///
/// ```swift
/// let x2 = try load(from: URL(filePath: "x-file")).tensor()
/// let (x3, y3) = try { let t = try load(from: URL(filePath: "x-files")).tensors(); return (t[0], t[1]) }()
/// try clone.loadStateDict(load(from: URL(filePath: "mlp.params")).stateDict())
/// ```
///
/// The file is read into memory, as `torch.load` reads it, so the values don't depend on the file afterwards.
/// With `mmap: true` (`torch.load(mmap=True)`) tensors are views of the file mapped copy-on-write instead: loading
/// reads nothing until a tensor is used, but a file rewritten in place later shows its new bytes through tensors
/// not yet read, and one truncated underneath stops the process (`SIGBUS`) when such a tensor is read; use it for
/// files nobody rewrites. A file that shrank before the reads loading makes gives an error instead.
public func load(from url: URL, mmap: Bool = false) throws(CheckpointError) -> CheckpointValue {
    try decodeCheckpoint(MappedFile(path: url.path, mapping: mmap))
}

/// Decodes a whole checkpoint held in memory, in `format` or the one its first bytes name (fuzz targets).
package func decodeCheckpoint(bytes: UnsafeRawBufferPointer, format: CheckpointFormat? = nil) throws(CheckpointError) -> CheckpointValue {
    try decodeCheckpoint(MappedFile(copying: bytes), format: format)
}

func decodeCheckpoint(_ file: MappedFile, format: CheckpointFormat? = nil) throws(CheckpointError) -> CheckpointValue {
    // A mapped file that shrank since it was opened: its first page and the last 64 KiB (where a zip archive's
    // directory ends) are read before anything else, so that the parse starts with an error rather than a signal.
    try file.checkReadable(0..<4096)
    try file.checkReadable((file.size - 65_557)..<file.size)
    switch format ?? CheckpointFormat.detect(file.buffer) {
    case .torchZip: return try TorchZipReader.read(file)
    case .torchLegacy: return try TorchLegacyReader.read(file)
    case .safetensors:
        let (tensors, metadata) = try SafeTensorsReader.read(file)
        // `safetensors.torch.load_file` gives a plain dict (keys sorted).
        return .dict(CheckpointValue.entries(SafeTensors.restoringAliases(tensors, metadata)))
    case nil:
        let prefix = file.buffer.prefix(8).map { String(format: "%02x", $0) }.joined(separator: " ")
        throw .unknownFormat("\(URL(fileURLWithPath: file.path).lastPathComponent) starts with bytes [\(prefix)]; expected a zip archive (PK), a legacy PyTorch magic number, or a safetensors header")
    }
}

extension Module {
    /// Saves this module's state dict (`torch.save(model.state_dict(), path)`, or `safetensors.torch.save_model`
    /// for a `.safetensors` name, tied tensors stored once).
    public func save(to url: URL) throws(CheckpointError) {
        try SynapseIO.save(stateDict(), to: url)
    }

    /// Loads a checkpoint holding a state dict (any format) into this module with
    /// ``/SynapseNN/Module/loadStateDict(_:strict:assign:)``'s semantics: nothing changes when it throws. Reading errors throw
    /// ``CheckpointError``, mismatches `StateDictLoadError`.
    ///
    /// Without `assign` the values are copied into the parameters, and loading adds little more than the largest
    /// tensor to the resident memory, not a second copy of the model: the file is mapped under a read lease (a
    /// process that opens it for writing or truncates it meanwhile waits until the load is done), its pages are read
    /// once with `SIGBUS` caught, so that a file that shrank is an error before any parameter changes, and they
    /// are handed back as they are read and once each tensor is copied. Where the system grants no lease (the file
    /// is open for writing somewhere, belongs to another user, or lies on a file system without leases), the file
    /// is read into memory first instead, as `torch.load` reads it, unless `mmap` asks for the mapping anyway
    /// (then a file truncated between the check and the copy would stop the process).
    ///
    /// With `assign` the parameters become the loaded tensors: views of the file mapped copy-on-write with
    /// `mmap: true` (see ``SynapseIO/load(from:mmap:)``), of a copy in memory otherwise.
    @discardableResult
    public func load(from url: URL, strict: Bool = true, assign: Bool = false, mmap: Bool = false) throws -> LoadResult {
        if assign {
            let file = try MappedFile(path: url.path, mapping: mmap)
            return try loadStateDict(decodeCheckpoint(file).stateDict(), strict: strict, assign: true)
        }
        let source = try CopySource(url, mappingWithoutLease: mmap)
        defer { source.end() }
        return try loadStateDict(source.stateDict, strict: strict, assign: false, afterCopying: source.release)
    }
}
