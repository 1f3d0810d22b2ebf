import Foundation
import SynapseNN
import SynapseOptim

/// The classifier training loop a person watches (D2L's `train_ch3`/`train_ch6`): per epoch a progress bar over
/// the batches, then train and test loss and accuracy on one line, into a ``TrainingHistory``, and, when given a
/// ``SummaryWriter``, the same numbers plus histograms of every parameter and its gradient for TensorBoard.
///
/// The data are closures returning one epoch's batches, so any source fits: ``Batch/split(inputs:labels:size:)``
/// over tensors, or a data loader (`{ loader.map { Batch(inputs: $0.0, labels: $0.1) } }`), asked again each
/// epoch so that it can reshuffle.
///
/// ```swift
/// let trainer = Trainer(model: net, optimizer: SGD(net.parameters(), lr: 0.1))
/// let history = try trainer.fit(epochs: 5, train: { trainBatches }, test: { testBatches })
/// ```
public final class Trainer<Options: Sendable> {
    /// The network being trained.
    public let model: Module
    /// What updates its parameters.
    public let optimizer: Optimizer<Options>
    /// Cross-entropy over the logits, PyTorch's `nn.CrossEntropyLoss()`.
    public let lossFunction = CrossEntropyLoss()
    /// Where scalars and histograms go, if anywhere.
    public let writer: SummaryWriter?
    /// Where the progress bars and the epoch lines go.
    public let sink: ProgressSink
    /// What the progress bars time with.
    public let clock: () -> Double
    /// The epochs trained so far.
    public private(set) var history = TrainingHistory()

    /// A loop training `model` with `optimizer`.
    public init(model: Module, optimizer: Optimizer<Options>, writer: SummaryWriter? = nil,
                sink: ProgressSink = .standardOutput, clock: @escaping () -> Double = monotonicSeconds) {
        (self.model, self.optimizer, self.writer, self.sink, self.clock) = (model, optimizer, writer, sink, clock)
    }

    /// Trains for `epochs` more epochs, evaluating on `test` after each, and returns the whole history.
    @discardableResult
    public func fit(epochs: Int, train: () throws -> [Batch], test: () throws -> [Batch]) throws -> TrainingHistory {
        let last = history.epochs.count + epochs
        for _ in 0..<epochs {
            let epoch = history.epochs.count + 1
            let (trainLoss, trainAccuracy) = try trainOneEpoch(try train(), label: "epoch \(epoch)/\(last)")
            let (testLoss, testAccuracy) = evaluate(try test())
            let metrics = EpochMetrics(epoch: epoch, trainLoss: trainLoss, trainAccuracy: trainAccuracy,
                                       testLoss: testLoss, testAccuracy: testAccuracy)
            history.epochs.append(metrics)
            sink.write(metrics.line + "\n")
            try log(metrics)
        }
        return history
    }

    /// Mean loss and accuracy of the model on `batches`, in evaluation mode and without gradients.
    public func evaluate(_ batches: [Batch]) -> (loss: Double, accuracy: Double) {
        let wasTraining = model.training
        model.eval()
        defer { model.train(wasTraining) }
        var meter = Meter()
        noGrad {
            for batch in batches { meter.add(model(batch.inputs), batch, loss: lossFunction) }
        }
        return meter.means
    }

    private func trainOneEpoch(_ batches: [Batch], label: String) throws -> (Double, Double) {
        model.train()
        let bar = ProgressBar(total: batches.count, label: label, sink: sink, clock: clock)
        var meter = Meter()
        for batch in batches {
            optimizer.zeroGrad()
            let logits = model(batch.inputs)
            let loss = meter.add(logits, batch, loss: lossFunction)
            loss.backward()
            optimizer.step()
            bar.advance(samples: batch.count, loss: loss.item())
        }
        bar.finish()
        return meter.means
    }

    private func log(_ metrics: EpochMetrics) throws {
        guard let writer else { return }
        try writer.addScalar("loss/train", metrics.trainLoss, globalStep: metrics.epoch)
        try writer.addScalar("loss/test", metrics.testLoss, globalStep: metrics.epoch)
        try writer.addScalar("accuracy/train", metrics.trainAccuracy, globalStep: metrics.epoch)
        try writer.addScalar("accuracy/test", metrics.testAccuracy, globalStep: metrics.epoch)
        try writer.addHistograms(of: model, globalStep: metrics.epoch)
        try writer.flush()
    }
}

/// Sums of loss and correct predictions over samples.
private struct Meter {
    private var lossSum = 0.0, correct = 0.0, samples = 0

    /// Adds a batch; returns its mean loss (still attached to the graph when gradients are on).
    @discardableResult
    mutating func add(_ logits: Tensor, _ batch: Batch, loss lossFunction: CrossEntropyLoss) -> Tensor {
        let loss = lossFunction(logits, batch.labels)
        lossSum += loss.item() * Double(batch.count)
        correct += (logits.argmax(dim: 1) .== batch.labels).sum().item()
        samples += batch.count
        return loss
    }

    var means: (Double, Double) { samples > 0 ? (lossSum / Double(samples), correct / Double(samples)) : (.nan, .nan) }
}
