import SynapseTensor

/// A sample type that ``DataLoader`` can put into batches by itself (PyTorch's `default_collate`): tensors are
/// stacked along a new dimension 0, numbers become a 1-d tensor, arrays and dictionaries are collated position by
/// position and key by key.
public protocol Collatable {
    /// What a batch of samples becomes.
    associatedtype Batch
    /// The batch of `samples` (at least one).
    static func collate(_ samples: [Self]) -> Batch
}

extension Tensor: Collatable {
    /// `Tensor.stack(samples)`: the samples must have the same shape.
    public static func collate(_ samples: [Tensor]) -> Tensor { stack(samples) }
}

extension Int: Collatable {
    /// An int64 tensor of the samples.
    public static func collate(_ samples: [Int]) -> Tensor { Tensor(flat: samples.map { Int64($0) }, shape: [samples.count]) }
}

extension Double: Collatable {
    /// A float64 tensor of the samples.
    public static func collate(_ samples: [Double]) -> Tensor { Tensor(flat: samples, shape: [samples.count]) }
}

extension Float: Collatable {
    /// A float32 tensor of the samples.
    public static func collate(_ samples: [Float]) -> Tensor { Tensor(flat: samples, shape: [samples.count]) }
}

extension Bool: Collatable {
    /// A bool tensor of the samples.
    public static func collate(_ samples: [Bool]) -> Tensor { Tensor(flat: samples, shape: [samples.count]) }
}

extension Array: Collatable where Element: Collatable {
    /// Element `k` of the batch collates element `k` of every sample; the samples must have the same length
    /// (PyTorch: "each element in list of batch should be of equal size").
    public static func collate(_ samples: [[Element]]) -> [Element.Batch] {
        let width = samples.first?.count ?? 0
        check(samples.allSatisfy { $0.count == width },
            "each element in list of batch should be of equal size, found sizes \(samples.map(\.count))")
        return (0..<width).map { position in Element.collate(samples.map { $0[position] }) }
    }
}

extension Dictionary: Collatable where Value: Collatable {
    /// Each key's batch collates that key's value in every sample; the samples must have the same keys.
    public static func collate(_ samples: [[Key: Value]]) -> [Key: Value.Batch] {
        guard let keys = samples.first?.keys else { return [:] }
        var batch: [Key: Value.Batch] = [:]
        for key in keys {
            batch[key] = Value.collate(samples.map { sample in
                guard let value = sample[key] else { preconditionFailure("a sample in the batch lacks the key \(key)") }
                return value
            })
        }
        return batch
    }
}

/// Collation of samples that are tuples (`default_collate` of a tuple collates each position).
public enum Collate {
    /// `(A.collate(firsts), B.collate(seconds))`.
    public static func pairs<A: Collatable, B: Collatable>(_ samples: [(A, B)]) -> (A.Batch, B.Batch) {
        (A.collate(samples.map(\.0)), B.collate(samples.map(\.1)))
    }

    /// The three positions collated separately.
    public static func triples<A: Collatable, B: Collatable, C: Collatable>(
        _ samples: [(A, B, C)]
    ) -> (A.Batch, B.Batch, C.Batch) {
        (A.collate(samples.map(\.0)), B.collate(samples.map(\.1)), C.collate(samples.map(\.2)))
    }
}
