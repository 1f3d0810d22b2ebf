extension Init {
    /// Fills a 3-, 4- or 5-D convolution weight with the Dirac delta (`nn.init.dirac_`): each of the first
    /// `min(out/groups, in)` output channels of every group passes its input channel through unchanged.
    @discardableResult
    public static func dirac_(_ tensor: Tensor, groups: Int = 1) -> Tensor {
        check([3, 4, 5].contains(tensor.rank), "Only tensors with 3, 4, or 5 dimensions are supported")
        check(tensor.shape[0] % groups == 0, "dim 0 must be divisible by groups")
        let outPerGroup = tensor.shape[0] / groups
        let centre = tensor.shape.dropFirst(2).map { TensorIndex.index($0 / 2) }
        return filling(tensor) { tensor in
            tensor.zero_()
            for group in 0..<groups {
                for channel in 0..<min(outPerGroup, tensor.shape[1]) {
                    tensor.index([.index(group * outPerGroup + channel), .index(channel)] + centre).fill_(1)
                }
            }
        }
    }

    /// Fills the 2-D `tensor` as a sparse matrix (`nn.init.sparse_`): `normal_(0, std)`, then in each column the
    /// rows named by the first `ceil(sparsity · rows)` entries of a fresh `randperm(rows)` are zeroed.
    ///
    /// As in PyTorch, the permutations come from the default generator even when `generator` is given (only the
    /// normal draw uses it), so the same seeds give the same matrix.
    @discardableResult
    public static func sparse_(_ tensor: Tensor, sparsity: Double, std: Double = 0.01, generator: Generator? = nil)
        -> Tensor {
        check(tensor.rank == 2, "Only tensors with 2 dimensions are supported")
        let (rows, columns) = (tensor.shape[0], tensor.shape[1])
        let zeros = Int((sparsity * Double(rows)).rounded(.up))
        return filling(tensor) { tensor in
            tensor.normal_(mean: 0, std: std, generator: generator)
            for column in 0..<columns {
                let order = Tensor.randperm(rows).toArray(of: Int64.self)
                for row in order.prefix(zeros) { tensor[Int(row), column] = 0 }
            }
        }
    }

    /// Fills `tensor` with a (semi-)orthogonal matrix (`nn.init.orthogonal_`): the Q of the QR factorisation of a
    /// standard normal `rows × (numel / rows)` matrix (transposed when wider than tall), made unique by giving R a
    /// positive diagonal, then scaled by `gain`. The draws are PyTorch's; the factorisation is Synapse's own
    /// (modified Gram–Schmidt in double precision), equal to LAPACK's to rounding.
    @discardableResult
    public static func orthogonal_(_ tensor: Tensor, gain: Double = 1, generator: Generator? = nil) -> Tensor {
        check(tensor.rank >= 2, "Only tensors with 2 or more dimensions are supported")
        guard tensor.numel > 0 else { return tensor }
        let rows = tensor.shape[0], columns = tensor.numel / rows
        let flat = Tensor.empty([rows, columns], dtype: tensor.dtype).normal_(mean: 0, std: 1, generator: generator)
        let tall = rows < columns ? flat.t() : flat
        let q = Tensor(flat: orthonormalColumns(tall.toArray(of: Double.self), rows: tall.shape[0],
                                                columns: tall.shape[1]),
                       shape: tall.shape).to(tensor.dtype)
        return filling(tensor) { tensor in
            tensor.view(rows, columns).copy_(rows < columns ? q.t() : q)
            tensor.mul_(gain)
        }
    }

    /// The Q factor (row-major `rows × columns`, `rows ≥ columns`) of the row-major matrix `a` with R's diagonal
    /// positive, by modified Gram–Schmidt.
    static func orthonormalColumns(_ a: [Double], rows: Int, columns: Int) -> [Double] {
        var q = a
        for j in 0..<columns {
            for k in 0..<j {
                var dot = 0.0
                for i in 0..<rows { dot += q[i * columns + k] * q[i * columns + j] }
                for i in 0..<rows { q[i * columns + j] -= dot * q[i * columns + k] }
            }
            var norm = 0.0
            for i in 0..<rows { norm += q[i * columns + j] * q[i * columns + j] }
            norm = norm.squareRoot()
            for i in 0..<rows { q[i * columns + j] /= norm }
        }
        return q
    }
}
