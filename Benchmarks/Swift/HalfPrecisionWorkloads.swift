import Synapse

/// Half precision (issue 23): bfloat16 element-wise, reduction, linear layer and the 6-layer encoder of
/// ``TransformerWorkloads`` converted with `.to(.bfloat16)`, against the same in PyTorch (`model.to(torch.bfloat16)`).
/// `transformer_encoder_8x128_bf16_vs_f32` compares the bfloat16 encoder with Synapse's own float32 one: the target
/// is 1 / 1.5 (bfloat16 at least 1.5× the float32 throughput).
enum HalfPrecisionWorkloads {
    static var all: [Workload] {
        [
            Workload("add_16M_bf16", target: 1.0) {
                let a = Tensor.rand([TensorWorkloads.sixteenM]).to(.bfloat16)
                let b = Tensor.rand([TensorWorkloads.sixteenM]).to(.bfloat16)
                return { consume(a + b) }
            },
            Workload("sum_16M_bf16", target: 1.0) {
                let a = Tensor.rand([TensorWorkloads.sixteenM]).to(.bfloat16)
                return { consume(a.sum()) }
            },
            Workload("linear_1024x384x1536_bf16", target: 1.0, flops: 2 * 1024 * 384 * 1536) {
                manualSeed(0)
                let layer = Linear(384, 1536).to(.bfloat16)
                let x = Tensor.rand([1024, 384]).to(.bfloat16)
                return { consume(noGrad { layer(x) }) }
            },
            Workload("transformer_encoder_8x128_bf16", target: 1.0) {
                let (encoder, x) = bfloat16Encoder()
                return { consume(noGrad { encoder(x) }) }
            },
            Workload("transformer_encoder_8x128_bf16_vs_f32", target: 1 / 1.5,
                     reference: "synapse:transformer_encoder_8x128") {
                let (encoder, x) = bfloat16Encoder()
                return { consume(noGrad { encoder(x) }) }
            },
        ]
    }

    /// ``TransformerWorkloads/setup(batch:tokens:)``'s encoder and input (8 × 128 tokens), in bfloat16.
    static func bfloat16Encoder() -> (TransformerEncoder, Tensor) {
        let (encoder, x) = TransformerWorkloads.setup(batch: 8, tokens: 128)
        return (encoder.to(.bfloat16), x.to(.bfloat16))
    }
}
