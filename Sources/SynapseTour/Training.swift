import Foundation
import Synapse

extension Tour {
    /// Seed 002's optimiser fed by `parameters()`: Adam fitting y = 2x - 1 with a small MLP.
    static let trainingSteps: [TourStep] = [
        TourStep("006_adam_training") { seed, print in
            // snippet: 006_adam_training
            manualSeed(seed)
            let net = Sequential(Linear(1, 8), ReLU(), Linear(8, 1))
            let X = Tensor.rand([64, 1]) * 4 - 2
            let y = X * 2 - 1
            let optimizer = Adam(net.parameters(), lr: 0.01)
            let lossFunction = MSELoss()
            for step in 1...200 {
                optimizer.zeroGrad()
                let loss = lossFunction(net(X), y)
                loss.backward()
                optimizer.step()
                if step % 50 == 0 { print("step \(step): loss \(PythonFormat.fixed(loss.item(), precision: 4))") }
            }
            // end snippet
        },
    ]
}

extension Tour {
    /// D2L 3.3 (concise linear regression): synthetic data from y = Xw + b + noise, minibatch SGD until the loss is
    /// under 1e-3 (at most 20 epochs), printing each epoch's loss and the learnt parameters.
    static let regressionSteps: [TourStep] = [
        TourStep("007_d2l_linear_regression") { seed, print in
            // snippet: 007_d2l_linear_regression
            manualSeed(seed)
            let trueW = Tensor([2.0, -3.4]), trueB = 4.2
            let features = Tensor.randn([1000, 2])
            let labels = (features.matmul(trueW) + trueB + Tensor.randn([1000]) * 0.01).reshape([-1, 1])
            let net = Sequential(Linear(2, 1))
            Init.normal_(net[0].weight, mean: 0, std: 0.01)
            Init.zeros_(net[0].bias)
            let optimizer = SGD(net.parameters(), lr: 0.03)
            let loss = MSELoss()
            var epoch = 0, trainingLoss = Double.infinity
            while trainingLoss > 1e-3 && epoch < 20 {
                epoch += 1
                for start in stride(from: 0, to: 1000, by: 10) {
                    optimizer.zeroGrad()
                    loss(net(features[start..<(start + 10)]), labels[start..<(start + 10)]).backward()
                    optimizer.step()
                }
                trainingLoss = noGrad { loss(net(features), labels).item() }
                print("epoch \(epoch), loss \(PythonFormat.fixed(trainingLoss, precision: 6))")
            }
            print("w:", net[0].weight.data, "b:", net[0].bias.data)
            // end snippet
        },
    ]
}
