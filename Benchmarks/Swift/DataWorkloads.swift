import Synapse

/// Data loading (issue 20): one shuffled epoch over the 1,797 digits as a `TensorDataset` (float32 `[8, 8]`
/// images, int64 labels) in batches of 64, on the caller's thread and with 2 worker threads, against PyTorch's
/// `DataLoader` with `num_workers=0` and `2` over the same `TensorDataset`.
enum DataWorkloads {
    static var all: [Workload] {
        [0, 2].map { workers in
            Workload("dataloader_digits_epoch_w\(workers)", target: 0.5) {
                let digits = try! Digits(split: .all)
                let loader = DataLoader(TensorDataset(digits.images, digits.labels), batchSize: 64, shuffle: true,
                                        generator: Generator(seed: 0), workers: workers)
                return { for batch in loader { consume(batch) } }
            }
        }
    }
}
