import Foundation
import SynapseIO

/// A Hugging Face model directory as `save_pretrained` writes it: `config.json` and the weights, in one of the
/// four layouts transformers reads (`model.safetensors`, sharded safetensors with `model.safetensors.index.json`,
/// `pytorch_model.bin`, or sharded `pytorch_model-0000i-of-0000n.bin` with `pytorch_model.bin.index.json`).
///
/// ```swift
/// let directory = try PretrainedDirectory(URL(fileURLWithPath: "gpt2"))
/// let config = try directory.config(GPT2Config.self)
/// print(directory.weightFiles)          // ["model.safetensors"]
/// ```
public struct PretrainedDirectory: Sendable {
    /// The directory.
    public let url: URL
    /// The weight files, relative to ``url``, in the order they are read.
    public let weightFiles: [String]
    /// The bytes of `config.json`.
    public let configData: Data

    /// Finds `config.json` and the weights of the directory at `url`; throws when either is missing or an index is
    /// not what transformers writes.
    public init(_ url: URL) throws(PretrainedError) {
        self.url = url
        configData = try Self.read(url.appendingPathComponent("config.json"))
        let files = FileManager.default
        func exists(_ name: String) -> Bool { files.fileExists(atPath: url.appendingPathComponent(name).path) }
        if exists("model.safetensors") {
            weightFiles = ["model.safetensors"]
        } else if exists("model.safetensors.index.json") {
            weightFiles = try Self.shards(url.appendingPathComponent("model.safetensors.index.json"))
        } else if exists("pytorch_model.bin") {
            weightFiles = ["pytorch_model.bin"]
        } else if exists("pytorch_model.bin.index.json") {
            weightFiles = try Self.shards(url.appendingPathComponent("pytorch_model.bin.index.json"))
        } else {
            throw .noWeights(directory: url.path)
        }
    }

    /// `config.json` decoded as `type` (``BertConfig``, ``GPT2Config``).
    public func config<Config: Decodable>(_ type: Config.Type) throws(PretrainedError) -> Config {
        do {
            return try JSONDecoder().decode(Config.self, from: configData)
        } catch {
            throw .invalidConfig("config.json of \(url.path) can't be read as \(Config.self): \(error)")
        }
    }

    /// Every tensor of every weight file, in file order. `mmap: true` maps the files instead of reading them
    /// (see ``/SynapseIO/load(from:mmap:)``). Throws when a file is broken or two shards hold the same key.
    public func stateDict(mmap: Bool = false) throws(PretrainedError) -> StateDict {
        try merged { file throws(CheckpointError) in
            file.pathExtension == "safetensors"
                ? try SafeTensors.load(from: file, mmap: mmap) : try load(from: file, mmap: mmap).stateDict()
        }
    }

    /// Every weight file opened to be copied into a model (`CopySource`: mapped under a read lease where one is
    /// granted, checked, pages handed back as they are copied), with all their tensors; throws like
    /// ``stateDict(mmap:)``.
    package func copySources(mappingWithoutLease: Bool) throws(PretrainedError) -> (stateDict: StateDict, sources: [CopySource]) {
        var sources: [CopySource] = []
        let state = try merged { file throws(CheckpointError) in
            let source = try CopySource(file, mappingWithoutLease: mappingWithoutLease)
            sources.append(source)
            return source.stateDict
        }
        return (state, sources)
    }

    /// The tensors `read` gives for every weight file, in file order; throws when a file is broken or two shards
    /// hold the same key.
    private func merged(_ read: (URL) throws(CheckpointError) -> StateDict) throws(PretrainedError) -> StateDict {
        var state = StateDict()
        for name in weightFiles {
            let file = url.appendingPathComponent(name)
            let part: StateDict
            do {
                part = try read(file)
            } catch {
                throw .checkpoint(path: file.path, error)
            }
            for (key, tensor) in part {
                guard state[key] == nil else {
                    throw .invalidConfig("the key '\(key)' is stored twice (again in \(name))")
                }
                state[key] = tensor
            }
        }
        return state
    }

    /// The shard files an index names, each once, in the order of first mention.
    private static func shards(_ index: URL) throws(PretrainedError) -> [String] {
        let data = try read(index)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let weightMap = object["weight_map"] as? [String: Any] else {
            throw .invalidConfig("\(index.lastPathComponent) has no \"weight_map\" object")
        }
        var files: [String] = []
        for key in weightMap.keys.sorted() {
            guard let file = weightMap[key] as? String else {
                throw .invalidConfig("\(index.lastPathComponent): the shard of '\(key)' is not a file name")
            }
            // A shard is a file in the directory, never a path elsewhere.
            guard !file.isEmpty, !file.contains("/"), !file.contains("\\"), file != "..", file != "." else {
                throw .invalidConfig("\(index.lastPathComponent): '\(file)' is not a file name inside the directory")
            }
            if !files.contains(file) { files.append(file) }
        }
        guard !files.isEmpty else { throw .invalidConfig("\(index.lastPathComponent) names no shard") }
        return files.sorted()
    }

    private static func read(_ file: URL) throws(PretrainedError) -> Data {
        do {
            return try Data(contentsOf: file)
        } catch {
            throw .io(path: file.path, reason: "can't be read (\(error.localizedDescription))")
        }
    }
}
