/// A sample type that ``DataLoader`` knows how to batch, as PyTorch's `default_collate` batches it: tensors are
/// stacked along a new first dimension, numbers become a tensor (`Int` int64, `Double` float64, `Float` float32,
/// `Bool` bool), strings stay a list, arrays and dictionaries are batched element by element.
public protocol Collatable {
    /// What a batch of this type is.
    associatedtype Batch
    /// The batch of `samples`.
    static func collate(_ samples: [Self]) -> Batch
}

extension Tensor: Collatable {
    /// `torch.stack(samples)`; the samples must have the same shape (PyTorch's "stack expects each tensor to be
    /// equal size").
    public static func collate(_ samples: [Tensor]) -> Tensor { Tensor.stack(samples) }
}

extension Int: Collatable {
    /// An int64 tensor.
    public static func collate(_ samples: [Int]) -> Tensor { Tensor(samples) }
}

extension Double: Collatable {
    /// A float64 tensor.
    public static func collate(_ samples: [Double]) -> Tensor { Tensor(samples, dtype: .float64) }
}

extension Float: Collatable {
    /// A float32 tensor.
    public static func collate(_ samples: [Float]) -> Tensor { Tensor(samples) }
}

extension Bool: Collatable {
    /// A bool tensor.
    public static func collate(_ samples: [Bool]) -> Tensor { Tensor(samples) }
}

extension String: Collatable {
    /// The strings as they are.
    public static func collate(_ samples: [String]) -> [String] { samples }
}

extension Array: Collatable where Element: Collatable {
    /// Position by position: `[collate(samples.map { $0[0] }), collate(samples.map { $0[1] }), …]`; every sample
    /// must have the same length ("each element in list of batch should be of equal size").
    public static func collate(_ samples: [[Element]]) -> [Element.Batch] {
        guard let first = samples.first else { return [] }
        check(samples.allSatisfy { $0.count == first.count }, "each element in list of batch should be of equal size")
        return first.indices.map { position in Element.collate(samples.map { $0[position] }) }
    }
}

extension Dictionary: Collatable where Key == String, Value: Collatable {
    /// Key by key; every sample must have the first sample's keys.
    public static func collate(_ samples: [[String: Value]]) -> [String: Value.Batch] {
        guard let first = samples.first else { return [:] }
        var batch: [String: Value.Batch] = [:]
        for key in first.keys {
            batch[key] = Value.collate(samples.map { sample in
                guard let value = sample[key] else { fatalError("every sample of a batch must have the key '\(key)'") }
                return value
            })
        }
        return batch
    }
}
