import Foundation
import SynapseTensor

/// Tables of numbers in text: CSV, TSV or any one-character delimiter, one row per line, every row with the same
/// number of fields; an optional header line is skipped. Empty lines are ignored.
///
/// ```swift
/// let table = try DelimitedText.read(contentsOf: "iris.csv", hasHeader: true)   // float32 [rows, columns]
/// let tsv = try DelimitedText.read(contentsOf: "values.tsv", delimiter: "\t", dtype: .float64)
/// ```
public enum DelimitedText {
    /// The numbers in the file at `path` as a `[rows, columns]` tensor of `dtype`; a gzip-compressed file
    /// (`table.csv.gz`) is inflated first.
    public static func read(
        contentsOf path: String, delimiter: Character = ",", hasHeader: Bool = false, dtype: DType = .float32
    ) throws(DataFileError) -> Tensor {
        let bytes = try Gzip.inflatedIfGzip(readFileBytes(path), format: "text file")
        return try decode(String(decoding: bytes, as: UTF8.self), delimiter: delimiter, hasHeader: hasHeader, dtype: dtype)
    }

    /// The numbers in `text` as a `[rows, columns]` tensor of `dtype`.
    public static func decode(
        _ text: String, delimiter: Character = ",", hasHeader: Bool = false, dtype: DType = .float32
    ) throws(DataFileError) -> Tensor {
        var values: [Double] = [], columns: Int?, rows = 0
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated()
            .filter { !$0.element.allSatisfy(\.isWhitespace) }[...]
        if hasHeader { lines = lines.dropFirst() }
        for (lineIndex, line) in lines {
            let fields = line.split(separator: delimiter, omittingEmptySubsequences: false)
            if let columns, fields.count != columns {
                throw DataFileError("line \(lineIndex + 1): expected \(columns) fields, found \(fields.count)")
            }
            columns = fields.count
            for (column, field) in fields.enumerated() {
                let trimmed = field.trimmingCharacters(in: .whitespaces)
                guard let value = Double(trimmed) else {
                    throw DataFileError("line \(lineIndex + 1), field \(column + 1): expected a number, found '\(trimmed)'")
                }
                values.append(value)
            }
            rows += 1
        }
        return Tensor(flat: values, shape: [rows, columns ?? 0]).to(dtype)
    }
}
