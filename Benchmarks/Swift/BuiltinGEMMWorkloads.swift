import Dispatch
import Synapse

/// The shapes transformers multiply (issue 23), on the built-in kernel and on OpenBLAS (when it is installed),
/// each against the same PyTorch workload: a linear layer's tall-skinny product and attention's batched one.
enum BuiltinGEMMWorkloads {
    static var all: [Workload] {
        let backends: [(suffix: String, backend: GEMM.Backend)] =
            [("_native", .native)] + (GEMM.isAvailable(.openBLAS) ? [("_openblas", .openBLAS)] : [])
        return backends.flatMap { suffix, backend in
            [
                // A BERT-base feed-forward input on 8 × 128 tokens: [1024, 384] · [384, 1536].
                Workload("sgemm_1024x384x1536" + suffix, target: 1, flops: 2 * 1024 * 384 * 1536,
                         reference: "sgemm_1024x384x1536") { product(m: 1024, k: 384, n: 1536, batches: 1, backend) },
                // Attention scores of 8 sequences × 12 heads: 96 products [128, 32] · [32, 128].
                Workload("bmm_96x128x32x128" + suffix, target: 1, flops: 2 * 96 * 128 * 32 * 128,
                         reference: "bmm_96x128x32x128") { product(m: 128, k: 32, n: 128, batches: 96, backend) },
            ]
        }
    }

    /// `batches` float32 products `[m, k] · [k, n]` into a preallocated C on `backend`, the batches split across
    /// the threads as attention splits its heads (PyTorch side: `torch.bmm(a, b, out=c)` or `torch.mm`).
    static func product(m: Int, k: Int, n: Int, batches: Int, _ backend: GEMM.Backend) -> () -> Void {
        let a = TensorWorkloads.normalInput([batches, m, k]), b = TensorWorkloads.normalInput([batches, k, n])
        let c = Tensor.empty([batches, m, n])
        return {
            a.withUnsafeElements(of: Float.self) { a, _, _ in
                b.withUnsafeElements(of: Float.self) { b, _, _ in
                    c.withUnsafeElements(of: Float.self) { c, _, _ in
                        nonisolated(unsafe) let (a, b, c) = (a, b, c)
                        let parts = Swift.min(batches, getNumThreads())
                        let run: @Sendable (Int) -> Void = { part in
                            for batch in batches * part / parts ..< batches * (part + 1) / parts {
                                GEMM.multiply(m: m, n: n, k: k, a: a + batch * m * k, lda: k, b: b + batch * k * n,
                                              ldb: n, c: c + batch * m * n, ldc: n, backend: backend)
                            }
                        }
                        if parts == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: run) }
                    }
                }
            }
        }
    }
}
