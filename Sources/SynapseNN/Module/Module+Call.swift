extension Module {
    /// Runs `forward` on `arguments` the way calling a PyTorch module runs its `forward`: forward pre-hooks
    /// first (they may replace arguments), then `forward`, then forward hooks (they may replace the result), with
    /// the full backward hooks wired around the tensors going in and out. Without hooks it is a plain call.
    ///
    /// A module whose computation takes more than one tensor, or returns something else than a tensor, writes its
    /// `forward` with the signature it needs and one `callAsFunction` that routes through here:
    ///
    /// ```swift
    /// final class EncoderLayer: Module {
    ///     let attention = MultiheadAttention(64, 4, batchFirst: true)
    ///     let norm = LayerNorm(64)
    ///
    ///     func forward(_ x: Tensor, mask: Tensor?) -> Tensor {
    ///         norm(x + attention(x, x, x, attnMask: mask, needWeights: false).0)
    ///     }
    ///
    ///     func callAsFunction(_ x: Tensor, mask: Tensor? = nil) -> Tensor {
    ///         callForward(forward, x, mask, labels: ["x", "mask"])
    ///     }
    /// }
    /// let y = layer(h, mask: m)     // hooks registered on `layer` see (and may replace) h and m
    /// ```
    ///
    /// `labels` name the arguments for hooks (``ForwardArguments/subscript(_:)-(String)``); they are optional.
    public func callForward<each Argument, Output>(
        _ forward: (repeat each Argument) -> Output, _ arguments: repeat each Argument, labels: [String] = []
    ) -> Output {
        guard hooks.wrapCalls else { return forward(repeat each arguments) }
        var boxed: [Any] = []
        for argument in repeat each arguments { boxed.append(argument) }
        let moduleName = typeName
        let output = runWithHooks(ForwardArguments(values: boxed, labels: labels, moduleName: moduleName)) { call in
            var position = 0
            func unbox<T>(_: T.Type) -> T {
                defer { position += 1 }
                guard let value = call.values[position] as? T else {
                    fatalError("a forward pre-hook of \(moduleName) replaced argument \(position) (a \(T.self)) "
                        + "with a \(type(of: call.values[position]))")
                }
                return value
            }
            return forward(repeat unbox((each Argument).self))
        }
        guard let typed = output as? Output else {
            fatalError("a forward hook of \(moduleName) replaced its result (a \(Output.self)) with a \(type(of: output))")
        }
        return typed
    }

    /// The hooked part of ``callForward(_:_:labels:)``, kept apart from the generic function so that each
    /// signature specialises only the boxing.
    private func runWithHooks(_ arguments: ForwardArguments, _ body: (ForwardArguments) -> Any) -> Any {
        var arguments = arguments
        let count = arguments.count
        for entry in hooks.forwardPre.entries { entry.hook(self, &arguments) }
        check(arguments.count == count,
              "a forward pre-hook of \(typeName) changed the number of arguments from \(count) to \(arguments.count)")
        let backward = BackwardHookState.start(for: self, argumentCount: count)
        if let backward { arguments.values = backward.wrapInputs(arguments.values) }
        var output = body(arguments)
        for entry in hooks.forward.entries { entry.hook(self, arguments, &output) }
        if let backward { output = backward.wrapOutput(output) }
        return output
    }
}
