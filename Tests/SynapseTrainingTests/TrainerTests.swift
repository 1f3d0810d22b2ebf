import Foundation
import Testing
import SynapseTraining

/// The loop: it learns, reports what a person reads, and logs what TensorBoard shows.
@Suite struct TrainerTests {
    @Test func batchesSplitInOrderWithASmallerLastOne() {
        let inputs = Tensor.arange(0, 10, dtype: .float32).reshape([10, 1])
        let batches = Batch.split(inputs: inputs, labels: Tensor.arange(10), size: 4)
        #expect(batches.map(\.count) == [4, 4, 2])
        #expect(batches[2].labels.toArray(of: Int64.self) == [8, 9])
        #expect(batches[1].inputs.toArray(of: Float.self) == [4, 5, 6, 7])
    }

    @Test func syntheticDigitsAreSeeded() {
        let a = SyntheticDigits(trainCount: 5, testCount: 3, seed: 3), b = SyntheticDigits(trainCount: 5, testCount: 3, seed: 3)
        #expect(a.trainImages.shape == [5, 1, 28, 28] && a.trainLabels.shape == [5] && a.trainLabels.dtype == .int64)
        #expect(a.testImages.shape == [3, 1, 28, 28] && a.testLabels.shape == [3])
        #expect(a.trainImages.toArray(of: Float.self) == b.trainImages.toArray(of: Float.self))
        #expect(a.testImages.toArray(of: Float.self) == b.testImages.toArray(of: Float.self))
        #expect(a.trainLabels.toArray(of: Int64.self).allSatisfy { (0..<10).contains($0) })
        let other = SyntheticDigits(trainCount: 5, testCount: 3, seed: 4)
        #expect(other.trainImages.toArray(of: Float.self) != a.trainImages.toArray(of: Float.self))
    }

    @Test func mlpLearnsAndEveryEpochIsReportedAndLogged() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-fit-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let data = SyntheticDigits(trainCount: 256, testCount: 128, seed: 1)
        let net = D2L.mlp(generator: Generator(seed: 0))
        var output = ""
        var time = 0.0
        let writer = try SummaryWriter(logDir: directory, clock: { 1_700_000_000 })
        let trainer = Trainer(model: net, optimizer: SGD(net.parameters(), lr: 0.1), writer: writer,
                              sink: ProgressSink(isTerminal: false) { output += $0 }, clock: {
                                  defer { time += 0.5 }
                                  return time
                              })
        let history = try trainer.fit(epochs: 3, train: { data.trainBatches(size: 32) }, test: { data.testBatches(size: 64) })
        try writer.close()

        #expect(history.epochs.map(\.epoch) == [1, 2, 3])
        let first = history.epochs[0], last = history.epochs[2]
        #expect(last.trainLoss < first.trainLoss)
        #expect(last.testAccuracy > 0.9, "test accuracy \(last.testAccuracy)")
        #expect(history.epochs.allSatisfy { (0...1).contains($0.trainAccuracy) && $0.testLoss.isFinite })
        #expect(net.training)

        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.count == 6)
        #expect(lines[0].hasPrefix("epoch 1/3: 8 batches, 256 samples in 0.5 s (512 samples/s), loss "))
        #expect(lines[1] == history.epochs[0].line)
        #expect(lines[5] == last.line)

        let events = try EventFileReader.events(atPath: writer.path)
        var scalars: [String: [Int64]] = [:], histograms: [String: Int] = [:]
        for event in events {
            for value in event.values {
                if case .scalar = value.content { scalars[value.tag, default: []].append(event.step) }
                if case .histogram = value.content { histograms[value.tag, default: 0] += 1 }
            }
        }
        #expect(scalars == ["loss/train": [1, 2, 3], "loss/test": [1, 2, 3], "accuracy/train": [1, 2, 3],
                            "accuracy/test": [1, 2, 3]])
        #expect(histograms == ["1.weight": 3, "1.bias": 3, "3.weight": 3, "3.bias": 3,
                               "1.weight.grad": 3, "1.bias.grad": 3, "3.weight.grad": 3, "3.bias.grad": 3])
        let lossValues = events.flatMap(\.values).filter { $0.tag == "loss/train" }.map(\.content)
        #expect(lossValues == history.epochs.map { .scalar(Float($0.trainLoss)) })
    }

    @Test func leNetTrainsOnImages() throws {
        let data = SyntheticDigits(trainCount: 32, testCount: 32, seed: 5)
        let net = D2L.leNet(generator: Generator(seed: 0))
        let trainer = Trainer(model: net, optimizer: Adam(net.parameters(), lr: 0.01),
                              sink: ProgressSink(isTerminal: false) { _ in })
        let history = try trainer.fit(epochs: 1, train: { data.trainBatches(size: 16) }, test: { data.testBatches(size: 32) })
        #expect(history.epochs.count == 1 && history.epochs[0].trainLoss.isFinite)
        #expect(trainer.evaluate(data.testBatches(size: 8)).accuracy == history.epochs[0].testAccuracy)
    }
}
