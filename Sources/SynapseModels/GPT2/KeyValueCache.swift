/// The keys and values every attention layer has seen so far (transformers' `DynamicCache`), so that generating
/// one more token attends to the past without recomputing it.
///
/// Pass the same cache to each call of ``GPT2LMHeadModel/callAsFunction(_:attentionMask:cache:)``; each layer
/// appends the keys and values of the new positions.
public final class KeyValueCache {
    /// Per layer: keys and values `[batch, heads, positions, headWidth]`, `nil` until the layer first runs.
    public private(set) var layers: [(keys: Tensor, values: Tensor)?]

    /// An empty cache for `layerCount` layers.
    public init(layerCount: Int) {
        layers = Array(repeating: nil, count: layerCount)
    }

    /// Number of positions already cached (0 when empty).
    public var length: Int { layers.first.flatMap { $0?.keys.size(2) } ?? 0 }

    /// Appends `keys` and `values` of new positions to layer `index`; returns everything cached for it.
    func append(layer index: Int, keys: Tensor, values: Tensor) -> (keys: Tensor, values: Tensor) {
        let merged: (keys: Tensor, values: Tensor)
        if let past = layers[index] {
            merged = (Tensor.cat([past.keys, keys], dim: 2), Tensor.cat([past.values, values], dim: 2))
        } else {
            merged = (keys, values)
        }
        layers[index] = merged
        return merged
    }
}
