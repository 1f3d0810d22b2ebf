import CSynapseKernels

/// Runs `body` with automatic mixed precision on this thread (`with torch.autocast("cpu", dtype=…):`).
///
/// Inside, matrix products (`mm`, `matmul`, `bmm`, `addmm`, and so `Linear` and attention's projections) cast
/// their float32 operands to `dtype` and compute in it; the casts are recorded, so gradients flow back to the
/// float32 parameters (the "master weights") in float32. Operations PyTorch keeps in float32 under autocast
/// (`softmax`, `logSoftmax`, `layerNorm`, and the losses) cast half-precision inputs to float32 and return float32.
/// Everything else runs in the dtype of its inputs. Settings nest; the previous one is restored on exit.
///
/// ```swift
/// let logits = autocast(dtype: .bfloat16) { model(x) }     // bfloat16 activations from float32 weights
/// let loss = crossEntropy(logits, target)                  // float32
/// loss.backward()                                          // float32 gradients on model's parameters
/// ```
///
/// Unlike PyTorch, a weight's low-precision copy is not cached across the region: each product casts again.
/// Convolutions stay in float32 (Synapse's convolutions are float32/float64 only).
///
/// - Parameters:
///   - dtype: `.bfloat16` (the CPU default) or `.float16`.
///   - enabled: `false` runs `body` with autocast off (as `torch.autocast(..., enabled=False)`).
@discardableResult
public func autocast<R>(dtype: DType = .bfloat16, enabled: Bool = true, _ body: () throws -> R) rethrows -> R {
    check(dtype == .bfloat16 || dtype == .float16,
          "In CPU autocast, but the target dtype is not supported. CPU Autocast only supports dtypes of torch.bfloat16, torch.float16 currently.")
    let previous = synapse_get_autocast_code()
    synapse_set_autocast_code(enabled ? Autocast.code(dtype) : 0)
    defer { synapse_set_autocast_code(previous) }
    return try body()
}

/// The low-precision dtype of the calling thread's ``autocast(dtype:enabled:_:)`` region, or `nil` outside one
/// (`torch.is_autocast_enabled("cpu")` / `torch.get_autocast_dtype("cpu")`).
public var autocastDType: DType? { Autocast.dtype }

/// The per-thread autocast state and the two casting policies (package-visible: the losses in SynapseNN use
/// the float32 policy).
package enum Autocast {
    /// The thread-local code of `dtype` (0 means off).
    static func code(_ dtype: DType) -> Int32 { dtype == .bfloat16 ? 1 : 2 }

    /// The active low-precision dtype, `nil` when autocast is off.
    @inline(__always)
    package static var dtype: DType? {
        switch synapse_get_autocast_code() {
        case 0: nil
        case 1: .bfloat16
        default: .float16
        }
    }

    /// For a "lower precision" op: the dtype to cast float32 operands to, when autocast is on and one of them is
    /// float32; `nil` otherwise (so an op called again with cast operands runs as it is).
    @inline(__always)
    static func lowering(_ a: Tensor, _ b: Tensor) -> DType? {
        guard synapse_get_autocast_code() != 0, a.dtype == .float32 || b.dtype == .float32 else { return nil }
        return dtype
    }

    /// `x` cast (recorded) to `dtype` when it is float32; otherwise `x` itself (PyTorch casts only float32).
    @inline(__always)
    static func cast(_ x: Tensor, _ dtype: DType) -> Tensor { x.dtype == .float32 ? x.to(dtype) : x }

    /// For a "float32" op: `x` cast to float32 when autocast is on and `x` is a half type; `nil` otherwise.
    @inline(__always)
    package static func widened(_ x: Tensor) -> Tensor? {
        guard synapse_get_autocast_code() != 0, x.dtype == .bfloat16 || x.dtype == .float16 else { return nil }
        return x.to(.float32)
    }
}
