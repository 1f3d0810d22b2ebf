import Foundation
import Testing
@testable import SynapseTraining

/// `SummaryWriter` writes PyTorch's bytes, its histograms are PyTorch's, its reader checks the format, and
/// TensorBoard's own `EventAccumulator` reads what it wrote.
@Suite struct SummaryWriterTests {
    /// The events the fixture script serialised with `torch.utils.tensorboard`, in the same order.
    static let expectedEvents: [String: TensorBoardEvent] = {
        let randn = TensorBoardFixtures.encodings.histograms.first { $0.name == "randn_200" }!
        // numpy sums pairwise and dots through BLAS, so the last bits of the two sums are theirs: the encoder is
        // checked byte for byte with their sums, the sums themselves in histogramEqualsPyTorchs.
        var histogram = try! HistogramSummary(values: randn.values)
        (histogram.sum, histogram.sumSquares) = (randn.sum, randn.sum_squares)
        return [
            "file_version": TensorBoardEvent(wallTime: 1_700_000_000.5, fileVersion: "brain.Event:2"),
            "scalar": TensorBoardEvent(wallTime: 1_700_000_001.25, step: 3,
                values: [SummaryValue(tag: "loss/train", content: .scalar(Float(0.6931471805599453)))]),
            "scalar_zero_step_zero": TensorBoardEvent(wallTime: 1_700_000_002,
                values: [SummaryValue(tag: "accuracy", content: .scalar(0))]),
            "scalar_negative_step": TensorBoardEvent(wallTime: 1_700_000_003, step: -1,
                values: [SummaryValue(tag: "x", content: .scalar(-2.5))]),
            "histogram": TensorBoardEvent(wallTime: 1_700_000_004, step: 7,
                values: [SummaryValue(tag: "weights", content: .histogram(histogram))]),
            "text": TensorBoardEvent(wallTime: 1_700_000_005, step: 1,
                values: [SummaryValue(tag: "notes/text_summary", content: .text("lr **0.1**, batch 64 — ünïcode"))]),
        ]
    }()

    @Test(arguments: TensorBoardFixtures.encodings.records.map(\.name))
    func recordBytesEqualPyTorchs(_ name: String) throws {
        let record = try #require(TensorBoardFixtures.encodings.records.first { $0.name == name })
        let event = try #require(Self.expectedEvents[name])
        let encoded = Hex.encode(TFRecord.frame(event.encoded()))
        #expect(encoded == record.hex, "first difference at hex digit \(zip(encoded, record.hex).prefix { $0 == $1 }.count)")
    }

    @Test func readerDecodesPyTorchsRecords() throws {
        let records = TensorBoardFixtures.encodings.records
        let events = try EventFileReader.events(in: records.flatMap { Hex.decode($0.hex) })
        #expect(events.count == records.count)
        for (event, record) in zip(events, records) {
            #expect(event == Self.expectedEvents[record.name]!, "\(record.name) decodes differently")
        }
    }

    @Test(arguments: TensorBoardFixtures.encodings.histograms.map(\.name))
    func histogramEqualsPyTorchs(_ name: String) throws {
        let expected = try #require(TensorBoardFixtures.encodings.histograms.first { $0.name == name })
        let histogram = try HistogramSummary(values: expected.values)
        #expect(histogram.bucketLimits == expected.bucket_limit)
        #expect(histogram.buckets == expected.bucket)
        #expect((histogram.min, histogram.max, histogram.num) == (expected.min, expected.max, expected.num))
        // numpy sums pairwise and dots through BLAS: the same values in another order.
        #expect(abs(histogram.sum - expected.sum) <= 1e-10 * max(1, abs(expected.sum)))
        #expect(abs(histogram.sumSquares - expected.sum_squares) <= 1e-10 * max(1, expected.sum_squares))
    }

    @Test func histogramRefusesWhatPyTorchRefuses() {
        #expect(throws: HistogramError.empty) { try HistogramSummary(values: []) }
        #expect(throws: HistogramError.nonFinite) { try HistogramSummary(values: [1, .nan]) }
        #expect(throws: HistogramError.nonFinite) { try HistogramSummary(values: [.infinity]) }
        #expect(throws: HistogramError.outsideEdges) { try HistogramSummary(values: [1e21, -3e20]) }
    }

    /// The committed event file is byte for byte what `SummaryWriter` writes for ``SynapseRun``; with
    /// `SYNAPSE_WRITE_FIXTURES=1` the test rewrites it (then rerun the fixture script for TensorBoard's verdict).
    @Test func committedRunIsWhatSynapseWrites() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-run-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = try SynapseRun.write(into: directory)
        #expect(URL(fileURLWithPath: path).lastPathComponent.hasPrefix("events.out.tfevents.1700000000."))
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        if ProcessInfo.processInfo.environment["SYNAPSE_WRITE_FIXTURES"] == "1" {
            try FileManager.default.createDirectory(at: TensorBoardFixtures.runFile.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            try written.write(to: TensorBoardFixtures.runFile)
        }
        #expect(written == (try Data(contentsOf: TensorBoardFixtures.runFile)))
    }

