import Foundation

/// A data file that can't be read: missing, truncated, lying about its size, or in a form Synapse refuses.
/// The description says what was expected and what was found.
public struct DataFileError: Error, Equatable, CustomStringConvertible {
    /// What was wrong.
    public let description: String

    /// An error with the given description.
    public init(_ description: String) { self.description = description }
}

/// Reads a whole file, or throws saying which path couldn't be read.
func readFileBytes(_ path: String) throws(DataFileError) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw DataFileError("can't read '\(path)': no such file or no permission")
    }
    return [UInt8](data)
}

/// The product of `shape`, or a throw when it overflows or is negative (a header claiming 2^62 elements).
func elementCount(_ shape: [Int], elementSize: Int) throws(DataFileError) -> Int {
    var count = 1
    for size in shape {
        guard size >= 0 else { throw DataFileError("expected non-negative dimensions, found shape \(shape)") }
        let (product, overflow) = count.multipliedReportingOverflow(by: size)
        guard !overflow else { throw DataFileError("shape \(shape) has more elements than can be addressed") }
        count = product
    }
    guard !count.multipliedReportingOverflow(by: elementSize).overflow else {
        throw DataFileError("shape \(shape) needs more bytes than can be addressed")
    }
    return count
}
