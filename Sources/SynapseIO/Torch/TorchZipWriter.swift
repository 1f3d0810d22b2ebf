/// Writes PyTorch's zip checkpoints as `torch.save` does: records under one folder, in `torch.save`'s order
/// (`data.pkl`, `.format_version`, `.storage_alignment`, `byteorder`, `data/0`…, `version`), each storage once.
enum TorchZipWriter {
    /// The file's bytes for `value`, its records under `folder/`.
    static func encode(_ value: CheckpointValue, folder: String, zip64Threshold: Int = 0xFFFF_FFFF) throws(CheckpointError) -> [UInt8] {
        let pickler = try TorchPickler.pickle(value)
        let dataSize = pickler.storages.reduce(0) { $0 + $1.storage.byteCount }
        var zip = ZipWriter(reservingCapacity: dataSize + pickler.bytes.count + 64 * (pickler.storages.count + 8) + 4096)
        zip.zip64Threshold = zip64Threshold
        pickler.bytes.withUnsafeBytes { zip.add("\(folder)/data.pkl", $0) }
        zip.add("\(folder)/.format_version", text: "1")
        zip.add("\(folder)/.storage_alignment", text: String(ZipWriter.alignment))
        zip.add("\(folder)/byteorder", text: "little")
        for record in pickler.storages {
            let storage = record.storage
            let byteCount = storage.byteCount / record.dtype.itemSize * record.dtype.itemSize
            zip.add("\(folder)/data/\(record.key)", UnsafeRawBufferPointer(start: storage.bytes, count: byteCount))
        }
        zip.add("\(folder)/version", text: "3\n")
        zip.finish()
        return zip.bytes
    }

    /// The folder `torch.save` uses for a file: its name without the last extension (`ckpt.pt` → `ckpt`), or
    /// `archive` when that leaves nothing.
    static func folder(for fileName: String) -> String {
        var stem = fileName
        if let dot = stem.lastIndex(of: "."), dot != stem.startIndex { stem = String(stem[..<dot]) }
        return stem.isEmpty ? "archive" : stem
    }
}