    /// What TensorBoard's `EventAccumulator` read from the committed file is what Synapse's reader reads.
    @Test func tensorBoardReadsWhatSynapseWrote() throws {
        let verdict = TensorBoardFixtures.verdict
        let events = try EventFileReader.events(atPath: TensorBoardFixtures.runFile.path)
        #expect(verdict.crcs == "ok")
        #expect(verdict.records == events.count)
        #expect(verdict.file_version == 2)
        #expect(events.first?.fileVersion == "brain.Event:2")
        var scalars: [String: [TensorBoardFixtures.Verdict.Scalar]] = [:]
        var histograms: [String: [HistogramSummary]] = [:]
        var texts: [String: [String]] = [:]
        for event in events {
            for value in event.values {
                switch value.content {
                case .scalar(let number):
                    scalars[value.tag, default: []].append(.init(step: event.step, wall_time: event.wallTime, value: Double(number)))
                case .histogram(let histogram): histograms[value.tag, default: []].append(histogram)
                case .text(let text): texts[value.tag, default: []].append(text)
                case .unsupported: Issue.record("unexpected value \(value.tag)")
                }
            }
        }
        #expect(scalars == verdict.scalars)
        #expect(Set(scalars.keys) == ["loss/train", "accuracy/test"])
        #expect(texts == verdict.texts.mapValues { $0.map(\.text) })
        #expect(Set(histograms.keys) == ["weight", "bias", "weight.grad", "bias.grad"])
        #expect(Set(verdict.histograms.keys) == Set(histograms.keys))
        for (tag, read) in verdict.histograms {
            let ours = try #require(histograms[tag]?.first)
            let theirs = try #require(read.first)
            #expect(read.count == 1 && theirs.step == 2)
            #expect(ours == HistogramSummary(min: theirs.min, max: theirs.max, num: theirs.num, sum: theirs.sum,
                sumSquares: theirs.sum_squares, bucketLimits: theirs.bucket_limit, buckets: theirs.bucket))
        }
    }

    @Test func writerNamesFilesAsPyTorchDoes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-name-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try SummaryWriter(logDir: directory, filenameSuffix: ".mlp", clock: { 42.75 })
        let second = try SummaryWriter(logDir: directory, clock: { 42.75 })
        let name = URL(fileURLWithPath: first.path).lastPathComponent
        #expect(name.hasPrefix("events.out.tfevents.0000000042."))
        #expect(name.hasSuffix(".mlp"))
        #expect(first.path != second.path)
        try first.close()
        #expect(throws: EventFileError.self) { try first.addScalar("late", 1) }
        try second.close()
        #expect(try EventFileReader.events(atPath: second.path) == [TensorBoardEvent(wallTime: 42.75, fileVersion: "brain.Event:2")])
    }
}

/// The reader refuses truncated, corrupted and lying files with an error that says where and why.
@Suite struct EventFileReaderTests {
    static let file: [UInt8] = TensorBoardFixtures.encodings.records.flatMap { Hex.decode($0.hex) }
    /// The first record's length: the file-version record is 24 bytes of data, 40 framed.
    static let firstRecordSize = 40

    @Test func emptyFileHasNoEvents() throws {
        #expect(try EventFileReader.events(in: []).isEmpty)
    }

    @Test func truncatedHeaderIsRefused() {
        let cut = Array(Self.file.prefix(Self.firstRecordSize + 7))
        #expect(throws: EventFileError.truncatedHeader(offset: Self.firstRecordSize, found: 7)) {
            try EventFileReader.events(in: cut)
        }
    }

    @Test func truncatedRecordIsRefused() {
        let cut = Array(Self.file.prefix(Self.firstRecordSize - 1))
        #expect(throws: EventFileError.truncatedRecord(offset: 0, expected: 24, found: 27)) {
            try EventFileReader.events(in: cut)
        }
    }

    @Test func corruptedLengthIsACRCMismatch() throws {
        var bytes = Self.file
        bytes[0] ^= 0x01
        let error = try #require(throws: EventFileError.self) { try EventFileReader.events(in: bytes) }
        guard case .lengthChecksumMismatch(offset: 0, _, _) = error else { Issue.record("\(error)"); return }
        #expect(error.description.contains("the length of the record at offset 0 has CRC32C"))
    }

    @Test func corruptedDataIsACRCMismatch() throws {
        var bytes = Self.file
        bytes[Self.firstRecordSize + 20] ^= 0x40
        let error = try #require(throws: EventFileError.self) { try EventFileReader.events(in: bytes) }
        guard case .dataChecksumMismatch(offset: Self.firstRecordSize, _, _) = error else { Issue.record("\(error)"); return }
    }

    @Test func hugeDeclaredLengthIsRefusedWithoutAllocating() {
        let length = withUnsafeBytes(of: UInt64.max.littleEndian) { Array($0) }
        let bytes = length + withUnsafeBytes(of: CRC32C.masked(length).littleEndian) { Array($0) } + [1, 2, 3, 4]
        #expect(throws: EventFileError.truncatedRecord(offset: 0, expected: .max, found: 4)) {
            try EventFileReader.events(in: bytes)
        }
    }

    @Test func malformedEventInsideValidFramingIsRefused() {
        // field 3 (file_version) declares 5 bytes and has 1; a varint that never ends; a wrong wire type.
        for (data, detail) in [([0x1A, 0x05, 0x41], "field 3 declares 5 bytes, found 1"),
                               ([0x10, 0xFF, 0xFF], "a varint runs past the end of the message"),
                               ([0x0D, 0, 0, 0, 0], "field 1 should be a double, found a 32-bit value")]
            as [([UInt8], String)] {
            #expect(throws: EventFileError.malformedMessage(message: "Event", detail: detail)) {
                try EventFileReader.events(in: TFRecord.frame(data))
            }
        }
    }

    @Test func missingFileIsAnIOError() {
        #expect(throws: EventFileError.io(path: "/nonexistent/events", reason: "could not read the event file")) {
            try EventFileReader.events(atPath: "/nonexistent/events")
        }
    }

    @Test func crc32cMatchesTheStandardCheckValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    }
}
