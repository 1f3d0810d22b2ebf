extension Tensor {
    /// Passes `tensors` through one identity node of the backward graph (PyTorch's `BackwardHookFunction`, which
    /// `nn.Module`'s full backward hooks wrap a module's inputs and outputs in): the returned tensors share each
    /// input's memory, and when a backward pass reaches them, `onGradients` receives the gradients that arrived for
    /// each of them together (`nil` where none did) and returns the gradients to pass on to the inputs.
    ///
    /// Tensors that don't require a gradient are returned as they are; when none does, or grad mode is off,
    /// `tensors` comes back unchanged and `onGradients` is never called.
    public static func backwardHookFunction(
        _ tensors: [Tensor], onGradients: @escaping ([Tensor?]) -> [Tensor?]
    ) -> [Tensor] {
        let tracked = tensors.indices.filter { tensors[$0].requiresGrad }
        guard GradMode.isEnabled, !tracked.isEmpty else { return tensors }
        var results = tensors
        let aliases = tracked.map { Tensor(sharing: tensors[$0]) }
        for (position, alias) in zip(tracked, aliases) { results[position] = alias }
        let count = tracked.count
        Autograd.attachMany(aliases, name: "BackwardHookFunctionBackward", inputs: tracked.map { tensors[$0] }) {
            gradients in
            let passed = onGradients(gradients)
            check(passed.count == count,
                  "backward hook returned \(passed.count) gradients, but the node has \(count) inputs")
            return InputGradients(passed)
        }
        return results
    }
}
