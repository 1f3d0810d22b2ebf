import Foundation

/// Reads TensorBoard event files, from the format itself: every record's length and masked CRC-32C are
/// checked and every `Event` is decoded, so a truncated or corrupted file is an error that says where.
public enum EventFileReader {
    /// The events in `bytes`, in file order.
    public static func events(in bytes: [UInt8]) throws(EventFileError) -> [TensorBoardEvent] {
        var events: [TensorBoardEvent] = []
        for record in try TFRecord.records(in: bytes) { events.append(try TensorBoardEvent(decoding: record)) }
        return events
    }

    /// The events in the file at `path`.
    public static func events(atPath path: String) throws(EventFileError) -> [TensorBoardEvent] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(path: path, reason: "could not read the event file")
        }
        return try events(in: [UInt8](data))
    }
}
