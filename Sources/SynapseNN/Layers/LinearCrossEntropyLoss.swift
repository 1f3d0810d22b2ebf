/// A `Linear` projection fused with cross entropy (`torch.nn.LinearCrossEntropyLoss`): `loss(input, target)` is
/// `cross_entropy(linear(input), target)`, with the projection's weight `[numClasses·∏outFeatures, inFeatures]` under
/// `linear.weight` (and `linear.bias` when `bias` is true), class weights under the buffer `weight`, PyTorch's
/// initialisation (the `Linear`'s, from the same seed), printout and checks.
///
/// ```swift
/// let head = LinearCrossEntropyLoss(768, 50257)      // no bias by default, as in PyTorch
/// let loss = head(hidden, tokens)                     // hidden [N, 768], tokens [N] (int64)
/// ```
open class LinearCrossEntropyLoss: Loss {
    /// Per-class weights `[numClasses]`, or `nil` (a buffer, saved as `weight`).
    public var weight: Buffer?
    /// The projection (`linear`).
    public let linear: Linear
    /// The number of classes.
    public let numClasses: Int
    /// Extra logit dimensions after the class dimension (a K-dimensional loss); empty by default.
    public let outFeatures: [Int]
    /// A target index that contributes nothing; `nil` is PyTorch's `None` (-100).
    public let ignoreIndex: Int?
    /// How much probability is spread uniformly over the classes.
    public let labelSmoothing: Double
    /// The chunking settings (``LinearCrossEntropyOptions``), or `nil` for the reference path.
    public let options: LinearCrossEntropyOptions?

    /// A loss over `numClasses` classes from `inFeatures` inputs; the projection is drawn from `generator` (the
    /// default generator when `nil`).
    public init(_ inFeatures: Int, _ numClasses: Int, outFeatures: [Int] = [], bias: Bool = false, dtype: DType = .float32,
                reduction: Reduction = .mean, weight: Tensor? = nil, ignoreIndex: Int? = nil, labelSmoothing: Double = 0,
                options: LinearCrossEntropyOptions? = nil, generator: Generator? = nil) {
        if let weight {
            check(weight.shape == [numClasses],
                  "expected weight shape to be \(Functional.tuple([numClasses])), got \(Functional.tuple(weight.shape))")
        }
        check(labelSmoothing >= 0 && labelSmoothing <= 1,
              "expected label_smoothing to be in range [0, 1], got \(labelSmoothing)")
        self.weight = weight.map { Buffer($0) }
        (self.numClasses, self.outFeatures, self.ignoreIndex) = (numClasses, outFeatures, ignoreIndex)
        (self.labelSmoothing, self.options) = (labelSmoothing, options)
        linear = Linear(inFeatures, outFeatures.reduce(numClasses, *), bias: bias, dtype: dtype, generator: generator)
        super.init(reduction: reduction)
    }

    /// ``Functional/linearCrossEntropy(_:linearWeight:target:linearBias:weight:reduction:ignoreIndex:labelSmoothing:options:)``
    /// with the projection reshaped to `[numClasses, outFeatures…, inFeatures]`.
    open override func forward(_ input: Tensor, _ target: Tensor) -> Tensor {
        Functional.linearCrossEntropy(
            input, linearWeight: linear.weight.reshape([numClasses] + outFeatures + [linear.inFeatures]), target: target,
            linearBias: linear.bias?.reshape([numClasses] + outFeatures), weight: weight, reduction: reduction,
            ignoreIndex: ignoreIndex, labelSmoothing: labelSmoothing, options: options)
    }

    /// `in_features=4, num_classes=3, out_features=(), bias=False, reduction=mean, ignore_index=None,
    /// label_smoothing=0.0, options=None`.
    open override var extraRepr: String {
        "in_features=\(linear.inFeatures), num_classes=\(numClasses), out_features=\(Functional.tuple(outFeatures)), "
            + "bias=\(PythonRepr.bool(linear.bias != nil)), reduction=\(reduction.rawValue), "
            + "ignore_index=\(ignoreIndex.map(String.init) ?? "None"), label_smoothing=\(PythonFormat.repr(labelSmoothing)), "
            + "options=\(options.map(\.description) ?? "None")"
    }
}
