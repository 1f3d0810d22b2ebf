import SynapseNN

/// A stand-in for a digits data set: 28×28 grey images in ten classes, each class a fixed random pattern of
/// blocks seen through noise, training and test sets drawn from one seed, so the training example runs anywhere
/// in seconds and gives the same numbers every time.
public struct SyntheticDigits {
    /// `[trainCount, 1, 28, 28]` float32 images.
    public let trainImages: Tensor
    /// `[trainCount]` int64 classes 0…9.
    public let trainLabels: Tensor
    /// `[testCount, 1, 28, 28]` float32 images of the same classes.
    public let testImages: Tensor
    /// `[testCount]` int64 classes 0…9.
    public let testLabels: Tensor

    /// Training and test samples from `Generator(seed: seed)`: first the ten class patterns (each lights about a
    /// quarter of a 7×7 grid, scaled up to 28×28), then the training set, then the test set.
    public init(trainCount: Int, testCount: Int, seed: UInt64, noise: Double = 0.6) {
        check(trainCount > 0 && testCount > 0,
              "a data set needs at least one sample in each split, found trainCount=\(trainCount), testCount=\(testCount)")
        let generator = Generator(seed: seed)
        let coarse = (Tensor.rand([10, 1, 7, 7], generator: generator) .> 0.75).to(.float32)
        let patterns = coarse.reshape([10, 1, 7, 1, 7, 1]).expand([10, 1, 7, 4, 7, 4]).reshape([10, 1, 28, 28])
        func draw(_ count: Int) -> (Tensor, Tensor) {
            let labels = Tensor.randint(10, [count], generator: generator)
            return (patterns[labels] + Tensor.randn([count, 1, 28, 28], generator: generator) * noise, labels)
        }
        (trainImages, trainLabels) = draw(trainCount)
        (testImages, testLabels) = draw(testCount)
    }

    /// The training set in consecutive batches of `size`.
    public func trainBatches(size: Int) -> [Batch] { Batch.split(inputs: trainImages, labels: trainLabels, size: size) }

    /// The test set in consecutive batches of `size`.
    public func testBatches(size: Int) -> [Batch] { Batch.split(inputs: testImages, labels: testLabels, size: size) }
}
