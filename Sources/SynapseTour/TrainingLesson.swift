import Foundation
import Synapse

/// `synapse-tour --train`: D2L's MLP and LeNet trained for a few epochs as a lesson. Each part shows its Swift
/// code and the PyTorch code it mirrors, then runs live: a model summary, a progress bar per epoch, train and test
/// loss and accuracy, TensorBoard event files and loss/accuracy curves (SVG, and PNG where a converter exists)
/// under `output`.
///
/// The data are the 1,797 UCI digits Synapse ships (``/SynapseData/Digits``: 1,500 to train on, 297 to test), read
/// through shuffling ``/SynapseData/DataLoader``s.
public struct TrainingLesson {
    /// Epochs per network.
    public let epochs: Int
    /// The folder of the TensorBoard runs and the curves.
    public let output: String
    /// Colour and width for the headings.
    public let style: LessonStyle
    /// Where progress and results go.
    public let sink: ProgressSink

    /// A lesson writing into `output`.
    public init(epochs: Int, output: String, style: LessonStyle, sink: ProgressSink) {
        (self.epochs, self.output, self.style, self.sink) = (epochs, output, style, sink)
    }

    /// `print(…)` inside the lesson's snippets: to the sink, as Python's `print`.
    func print(_ items: Any...) { sink.write(items.map { String(describing: $0) }.joined(separator: " ") + "\n") }

