import Synapse

/// Element-wise operations on 16 Mi elements whose loops used to take closures (issue 23, item 6, round 7): `where`,
/// `masked_fill`, `pow` with a tensor exponent, integer arithmetic and logical operations. PyTorch's inputs: `rand`
/// floats, masks `rand > 0.5`, integers `randint(-1000, 1000)`.
enum ElementwiseWorkloads {
    static var all: [Workload] {
        let count = TensorWorkloads.sixteenM
        return [
            Workload("where_16M", target: 1.0) {
                let mask = TensorWorkloads.uniformInput([count]) .> 0.5
                let a = TensorWorkloads.uniformInput([count]), b = TensorWorkloads.uniformInput([count])
                return { consume(Tensor.where(mask, a, b)) }
            },
            Workload("masked_fill_16M", target: 1.0) {
                let mask = TensorWorkloads.uniformInput([count]) .> 0.5, a = TensorWorkloads.uniformInput([count])
                return { consume(a.maskedFill(mask, 0.5)) }
            },
            Workload("pow_tensor_16M", target: 1.0) {
                let a = TensorWorkloads.uniformInput([count]), b = TensorWorkloads.uniformInput([count])
                return { consume(a.pow(b)) }
            },
            Workload("add_int64_16M", target: 1.0) {
                let a = Tensor.randint(-1000, 1000, [count]), b = Tensor.randint(-1000, 1000, [count])
                return { consume(a + b) }
            },
            Workload("logical_and_16M", target: 1.0) {
                let a = TensorWorkloads.uniformInput([count]) .> 0.5, b = TensorWorkloads.uniformInput([count]) .> 0.5
                return { consume(a .& b) }
            },
        ]
    }
}
