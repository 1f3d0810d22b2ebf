/// A tensor's ``Tensor/grad`` and the hooks run on its gradient before it is accumulated there, shared by the
/// tensor and its ``AccumulateGrad`` node.
///
/// The node holds this rather than the tensor. Holding the tensor would need a weak reference (the tensor holds
/// the node), and a weakly referenced object gets a side table, which makes every retain and release of it —
/// parameters are retained by each operation that uses them — several times slower. A store whose tensor is
/// gone still receives gradients while a graph reaches its node; nothing can read them.
final class GradientStore: @unchecked Sendable {
    /// The accumulated gradient.
    @exclusivity(unchecked) var value: Tensor?
    /// Hooks run on each incoming gradient, in registration order; a hook's result replaces the gradient.
    @exclusivity(unchecked) var hooks: [(id: Int, hook: (Tensor) -> Tensor?)] = []
    /// Hooks run with the tensor after a gradient was accumulated into ``value``, in registration order
    /// (``Tensor/registerPostAccumulateGradHook(_:)``).
    @exclusivity(unchecked) var postAccumulateHooks: [(id: Int, hook: (Tensor) -> Void)] = []
    /// The tensor the post-accumulate hooks are called with. Weak, and set only once such a hook is registered:
    /// a weakly referenced object's retains cost more, which only tensors with these hooks pay.
    weak var hookedTensor: Tensor?
}

extension Tensor {
    /// This tensor's ``GradientStore``, created on first use.
    func makeGradientStore() -> GradientStore {
        if let gradientStore { return gradientStore }
        let store = GradientStore()
        gradientStore = store
        return store
    }
}
