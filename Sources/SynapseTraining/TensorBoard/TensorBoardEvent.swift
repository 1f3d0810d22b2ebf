/// One TensorBoard `Event` message: a time, a step, and either the file's version (the first record) or a
/// summary of tagged values.
public struct TensorBoardEvent: Equatable, Sendable {
    /// Seconds since 1970 when the event was recorded.
    public var wallTime: Double
    /// The global step (0 when none was given).
    public var step: Int64
    /// `brain.Event:2` on the first record of a file, nil elsewhere.
    public var fileVersion: String?
    /// The summary's values (empty when the event holds no summary).
    public var values: [SummaryValue]

    /// An event with the given fields.
    public init(wallTime: Double, step: Int64 = 0, fileVersion: String? = nil, values: [SummaryValue] = []) {
        (self.wallTime, self.step, self.fileVersion, self.values) = (wallTime, step, fileVersion, values)
    }

    /// The message's bytes: `wall_time` (1), `step` (2), `file_version` (3), `summary` (5).
    func encoded() -> [UInt8] {
        var writer = ProtobufWriter()
        if wallTime.bitPattern != 0 { writer.double(1, wallTime) }
        if step != 0 { writer.int(2, step) }
        if let fileVersion { writer.string(3, fileVersion) }
        if !values.isEmpty {
            var summary = ProtobufWriter()
            for value in values { summary.bytes(1, value.encoded()) }
            writer.bytes(5, summary.bytes)
        }
        return writer.bytes
    }

    /// Decodes an `Event` message; fields it does not model (graphs, session logs) are skipped.
    init(decoding bytes: ArraySlice<UInt8>) throws(EventFileError) {
        self.init(wallTime: 0)
        var reader = ProtobufReader(bytes, message: "Event")
        while let field = try reader.next() {
            switch field.number {
            case 1: wallTime = try field.double(in: "Event")
            case 2: step = try field.int(in: "Event")
            case 3: fileVersion = try field.string(in: "Event")
            case 5:
                var summary = ProtobufReader(try field.bytes(in: "Event"), message: "Summary")
                while let value = try summary.next() {
                    guard value.number == 1 else { continue }
                    values.append(try SummaryValue(decoding: try value.bytes(in: "Summary")))
                }
            default: continue
            }
        }
    }
}

/// One tagged value of a summary (`Summary.Value`).
public struct SummaryValue: Equatable, Sendable {
    /// The series the value belongs to (`loss/train`; text gets PyTorch's `/text_summary` suffix).
    public var tag: String
    /// The value.
    public var content: Content

    /// What a summary value holds.
    public enum Content: Equatable, Sendable {
        /// `simple_value`: what `add_scalar` writes.
        case scalar(Float)
        /// `histo`: what `add_histogram` writes.
        case histogram(HistogramSummary)
        /// A one-string tensor for the text plugin: what `add_text` writes.
        case text(String)
        /// A kind this reader does not model (images, audio, other plugins' tensors).
        case unsupported
    }

    /// A value with the given tag and content.
    public init(tag: String, content: Content) {
        (self.tag, self.content) = (tag, content)
    }

    /// `Summary.Value`: `tag` (1), then `simple_value` (2), `histo` (5), or a `tensor` (8) with the text
    /// plugin's `metadata` (9), as `torch.utils.tensorboard.summary.text` builds it.
    func encoded() -> [UInt8] {
        var writer = ProtobufWriter()
        writer.string(1, tag)
        switch content {
        case .scalar(let value): writer.float(2, value)
        case .histogram(let histogram): writer.bytes(5, histogram.encoded())
        case .text(let text):
            var dimension = ProtobufWriter()
            dimension.int(1, 1)
            var shape = ProtobufWriter()
            shape.bytes(2, dimension.bytes)
            var tensor = ProtobufWriter()
            tensor.int(1, Self.stringDataType)
            tensor.bytes(2, shape.bytes)
            tensor.string(8, text)
            writer.bytes(8, tensor.bytes)
            var pluginData = ProtobufWriter()
            pluginData.string(1, "text")   // TextPluginData(version=0) serialises to nothing
            var metadata = ProtobufWriter()
            metadata.bytes(1, pluginData.bytes)
            writer.bytes(9, metadata.bytes)
        case .unsupported: break
        }
        return writer.bytes
    }

    /// TensorFlow's `DT_STRING`.
    private static let stringDataType: Int64 = 7

    init(decoding bytes: ArraySlice<UInt8>) throws(EventFileError) {
        let name = "Summary.Value"
        var reader = ProtobufReader(bytes, message: name)
        var tag = "", content = Content.unsupported
        var plugin: String?, strings: [String] = [], dataType: Int64 = 0
        while let field = try reader.next() {
            switch field.number {
            case 1: tag = try field.string(in: name)
            case 2: content = .scalar(try field.float(in: name))
            case 5: content = .histogram(try HistogramSummary(decoding: try field.bytes(in: name)))
            case 8:
                var tensor = ProtobufReader(try field.bytes(in: name), message: "TensorProto")
                while let tensorField = try tensor.next() {
                    if tensorField.number == 1 { dataType = try tensorField.int(in: "TensorProto") }
                    if tensorField.number == 8 { strings.append(try tensorField.string(in: "TensorProto")) }
                }
            case 9:
                var metadata = ProtobufReader(try field.bytes(in: name), message: "SummaryMetadata")
                while let metadataField = try metadata.next() {
                    guard metadataField.number == 1 else { continue }
                    var pluginData = ProtobufReader(try metadataField.bytes(in: "SummaryMetadata"), message: "PluginData")
                    while let pluginField = try pluginData.next() {
                        guard pluginField.number == 1 else { continue }
                        plugin = try pluginField.string(in: "PluginData")
                    }
                }
            default: continue
            }
        }
        if plugin == "text", dataType == Self.stringDataType, strings.count == 1 { content = .text(strings[0]) }
        self.init(tag: tag, content: content)
    }
}
