extension Tensor {
    /// Makes this tensor object stand for `other` in the autograd graph: it takes `other`'s `gradFn` and output
    /// number (or, for a leaf that requires grad, its gradient accumulator and `.grad`), so gradients reaching it
    /// flow to `other`'s history. Both must view the same memory (a tensor made with `init(sharing:)`).
    /// Parametrizations use it to keep a computed value in a `Parameter`-typed property.
    package func adoptAutogradIdentity(of other: Tensor) {
        check(storage === other.storage && shape == other.shape && strides == other.strides
            && storageOffset == other.storageOffset, "adoptAutogradIdentity needs a tensor sharing the same view")
        if let gradFn = other.gradFn {
            self.gradFn = gradFn
            outputNumber = other.outputNumber
            viewBase = other.viewBase
        } else if other.requiresGrad {
            _ = other.gradientEdge()
            requiresGradFlag = true
            gradAccumulatorNode = other.gradAccumulatorNode
            gradientStore = other.makeGradientStore()
        }
    }
}
