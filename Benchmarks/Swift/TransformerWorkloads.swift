import Synapse

/// Transformer inference (issue 17): a 6-layer encoder (hidden 384, 12 heads, feed-forward 1536, batch first,
/// eval, no grad) on 1 × 8 and 8 × 128 tokens, the same model as `torch_bench.py`'s (same seed, same weights).
/// PyTorch runs its fused encoder fast path there.
enum TransformerWorkloads {
    static var all: [Workload] {
        [
            Workload("transformer_encoder_1x8", target: 0.5) {
                let (encoder, x) = setup(batch: 1, tokens: 8)
                return { consume(noGrad { encoder(x) }) }
            },
            Workload("transformer_encoder_8x128", target: 1.0) {
                let (encoder, x) = setup(batch: 8, tokens: 128)
                return { consume(noGrad { encoder(x) }) }
            },
        ]
    }

    /// `torch.manual_seed(0)`, the layer, six copies, eval, and an input drawn after them.
    static func setup(batch: Int, tokens: Int) -> (TransformerEncoder, Tensor) {
        manualSeed(0)
        let layer = TransformerEncoderLayer(dModel: 384, nhead: 12, dimFeedforward: 1536, dropout: 0, batchFirst: true)
        let encoder = TransformerEncoder(layer, numLayers: 6, enableNestedTensor: false)
        encoder.eval()
        return (encoder, Tensor.rand([batch, tokens, 384]))
    }
}
