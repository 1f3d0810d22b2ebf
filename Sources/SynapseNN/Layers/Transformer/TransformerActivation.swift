/// The activation of a transformer layer's feed-forward block (PyTorch's `activation` argument: `"relu"`,
/// `"gelu"` or any function).
public enum TransformerActivation: Sendable, ExpressibleByStringLiteral {
    /// `F.relu`, the default.
    case relu
    /// `F.gelu` (exact).
    case gelu
    /// Any function of one tensor.
    case custom(@Sendable (Tensor) -> Tensor)

    /// `"relu"` or `"gelu"`, as PyTorch accepts them; any other name stops with PyTorch's message.
    public init(stringLiteral name: String) {
        switch name {
        case "relu": self = .relu
        case "gelu": self = .gelu
        default: fatalError("activation should be relu/gelu, not \(name)")
        }
    }

    /// Applies the activation.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        switch self {
        case .relu: input.relu()
        case .gelu: input.gelu()
        case .custom(let function): function(input)
        }
    }
}

/// What a transformer layer is built from, kept so that ``TransformerEncoder`` and ``TransformerDecoder`` can
/// clone a layer as PyTorch's `copy.deepcopy` does.
struct TransformerLayerSettings {
    let dModel: Int
    let nhead: Int
    let dimFeedforward: Int
    let dropout: Double
    let activation: TransformerActivation
    let layerNormEps: Double
    let batchFirst: Bool
    let normFirst: Bool
    let bias: Bool
    let dtype: DType
}

extension Module {
    /// Copies every parameter and buffer of `source` (a module of the same structure) into this one, and its
    /// training flag: what `copy.deepcopy` gives PyTorch's transformer stacks, without drawing random numbers.
    func copyState(from source: Module) {
        noGrad {
            for (target, value) in zip(parameters(), source.parameters()) { target.copy_(value) }
            for (target, value) in zip(buffers(), source.buffers()) { target.copy_(value) }
        }
        train(source.training)
    }
}
