/// PyTorch's default print options (`torch.set_printoptions(profile="default")`), fixed in Synapse.
enum TensorPrintOptions {
    /// Digits after the point (`{:.4f}`, `{:.4e}`).
    static let precision = 4
    /// Tensors with more elements than this are summarised with `...`.
    static let threshold = 1000
    /// Items kept at each end of a summarised dimension.
    static let edgeItems = 3
    /// Characters per line before rows wrap.
    static let lineWidth = 80
}
