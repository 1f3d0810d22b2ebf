import SynapseNN

/// The networks *Dive into Deep Learning* trains on 28×28 grey images with ten classes, layer for layer as the
/// book writes them in PyTorch.
public enum D2L {
    /// D2L 5.2's multilayer perceptron: `nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(),
    /// nn.Linear(256, 10))`.
    public static func mlp(generator: Generator? = nil) -> Sequential<Module> {
        Sequential(Flatten(), Linear(784, 256, generator: generator), ReLU(), Linear(256, 10, generator: generator))
    }

    /// D2L 7.6's LeNet-5: two sigmoid convolutions with average pooling, then three sigmoid dense layers.
    public static func leNet(generator: Generator? = nil) -> Sequential<Module> {
        Sequential(
            Conv2d(1, 6, kernelSize: 5, padding: 2, generator: generator), Sigmoid(), AvgPool2d(2, stride: 2),
            Conv2d(6, 16, kernelSize: 5, generator: generator), Sigmoid(), AvgPool2d(2, stride: 2),
            Flatten(), Linear(16 * 5 * 5, 120, generator: generator), Sigmoid(),
            Linear(120, 84, generator: generator), Sigmoid(), Linear(84, 10, generator: generator))
    }
}
