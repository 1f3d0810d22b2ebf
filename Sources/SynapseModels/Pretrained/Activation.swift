/// The activations a Hugging Face config names (`ACT2FN` in transformers), as Synapse modules.
enum Activation {
    /// The module for `name`; throws for a name this port doesn't know.
    static func named(_ name: String) throws(PretrainedError) -> Module {
        switch name {
        case "gelu": GELU()
        case "gelu_new", "gelu_pytorch_tanh": GELU(approximate: .tanh)
        case "relu": ReLU()
        case "silu", "swish": SiLU()
        case "tanh": Tanh()
        default:
            throw .invalidConfig("activation '\(name)' is not supported (expected gelu, gelu_new, gelu_pytorch_tanh, relu, silu or tanh)")
        }
    }
}
