import Foundation

/// One epoch's numbers: the mean training loss and accuracy over the epoch, and loss and accuracy on the test set.
public struct EpochMetrics: Codable, Equatable, Sendable {
    /// The epoch, from 1.
    public var epoch: Int
    /// Mean loss over the epoch's training samples.
    public var trainLoss: Double
    /// Fraction of the epoch's training samples classified right.
    public var trainAccuracy: Double
    /// Mean loss over the test set after the epoch.
    public var testLoss: Double
    /// Fraction of the test set classified right after the epoch.
    public var testAccuracy: Double

    /// An epoch's numbers.
    public init(epoch: Int, trainLoss: Double, trainAccuracy: Double, testLoss: Double, testAccuracy: Double) {
        (self.epoch, self.trainLoss, self.trainAccuracy) = (epoch, trainLoss, trainAccuracy)
        (self.testLoss, self.testAccuracy) = (testLoss, testAccuracy)
    }

    /// `epoch 3: train loss 0.4123, train acc 0.852, test loss 0.4411, test acc 0.843`.
    public var line: String {
        "epoch \(epoch): train loss \(String(format: "%.4f", trainLoss)), train acc \(String(format: "%.3f", trainAccuracy)), "
            + "test loss \(String(format: "%.4f", testLoss)), test acc \(String(format: "%.3f", testAccuracy))"
    }
}

/// The epochs of one training run, and their curves.
public struct TrainingHistory: Codable, Equatable, Sendable {
    /// The epochs so far, in order.
    public var epochs: [EpochMetrics] = []

    /// An empty history.
    public init() {}

    /// Loss and accuracy per epoch, train solid and test dashed, as D2L's `Animator` plots them.
    public func chart(title: String) -> LineChart {
        LineChart(title: title, series: [
            .init(name: "train loss", values: epochs.map(\.trainLoss), color: LineChart.palette[0]),
            .init(name: "test loss", values: epochs.map(\.testLoss), color: LineChart.palette[0], dashed: true),
            .init(name: "train acc", values: epochs.map(\.trainAccuracy), color: LineChart.palette[1]),
            .init(name: "test acc", values: epochs.map(\.testAccuracy), color: LineChart.palette[2], dashed: true),
        ])
    }
}
