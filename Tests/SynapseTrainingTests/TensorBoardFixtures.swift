import Foundation
import SynapseTraining

/// What PyTorch's `torch.utils.tensorboard` writes and what TensorBoard reads (`scripts/fixtures/tensorboard_events.py`).
enum TensorBoardFixtures {
    struct Encodings: Decodable {
        struct Record: Decodable { let name: String; let hex: String }
        struct Histogram: Decodable {
            let name: String
            let values: [Double]
            let min, max, num, sum: Double
            let sum_squares: Double
            let bucket_limit, bucket: [Double]
        }
        let records: [Record]
        let histograms: [Histogram]
    }

    struct Verdict: Decodable {
        struct Scalar: Decodable, Equatable { let step: Int64; let wall_time: Double; let value: Double }
        struct Histogram: Decodable {
            let step: Int64
            let min, max, num, sum, sum_squares: Double
            let bucket_limit, bucket: [Double]
        }
        struct Text: Decodable { let step: Int64; let text: String }
        let file: String
        let records: Int
        let crcs: String
        let file_version: Double   // EventAccumulator parses "brain.Event:2" into 2.0
        let scalars: [String: [Scalar]]
        let histograms: [String: [Histogram]]
        let texts: [String: [Text]]
    }

    static let encodings = TrainingFixture.decode(Encodings.self, "tensorboard/encodings.json",
                                                  generator: "tensorboard_events.py")
    static let verdict = TrainingFixture.decode(Verdict.self, "tensorboard/synapse_run_verdict.json",
                                                generator: "tensorboard_events.py")
    /// Synapse's committed run, which the fixture script gave to TensorBoard's `EventAccumulator`.
    static let runFile = TrainingFixture.directory.appendingPathComponent("tensorboard/synapse_run/events.out.tfevents.synapse")
}

/// The run whose event file is committed: a small two-layer net's loss, accuracy, parameter and gradient
/// histograms and a note, with a clock that starts at a fixed time and ticks a quarter second per event.
enum SynapseRun {
    final class TinyNet: Module {
        let weight = Parameter(Tensor([[0.5, -1.0, 0.25], [2.0, 0.1, -0.3]]))
        let bias = Parameter(Tensor([0.1, -0.2]))
        override func forward(_ x: Tensor) -> Tensor { x.matmul(weight.t()) + bias }
    }

    /// Writes the run into `directory` and returns the event file's path.
    static func write(into directory: String) throws -> String {
        var time = 1_700_000_000.5
        let writer = try SummaryWriter(logDir: directory, clock: {
            defer { time += 0.25 }
            return time
        })
        try writer.addText("notes", "Synapse test run: **TinyNet**, SGD lr 0.1 — ünïcode", globalStep: 0)
        let net = TinyNet()
        let x = Tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 0.0]])
        for step in 0..<3 {
            net.zeroGrad()
            let loss = net(x).square().mean()
            loss.backward()
            try writer.addScalar("loss/train", loss.item(), globalStep: step)
            try writer.addScalar("accuracy/test", Double(step) / 4, globalStep: step)
            noGrad {
                for parameter in net.parameters() { parameter.data -= parameter.grad! * 0.1 }
            }
        }
        try writer.addHistograms(of: net, globalStep: 2)
        try writer.close()
        return writer.path
    }
}
