import Synapse

/// Data loading (issue 20): one shuffled epoch over the 1,797 digits in batches of 64, on the caller's thread and
/// with 2 worker threads, against PyTorch's `DataLoader` with `num_workers=0` and `2`: as a `TensorDataset`
/// (float32 `[8, 8]` images, int64 labels; a batch costs microseconds) and with each image augmented while it is
/// read (noise from the worker's generator, clamped and scaled; a batch costs what a real augmentation does).
/// `dataloader_digits_epoch_w2_vs_w0` compares two workers with none on the cheap batches.
enum DataWorkloads {
    static var all: [Workload] {
        [0, 2].map { workers in
            Workload("dataloader_digits_epoch_w\(workers)", target: 0.5) { digitsEpoch(workers: workers) }
        } + [
            Workload("dataloader_digits_epoch_w2_vs_w0", target: 1.0, reference: "synapse:dataloader_digits_epoch_w0") {
                digitsEpoch(workers: 2)
            },
        ] + [0, 2].map { workers in
            Workload("dataloader_noisy_digits_epoch_w\(workers)", target: 0.5) {
                let digits = try! Digits(split: .all)
                let loader = DataLoader(NoisyDigits(images: digits.images, labels: digits.labels), batchSize: 64,
                                        shuffle: true, generator: Generator(seed: 0), workers: workers)
                return { for batch in loader { consume(batch) } }
            }
        }
    }

    static func digitsEpoch(workers: Int) -> () -> Void {
        let digits = try! Digits(split: .all)
        let loader = DataLoader(TensorDataset(digits.images, digits.labels), batchSize: 64, shuffle: true,
                                generator: Generator(seed: 0), workers: workers)
        return { for batch in loader { consume(batch) } }
    }

    /// The digits with Gaussian noise added to each image as it is read, clamped to the pixel range and scaled to
    /// `[0, 1]` (PyTorch's twin: `NoisyDigits` in `torch_bench.py`).
    struct NoisyDigits: Dataset {
        let images: Tensor
        let labels: Tensor
        var count: Int { images.size(0) }
        subscript(index: Int) -> [Tensor] {
            let noise = Tensor.randn([8, 8], generator: WorkerInfo.current?.generator)
            return [((images[index] + noise * 0.5).clamp(min: 0, max: 16) / 16), labels[index]]
        }
    }
}
