import Foundation
import SynapseTensor

/// The 1,797 handwritten digits of the UCI optical-digits set (8×8 images, pixels 0…16, labels 0…9), shipped with
/// Synapse as scikit-learn ships them (`sklearn.datasets.load_digits`; data by E. Alpaydin and C. Kaynak, UCI,
/// CC BY 4.0; see `Resources/README.md`).
///
/// The fixed split: the first 1,500 samples (in scikit-learn's order) are ``Split/train``, the last 297 ``Split/test``.
/// Each sample is `[image, label]`: a float32 `[8, 8]` image with the raw counts 0…16 (divide by 16 for [0, 1]) and
/// an int64 label, so a ``DataLoader`` yields `[images [B, 8, 8], labels [B]]`.
///
/// ```swift
/// let train = try Digits(split: .train)
/// let loader = DataLoader(train, batchSize: 64, shuffle: true)
/// ```
public struct Digits: Dataset {
    /// Which samples.
    public enum Split: Sendable {
        /// The first 1,500 samples.
        case train
        /// The last 297 samples.
        case test
        /// All 1,797.
        case all
    }

    /// The number of samples in the shipped file.
    public static let totalCount = 1797
    /// The number of training samples; the rest are the test split.
    public static let trainCount = 1500

    /// Float32 `[count, 8, 8]`, pixel values 0…16.
    public let images: Tensor
    /// Int64 `[count]`, digits 0…9.
    public let labels: Tensor

    /// The samples of `split`, read from the file shipped in the package's resources.
    public init(split: Split = .train) throws(DataFileError) {
        guard let url = Bundle.module.url(forResource: "digits", withExtension: "npy", subdirectory: "Resources") else {
            throw DataFileError("the shipped digits file Resources/digits.npy is missing from the SynapseData bundle")
        }
        let table = try NumpyArray.read(contentsOf: url.path)
        guard table.shape == [Self.totalCount, 65], table.dtype == .uint8 else {
            throw DataFileError("expected the digits file to hold uint8 [1797, 65], found \(table.dtype) \(table.shape)")
        }
        let rows = switch split {
        case .train: 0..<Self.trainCount
        case .test: Self.trainCount..<Self.totalCount
        case .all: 0..<Self.totalCount
        }
        let selected = table[rows.lowerBound..<rows.upperBound]
        images = selected[TensorIndex.all, 0..<64].to(.float32).reshape([rows.count, 8, 8])
        labels = selected[TensorIndex.all, 64].to(.int64)
    }

    /// The number of samples in the split.
    public var count: Int { labels.size(0) }

    /// `[image [8, 8], label []]`.
    public subscript(index: Int) -> [Tensor] {
        let row = checkedIndex(index)
        return [images[row], labels[row]]
    }

    /// Images `[n, 8, 8]` and labels `[n]` of the samples at `indices`, gathered in one pass each.
    public func stackedSamples(at indices: [Int]) -> [Tensor]? {
        let rows = checkedRows(indices)
        return [images[rows], labels[rows]]
    }
}
