/// The settings of PyTorch's chunked `linear_cross_entropy` (`torch.nn.LinearCrossEntropyOptions`), with its fields,
/// defaults, checks and printout. PyTorch uses them to process the batch in pieces so that the `[N, numClasses]`
/// logits are never held at once; Synapse keeps them so that code and printouts port unchanged, and computes the
/// reference path (the same loss and gradients up to rounding).
///
/// ```swift
/// let options = LinearCrossEntropyOptions(batchChunkSize: 1024, chunkingMethod: nil)
/// let loss = LinearCrossEntropyLoss(768, 50257, options: options)
/// ```
public struct LinearCrossEntropyOptions: Sendable, Equatable, CustomStringConvertible {
    /// The precision/memory trade-off of the chunked path (`acc_policy`).
    public enum AccPolicy: String, Sendable {
        /// Chosen per device and dtype when called (`"auto"`).
        case auto
        /// The accumulation dtype wherever it helps (`"accurate"`).
        case accurate
        /// The accumulation dtype only where gradients need it (`"compact"`).
        case compact
    }

    /// Whether `backward` may be called twice on the result (`allow_retain_graph`).
    public var allowRetainGraph: Bool
    /// Batch rows per chunk, or `nil` for one chunk (`batch_chunk_size`).
    public var batchChunkSize: Int?
    /// How the chunk size is picked: `"auto"`, `"aspect_ratio"`, `"aspect_ratio:N"`, or `nil` to use
    /// ``batchChunkSize`` (`chunking_method`).
    public var chunkingMethod: String?
    /// See ``AccPolicy`` (`acc_policy`).
    public var accPolicy: AccPolicy
    /// The dtype of internal accumulation, or `nil` to pick one when called (`acc_dtype`).
    public var accDtype: DType?

    /// Options with PyTorch's defaults; invalid values stop with PyTorch's messages.
    public init(allowRetainGraph: Bool = false, batchChunkSize: Int? = nil, chunkingMethod: String? = "auto",
                accPolicy: AccPolicy = .auto, accDtype: DType? = nil) {
        if let method = chunkingMethod, method != "auto" {
            let parts = method.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let factor = parts.count == 2 ? String(parts[1]) : "1"
            check(parts[0] == "aspect_ratio" && !factor.isEmpty && factor.allSatisfy(\.isASCII) && (Int(factor) ?? 0) > 0,
                  "invalid chunking_method: \(PythonRepr.string(method))")
        }
        if let batchChunkSize {
            check(batchChunkSize > 0, "batch_chunk_size must be positive int or None, got \(batchChunkSize)")
        }
        if let accDtype {
            check([.float16, .bfloat16, .float32, .float64].contains(accDtype),
                  "acc_dtype must be one of {None, torch.float16, torch.bfloat16, torch.float32, torch.float64}, got "
                  + "\(accDtype). Pass acc_dtype=None to let the op pick automatically.")
        }
        (self.allowRetainGraph, self.batchChunkSize, self.chunkingMethod) = (allowRetainGraph, batchChunkSize, chunkingMethod)
        (self.accPolicy, self.accDtype) = (accPolicy, accDtype)
    }

    /// The dataclass's repr: `LinearCrossEntropyOptions(allow_retain_graph=False, batch_chunk_size=None, …)`.
    public var description: String {
        "LinearCrossEntropyOptions(allow_retain_graph=\(PythonRepr.bool(allowRetainGraph)), "
            + "batch_chunk_size=\(batchChunkSize.map(String.init) ?? "None"), "
            + "chunking_method=\(chunkingMethod.map(PythonRepr.string) ?? "None"), "
            + "acc_policy=\(PythonRepr.string(accPolicy.rawValue)), acc_dtype=\(accDtype.map { "\($0)" } ?? "None"))"
    }
}