    /// Shows the part's code, then runs it.
    private func part<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        sink.write("\n" + style.heading(name) + style.code("Swift", Tour.swiftSnippets[name] ?? "", colourCode: "36")
            + style.code("PyTorch", Tour.pytorchSnippets[name] ?? "", colourCode: "33") + style.outputLabel())
        return try body()
    }

    /// Runs the three parts: the data, the MLP, LeNet.
    public func run() throws {
        let data = try part("train_data") { try makeData() }
        let mlp = try part("train_mlp") { try trainMLP(data) }
        let leNet = try part("train_lenet") { try trainLeNet(data) }
        print("\nfinal test accuracy: MLP \(String(format: "%.3f", mlp.epochs.last!.testAccuracy)), "
              + "LeNet \(String(format: "%.3f", leNet.epochs.last!.testAccuracy))")
    }

    func makeData() throws -> DigitLoaders {
        // snippet: train_data
        manualSeed(0)
        let train = try Digits(split: .train), test = try Digits(split: .test)
        let data = DigitLoaders(train: DataLoader(train, batchSize: 32, shuffle: true),
                                test: DataLoader(test, batchSize: 256))
        print("train", train.images.shape, "test", test.images.shape, "batches per epoch", data.train.count)
        // end snippet
        // pytorch: train_data
        // torch.manual_seed(0)
        // digits = sklearn.datasets.load_digits()     # the same 1,797 images; Synapse ships them
        // images = torch.tensor(digits.images, dtype=torch.float32)
        // labels = torch.tensor(digits.target)
        // train_iter = DataLoader(TensorDataset(images[:1500], labels[:1500]), batch_size=32, shuffle=True)
        // test_iter = DataLoader(TensorDataset(images[1500:], labels[1500:]), batch_size=256)
        // end pytorch
        return data
    }

    func trainMLP(_ data: DigitLoaders) throws -> TrainingHistory {
        // snippet: train_mlp
        manualSeed(0)
        let net = D2L.mlp(inputs: 64)
        print(summary(net, inputShape: [1, 1, 8, 8]))
        let optimizer = SGD(net.parameters(), lr: 0.1)
        return try fit(net, title: "mlp", optimizer: optimizer, data: data)
        // end snippet
        // pytorch: train_mlp
        // torch.manual_seed(0)
        // net = nn.Sequential(nn.Flatten(), nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 10))
        // print(torchinfo.summary(net, input_size=(1, 1, 8, 8), col_names=("output_size", "num_params", "trainable")))
        // optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
        // fit(net, "mlp", optimizer, train_iter, test_iter)
        //
        // def fit(net, title, optimizer, train_iter, test_iter):   # D2L's train_ch6 with tqdm and TensorBoard
        //     writer = SummaryWriter(f"{output}/{title}")
        //     loss_fn = nn.CrossEntropyLoss()
        //     for epoch in range(1, epochs + 1):
        //         net.train()
        //         for X, y in tqdm(train_iter, desc=f"epoch {epoch}/{epochs}"):
        //             optimizer.zero_grad()
        //             loss = loss_fn(net(X.unsqueeze(1) / 16), y)          # [B, 1, 8, 8] in [0, 1]
        //             loss.backward()
        //             optimizer.step()
        //         train_loss, train_acc = evaluate(net, train_iter)   # D2L averages over the epoch instead
        //         test_loss, test_acc = evaluate(net, test_iter)
        //         writer.add_scalar("loss/train", train_loss, epoch)   # and loss/test, accuracy/train, accuracy/test
        //         for name, param in net.named_parameters():
        //             writer.add_histogram(name, param, epoch)
        //             writer.add_histogram(name + ".grad", param.grad, epoch)
        //     writer.close()
        // end pytorch
    }

    /// LeNet with ReLU: with D2L's sigmoids it barely leaves chance in ten epochs on 1,500 digits (torch too).
    func trainLeNet(_ data: DigitLoaders) throws -> TrainingHistory {
        // snippet: train_lenet
        manualSeed(0)
        let net = D2L.leNet(imageSize: 8, activation: { ReLU() })
        print(summary(net, inputShape: [1, 1, 8, 8]))
        let optimizer = Adam(net.parameters(), lr: 0.003)
        return try fit(net, title: "lenet", optimizer: optimizer, data: data)
        // end snippet
        // pytorch: train_lenet
        // torch.manual_seed(0)
        // net = nn.Sequential(
        //     nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.ReLU(), nn.AvgPool2d(kernel_size=2, stride=2),
        //     nn.Conv2d(6, 16, kernel_size=5, padding=2), nn.ReLU(), nn.AvgPool2d(kernel_size=2, stride=2),
        //     nn.Flatten(), nn.Linear(16 * 2 * 2, 120), nn.ReLU(),
        //     nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
        // print(torchinfo.summary(net, input_size=(1, 1, 8, 8), col_names=("output_size", "num_params", "trainable")))
        // optimizer = torch.optim.Adam(net.parameters(), lr=0.003)
        // fit(net, "lenet", optimizer, train_iter, test_iter)
        // end pytorch
    }

    /// The loop both networks share; the digits come as `[B, 8, 8]` counts 0…16, fed as one channel in [0, 1].
    // snippet-context: train_mlp train_lenet
    func fit<Options>(_ net: Module, title: String, optimizer: Optimizer<Options>,
                      data: DigitLoaders) throws -> TrainingHistory {
        let writer = try SummaryWriter(logDir: "\(output)/\(title)")
        try writer.addText("setup", "\(title): \(type(of: optimizer)), \(epochs) epochs, batch 32")
        let trainer = Trainer(model: net, optimizer: optimizer, writer: writer, sink: sink)
        func batches(_ loader: DataLoader<Digits, [Tensor]>) -> [Batch] {
            loader.map { Batch(inputs: $0[0].unsqueeze(1) / 16, labels: $0[1]) }
        }
        let history = try trainer.fit(epochs: epochs, train: { batches(data.train) }, test: { batches(data.test) })
        try writer.close()
        let files = try ChartFiles.write(history.chart(title: "\(title): loss and accuracy per epoch"),
                                        to: "\(output)/\(title)-curves")
        print("wrote", writer.path, "and", files.joined(separator: ", "))
        return history
    }
    // end snippet
}

/// The lesson's two loaders over the shipped digits.
struct DigitLoaders {
    /// 1,500 images, shuffled, batches of 32.
    let train: DataLoader<Digits, [Tensor]>
    /// 297 images in order, batches of 256.
    let test: DataLoader<Digits, [Tensor]>
}
