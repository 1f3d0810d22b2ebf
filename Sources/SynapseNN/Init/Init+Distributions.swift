extension Init {
    /// Fills `tensor` with values drawn uniformly from `[a, b)` (`nn.init.uniform_`).
    @discardableResult
    public static func uniform_(_ tensor: Tensor, _ a: Double = 0, _ b: Double = 1, generator: Generator? = nil)
        -> Tensor {
        filling(tensor) { _ = $0.uniform_(a, b, generator: generator) }
    }

    /// Fills `tensor` with values drawn from `N(mean, std²)` (`nn.init.normal_`).
    @discardableResult
    public static func normal_(_ tensor: Tensor, mean: Double = 0, std: Double = 1, generator: Generator? = nil)
        -> Tensor {
        filling(tensor) { _ = $0.normal_(mean: mean, std: std, generator: generator) }
    }

    /// Fills `tensor` with `value` (`nn.init.constant_`).
    @discardableResult
    public static func constant_(_ tensor: Tensor, _ value: Double) -> Tensor {
        filling(tensor) { _ = $0.fill_(value) }
    }

    /// Fills `tensor` with ones (`nn.init.ones_`).
    @discardableResult
    public static func ones_(_ tensor: Tensor) -> Tensor { constant_(tensor, 1) }

    /// Fills `tensor` with zeros (`nn.init.zeros_`).
    @discardableResult
    public static func zeros_(_ tensor: Tensor) -> Tensor {
        filling(tensor) { _ = $0.zero_() }
    }

    /// Fills the 2-D `tensor` with the identity matrix (ones on the diagonal), `nn.init.eye_`.
    @discardableResult
    public static func eye_(_ tensor: Tensor) -> Tensor {
        check(tensor.rank == 2, "Only tensors with 2 dimensions are supported")
        return filling(tensor) {
            _ = $0.copy_(Tensor.eye(tensor.shape[0], tensor.shape[1], dtype: tensor.dtype))
        }
    }
}
