import SynapseNN

/// The networks *Dive into Deep Learning* trains on 28×28 grey images with ten classes, layer for layer as the
/// book writes them in PyTorch.
public enum D2L {
    /// D2L 5.2's multilayer perceptron: `nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(),
    /// nn.Linear(256, 10))`; `inputs` is 784 for 28×28 images (64 for the 8×8 ``/SynapseData/Digits``).
    public static func mlp(inputs: Int = 784, generator: Generator? = nil) -> Sequential<Module> {
        Sequential(Flatten(), Linear(inputs, 256, generator: generator), ReLU(), Linear(256, 10, generator: generator))
    }

    /// D2L 7.6's LeNet-5: two sigmoid convolutions with average pooling, then three sigmoid dense layers, for
    /// `imageSize`² images. At 28 it is D2L's network exactly; smaller images (8 for ``/SynapseData/Digits``) are
    /// too small for the second 5×5 convolution without padding, so it gets `padding: 2` there too. `activation`
    /// is D2L's sigmoid by default; `{ ReLU() }` is the modernisation D2L suggests, which learns far faster.
    public static func leNet(imageSize: Int = 28, activation: () -> Module = { Sigmoid() },
                             generator: Generator? = nil) -> Sequential<Module> {
        let padding = imageSize >= 28 ? 0 : 2
        let side = (imageSize / 2 - 4 + 2 * padding) / 2
        return Sequential(
            Conv2d(1, 6, kernelSize: 5, padding: 2, generator: generator), activation(), AvgPool2d(2, stride: 2),
            Conv2d(6, 16, kernelSize: 5, padding: .explicit(padding, padding), generator: generator), activation(),
            AvgPool2d(2, stride: 2),
            Flatten(), Linear(16 * side * side, 120, generator: generator), activation(),
            Linear(120, 84, generator: generator), activation(), Linear(84, 10, generator: generator))
    }
}
