import SynapseTensor

/// Several data sets one after the other (`torch.utils.data.ConcatDataset`): sample `i` of the whole is found by
/// a binary search of the cumulative sizes.
public struct ConcatDataset<Part: Dataset>: Dataset {
    /// The parts, in order.
    public let datasets: [Part]
    /// `cumulativeSizes[k]` is the number of samples in parts `0...k` (PyTorch's `cumulative_sizes`).
    public let cumulativeSizes: [Int]

    /// The concatenation of `datasets`, which must not be empty.
    public init(_ datasets: [Part]) {
        check(!datasets.isEmpty, "datasets should not be an empty iterable")
        self.datasets = datasets
        var total = 0
        cumulativeSizes = datasets.map { total += $0.count; return total }
    }

    /// The total number of samples.
    public var count: Int { cumulativeSizes.last ?? 0 }

    /// Sample `index` of the concatenation.
    public subscript(index: Int) -> Part.Element {
        let index = checkedIndex(index)
        var low = 0, high = cumulativeSizes.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulativeSizes[middle] <= index { low = middle + 1 } else { high = middle }
        }
        return datasets[low][index - (low == 0 ? 0 : cumulativeSizes[low - 1])]
    }
}
