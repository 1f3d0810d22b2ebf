/// Derivatives of views and joins. A view's gradient is its input's gradient laid back out: reshaped, permuted
/// back, or written into zeros at the positions the view selected.
extension Autograd {
    /// Records a view of `input` (and remembers the base whose memory it shares).
    @discardableResult
    static func recordView(_ view: Tensor, of input: Tensor, name: String, formula: @escaping (Tensor) -> Tensor) -> Tensor {
        view.viewBase = input.viewBase ?? input
        guard needsGrad(input) else { return view }
        view.gradFn = ViewGradFn(name: name, edge: input.gradientEdge(), view: view, formula: formula)
        view.outputNumber = 0
        return view
    }

    /// The gradient of a view that selects positions of an input of `shape`: zeros with `g` at those positions.
    /// `select` re-applies the same selection to the zeros.
    static func scatterIntoZeros(_ g: Tensor, shape: [Int], select: (Tensor) -> Tensor) -> Tensor {
        let result = Tensor.zeros(shape, dtype: g.dtype)
        noGrad { select(result).copy_(g) }
        return result
    }

    /// Records a multi-output split of `input` along `dim` into `pieces`.
    static func recordSplit(_ pieces: [Tensor], of input: Tensor, dim: Int, name: String) -> [Tensor] {
        for piece in pieces { piece.viewBase = input.viewBase ?? input }
        guard needsGrad(input) else { return pieces }
        let shapes = pieces.map(\.shape), dtype = input.dtype
        attachMany(pieces, name: name, inputs: [input]) { gradients in
            let parts = zip(gradients, shapes).map { gradient, shape in gradient ?? Tensor.zeros(shape, dtype: dtype) }
            return InputGradients(Tensor.cat(parts, dim: dim))
        }
        return pieces
    }

    /// Records `cat`: each input gets its slice of the gradient.
    static func recordCat(_ out: Tensor, inputs: [Tensor], dim: Int, name: String, stacked: Bool) -> Tensor {
        guard needsGrad(inputs) else { return out }
        let sizes = inputs.map { stacked ? 1 : ($0.rank == 1 && $0.shape[0] == 0 ? 0 : $0.shape[dim]) }
        return attach(out, name: name, inputs: inputs) { g, _, _ in
            var start = 0
            return InputGradients(sizes.map { size in
                defer { start += size }
                let piece = g.narrow(dim, start: start, length: size)
                return stacked ? piece.squeeze(dim) : piece
            })
        }
    }
}
