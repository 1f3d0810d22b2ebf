/// A stack of encoder layers (`torch.nn.TransformerEncoder`): `numLayers` copies of one layer (equal at first,
/// as PyTorch's deep copies are), then an optional final normalisation.
///
/// ```swift
/// let layer = TransformerEncoderLayer(dModel: 384, nhead: 12, dimFeedforward: 1536, batchFirst: true)
/// let encoder = TransformerEncoder(layer, numLayers: 6)
/// let h = encoder(x, srcKeyPaddingMask: padding)
/// ```
open class TransformerEncoder: Module {
    /// The layers, `layers.0`, `layers.1`….
    public let layers: ModuleList<TransformerEncoderLayer>
    /// The final normalisation, or `nil`.
    public let norm: LayerNorm?
    /// The number of layers.
    public let numLayers: Int

    /// `numLayers` copies of `encoderLayer` (which itself is not used) and `norm`. `enableNestedTensor` and
    /// `maskCheck` are accepted for PyTorch's signature; Synapse has no nested tensors, and padded positions are
    /// computed like the others.
    public init(_ encoderLayer: TransformerEncoderLayer, numLayers: Int, norm: LayerNorm? = nil,
                enableNestedTensor: Bool = true, maskCheck: Bool = true) {
        layers = ModuleList((0..<numLayers).map { _ in encoderLayer.copy() })
        self.norm = norm
        self.numLayers = numLayers
        super.init()
    }

    /// Runs `src` through every layer with the same masks, then the final normalisation.
    open func forward(_ src: Tensor, mask: Tensor?, srcKeyPaddingMask: Tensor?, isCausal: Bool) -> Tensor {
        let padding = srcKeyPaddingMask.map { Functional.canonicalMask($0, name: "src_key_padding_mask", dtype: src.dtype) }
        let mask = mask.map { Functional.canonicalMask($0, name: "mask", dtype: src.dtype) }
        var output = src
        for layer in layers {
            output = layer(output, srcMask: mask, srcKeyPaddingMask: padding, isCausal: isCausal)
        }
        return norm.map { $0(output) } ?? output
    }

    /// The tensor-to-tensor form (no masks).
    open override func forward(_ input: Tensor) -> Tensor {
        forward(input, mask: nil, srcKeyPaddingMask: nil, isCausal: false)
    }

    /// Encodes `src` with its hooks; masks as in ``TransformerEncoderLayer``.
    public func callAsFunction(_ src: Tensor, mask: Tensor? = nil, srcKeyPaddingMask: Tensor? = nil,
                               isCausal: Bool = false) -> Tensor {
        callForward(forward, src, mask, srcKeyPaddingMask, isCausal,
                    labels: ["src", "mask", "srcKeyPaddingMask", "isCausal"])
    }
}

/// A stack of decoder layers (`torch.nn.TransformerDecoder`): `numLayers` copies of one layer, then an optional
/// final normalisation.
open class TransformerDecoder: Module {
    /// The layers, `layers.0`, `layers.1`….
    public let layers: ModuleList<TransformerDecoderLayer>
    /// The final normalisation, or `nil`.
    public let norm: LayerNorm?
    /// The number of layers.
    public let numLayers: Int

    /// `numLayers` copies of `decoderLayer` and `norm`.
    public init(_ decoderLayer: TransformerDecoderLayer, numLayers: Int, norm: LayerNorm? = nil) {
        layers = ModuleList((0..<numLayers).map { _ in decoderLayer.copy() })
        self.norm = norm
        self.numLayers = numLayers
        super.init()
    }

    /// Runs `tgt` through every layer, each attending to `memory`, then the final normalisation.
    open func forward(
        _ tgt: Tensor, _ memory: Tensor, tgtMask: Tensor?, memoryMask: Tensor?, tgtKeyPaddingMask: Tensor?,
        memoryKeyPaddingMask: Tensor?, tgtIsCausal: Bool, memoryIsCausal: Bool
    ) -> Tensor {
        var output = tgt
        for layer in layers {
            output = layer(output, memory, tgtMask: tgtMask, memoryMask: memoryMask,
                           tgtKeyPaddingMask: tgtKeyPaddingMask, memoryKeyPaddingMask: memoryKeyPaddingMask,
                           tgtIsCausal: tgtIsCausal, memoryIsCausal: memoryIsCausal)
        }
        return norm.map { $0(output) } ?? output
    }

    /// Decodes with its hooks; masks as in ``TransformerDecoderLayer``.
    public func callAsFunction(
        _ tgt: Tensor, _ memory: Tensor, tgtMask: Tensor? = nil, memoryMask: Tensor? = nil,
        tgtKeyPaddingMask: Tensor? = nil, memoryKeyPaddingMask: Tensor? = nil, tgtIsCausal: Bool = false,
        memoryIsCausal: Bool = false
    ) -> Tensor {
        callForward(forward, tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, tgtIsCausal,
                    memoryIsCausal, labels: TransformerDecoderLayer.argumentLabels)
    }
}
