import Synapse

/// Workloads on the public tensor API (element-wise, reductions, random fills, products), with PyTorch's
/// inputs: `rand` for element-wise operands, `randn` for matrices.
enum TensorWorkloads {
    static let sixteenM = 16 << 20
    static let sixtyFourM = 64 << 20

    static var all: [Workload] {
        [
            Workload("add_2x4", target: 0.25) {
                let a = uniformInput([2, 4]), b = uniformInput([2, 4])
                return { consume(a + b) }
            },
            Workload("add_16M", target: 1.0) {
                let a = uniformInput([sixteenM]), b = uniformInput([sixteenM])
                return { consume(a + b) }
            },
            Workload("sum_16M", target: 1.0) {
                let a = uniformInput([sixteenM])
                return { consume(a.sum()) }
            },
            Workload("exp_16M", target: nil) {
                let a = uniformInput([sixteenM])
                return { consume(a.exp()) }
            },
            // Element-wise operations without a C kernel of their own (issue 23, item 6: both cores on large
            // tensors): their loops run through `ElementFunction` types.
            Workload("mul_scalar_16M", target: 1.0) {
                let a = uniformInput([sixteenM])
                return { consume(a * 2) }
            },
            Workload("abs_16M", target: 1.0) {
                let a = uniformInput([sixteenM])
                return { consume(a.abs()) }
            },
            Workload("clamp_16M", target: 1.0) {
                let a = uniformInput([sixteenM])
                return { consume(a.clamp(min: 0.25, max: 0.75)) }
            },
            Workload("gt_16M", target: 1.0) {
                let a = uniformInput([sixteenM]), b = uniformInput([sixteenM])
                return { consume(a .> b) }
            },
            Workload("maximum_16M", target: 1.0) {
                let a = uniformInput([sixteenM]), b = uniformInput([sixteenM])
                return { consume(a.maximum(b)) }
            },
            Workload("uniform_64M", target: 0.5) {
                { consume(Tensor.empty([sixtyFourM]).uniform_()) }
            },
            Workload("normal_64M", target: 1.0) {
                { consume(Tensor.empty([sixtyFourM]).normal_()) }
            },
            // sgemm_1024 through the tensor API (allocates the result, like `a @ b`); reported, no target yet.
            Workload("matmul_1024", target: nil, flops: 2 * 1024 * 1024 * 1024) {
                let a = Tensor.randn([1024, 1024]), b = Tensor.randn([1024, 1024])
                return { consume(a.matmul(b)) }
            },
        ]
    }

    /// Float32 values uniform in [0, 1) (PyTorch side: `torch.rand`).
    static func uniformInput(_ shape: [Int]) -> Tensor { Tensor.rand(shape) }

    /// Float32 values from a standard normal distribution (PyTorch side: `torch.randn`).
    static func normalInput(_ shape: [Int]) -> Tensor { Tensor.randn(shape) }
}
