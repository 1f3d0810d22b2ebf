extension Tensor {
    /// Registers `hook`, called with this leaf tensor after a backward pass has accumulated a gradient into its
    /// ``grad`` (`register_post_accumulate_grad_hook`): after the gradient hooks of ``registerHook(_:)``, once
    /// per backward pass that reaches the tensor. The hook returns nothing; it may read and reset `grad` and update
    /// the tensor, which is how an optimiser runs inside the backward pass:
    ///
    /// ```swift
    /// for parameter in model.parameters() {
    ///     parameter.registerPostAccumulateGradHook { p in
    ///         noGrad { _ = p.add_(p.grad!, alpha: -0.01) }
    ///         p.grad = nil
    ///     }
    /// }
    /// ```
    ///
    /// The tensor is held weakly: a hook doesn't keep it alive. Stops with PyTorch's message when the tensor
    /// doesn't require grad or is not a leaf.
    @discardableResult
    public func registerPostAccumulateGradHook(_ hook: @escaping (Tensor) -> Void) -> HookHandle {
        check(requiresGrad, "cannot register a hook on a tensor that doesn't require gradient")
        check(gradFn == nil, "post accumulate grad hooks cannot be registered on non-leaf tensors")
        let store = makeGradientStore()
        if store.hookedTensor == nil { store.hookedTensor = self }
        let id = HookHandle.nextID()
        store.postAccumulateHooks.append((id, hook))
        return HookHandle { [store] in store.postAccumulateHooks.removeAll { $0.id == id } }
    }
}
