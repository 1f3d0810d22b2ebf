extension Tensor {
    /// Records `output`, computed by the caller without autograd, as the result of one operation of `inputs`
    /// whose backward is `backward`: it receives the gradient of `output` and returns one gradient per input
    /// (`nil` for none), shaped like that input. This is how an operation with a hand-written gradient (PyTorch's
    /// `CtcLossBackward0`) joins the graph without being composed of differentiable steps.
    ///
    /// When grad mode is off or no input requires a gradient, `output` is returned unchanged and nothing is recorded.
    public static func recordOperation(
        _ output: Tensor, name: String, inputs: [Tensor], backward: @escaping (Tensor) -> [Tensor?]
    ) -> Tensor {
        guard GradMode.isEnabled, inputs.contains(where: { $0.requiresGrad }) else { return output }
        check(output.gradFn == nil, "recordOperation: the output already belongs to the graph")
        let count = inputs.count
        Autograd.attachMany([output], name: name, inputs: inputs) { gradients in
            guard let gradient = gradients.first ?? nil else { return InputGradients() }
            let results = backward(gradient)
            check(results.count == count, "\(name) returned \(results.count) gradients for \(count) inputs")
            return InputGradients(results)
        }
        return output
    }
}
