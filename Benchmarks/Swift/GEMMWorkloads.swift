import Synapse

/// Matrix-product workloads, calling ``GEMM`` directly on tensor buffers.
enum GEMMWorkloads {
    static var all: [Workload] {
        [
            // Target: at least 0.85× PyTorch's GFLOP/s, i.e. at most 1/0.85 of its time.
            sgemm("sgemm_1024", size: 1024, backend: nil, target: 1 / 0.85),
            // The Swift kernel alone, for reference against the same PyTorch number.
            sgemm("sgemm_1024_native", size: 1024, backend: .native, target: nil, reference: "sgemm_1024"),
        ]
    }

    /// `C = A·B` for square `size × size` float32 matrices, on `backend` (the default one when `nil`), into a
    /// preallocated C (PyTorch side: `torch.mm(a, b, out=c)`).
    static func sgemm(_ name: String, size n: Int, backend: GEMM.Backend?, target: Double?,
                      reference: String? = nil) -> Workload {
        Workload(name, target: target, flops: 2 * Double(n) * Double(n) * Double(n), reference: reference) {
            let a = TensorWorkloads.normalInput([n, n]), b = TensorWorkloads.normalInput([n, n])
            let c = Tensor.empty([n, n])
            return {
                a.withUnsafeElements(of: Float.self) { a, _, _ in
                    b.withUnsafeElements(of: Float.self) { b, _, _ in
                        c.withUnsafeElements(of: Float.self) { c, _, _ in
                            GEMM.multiply(m: n, n: n, k: n, a: a, lda: n, b: b, ldb: n, c: c, ldc: n,
                                          backend: backend)
                        }
                    }
                }
            }
        }
    }
}
