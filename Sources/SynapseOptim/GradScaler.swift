import SynapseTensor

/// Loss scaling for mixed-precision training (`torch.amp.GradScaler`): multiplies the loss by a large factor
/// before `backward()` so that small float16 gradients don't flush to zero, divides the gradients by it before
/// the optimiser's step, skips steps whose gradients overflowed (inf or NaN), and adapts the factor: halved
/// (`backoffFactor`) after an overflow, doubled (`growthFactor`) after `growthInterval` clean steps in a row.
///
/// ```swift
/// let scaler = GradScaler()
/// for (x, y) in batches {
///     optimizer.zeroGrad()
///     let loss = autocast(dtype: .float16) { Functional.mseLoss(model(x), y) }
///     scaler.scale(loss).backward()
///     scaler.step(optimizer)        // unscales, then steps unless a gradient is inf/NaN
///     scaler.update()
/// }
/// ```
///
/// The scale is a float32 value as in PyTorch, and the arithmetic on it is PyTorch's (`_amp_update_scale_`), so the
/// trajectory of scales and skipped steps is the same. With `enabled: false` every method passes through.
public final class GradScaler {
    /// Whether scaling is on; when off, ``scale(_:)`` returns the loss and ``step(_:)`` just steps.
    public let isEnabled: Bool
    /// The factor the scale grows by after ``growthInterval`` steps without overflow.
    public var growthFactor: Double
    /// The factor the scale shrinks by after a step with overflow.
    public var backoffFactor: Double
    /// How many consecutive steps without overflow grow the scale.
    public var growthInterval: Int
    /// Consecutive steps without overflow since the scale last changed (`_growth_tracker`).
    public private(set) var growthTracker = 0
    /// The current scale, in float32 as PyTorch keeps it.
    private var scaleValue: Float

    /// Where one optimiser is between two ``update(newScale:)`` calls.
    private enum Stage { case unscaled, stepped }
    /// Per optimiser (by identity) since the last update: its stage and whether its gradients overflowed.
    private var optimizerStates: [ObjectIdentifier: (stage: Stage, foundInf: Bool)] = [:]

    /// A scaler with PyTorch's defaults.
    ///
    /// - Parameters:
    ///   - initScale: The first scale (65536).
    ///   - growthFactor: Multiplies the scale after `growthInterval` clean steps (2).
    ///   - backoffFactor: Multiplies the scale after an overflow (0.5).
    ///   - growthInterval: Clean steps in a row before growing (2000).
    ///   - enabled: `false` makes every method a pass-through.
    public init(initScale: Double = 65536, growthFactor: Double = 2, backoffFactor: Double = 0.5,
                growthInterval: Int = 2000, enabled: Bool = true) {
        check(growthFactor > 1, "The growth factor must be > 1.0.")
        check(backoffFactor < 1, "The backoff factor must be < 1.0.")
        self.isEnabled = enabled
        self.scaleValue = Float(initScale)
        self.growthFactor = growthFactor
        self.backoffFactor = backoffFactor
        self.growthInterval = growthInterval
    }

    /// The current scale (`get_scale()`); 1 when disabled.
    public var scale: Double { isEnabled ? Double(scaleValue) : 1 }

    /// `loss` times the scale (float32 scale, so a half-precision loss becomes float32 as in PyTorch).
    public func scale(_ loss: Tensor) -> Tensor {
        guard isEnabled else { return loss }
        return loss * Tensor(flat: [scaleValue], shape: [])
    }

    /// Divides `optimizer`'s gradients by the scale in place (`unscale_`), recording whether any is inf or NaN.
    /// Call it before clipping gradients; ``step(_:)`` calls it when you haven't. At most once per optimiser
    /// between two ``update(newScale:)`` calls, and not after ``step(_:)``.
    public func unscale_(_ optimizer: any OptimizerProtocol) {
        guard isEnabled else { return }
        let key = ObjectIdentifier(optimizer)
        if let state = optimizerStates[key] {
            check(state.stage != .unscaled, "unscale_() has already been called on this optimizer since the last update().")
            check(false, "unscale_() is being called after step().")
        }
        // As PyTorch: the reciprocal in double, then rounded to float32 once.
        let inverse = Tensor(flat: [Float(1 / Double(scaleValue))], shape: [])
        var foundInf = false
        noGrad {
            for parameter in optimizer.parameters {
                guard let grad = parameter.grad else { continue }
                check(grad.dtype != .float16, "Attempting to unscale FP16 gradients.")
                if !foundInf && !grad.isfinite().all().item(as: Bool.self) { foundInf = true }
                _ = grad.mul_(inverse)
            }
        }
        optimizerStates[key] = (.unscaled, foundInf)
    }

    /// Unscales `optimizer`'s gradients if ``unscale_(_:)`` wasn't called, then runs `optimizer.step()` unless a
    /// gradient was inf or NaN. Returns whether the step ran.
    @discardableResult
    public func step(_ optimizer: any OptimizerProtocol) -> Bool {
        guard isEnabled else {
            optimizer.step()
            return true
        }
        let key = ObjectIdentifier(optimizer)
        check(optimizerStates[key]?.stage != .stepped, "step() has already been called since the last update().")
        if optimizerStates[key] == nil { unscale_(optimizer) }
        let foundInf = optimizerStates[key]!.foundInf
        if !foundInf { optimizer.step() }
        optimizerStates[key] = (.stepped, foundInf)
        return !foundInf
    }

    /// Adapts the scale after this iteration's steps (`update()`): backs off if any optimiser's gradients
    /// overflowed, otherwise counts a clean step and grows after ``growthInterval`` of them. `newScale` sets the
    /// scale directly instead.
    public func update(newScale: Double? = nil) {
        guard isEnabled else { return }
        defer { optimizerStates.removeAll() }
        if let newScale {
            scaleValue = Float(newScale)
            return
        }
        check(!optimizerStates.isEmpty, "No inf checks were recorded prior to update.")
        if optimizerStates.values.contains(where: { $0.foundInf }) {
            scaleValue = Float(Double(scaleValue) * backoffFactor)
            growthTracker = 0
            return
        }
        let successful = growthTracker + 1
        if successful == growthInterval {
            let grown = Float(Double(scaleValue) * growthFactor)
            if grown.isFinite { scaleValue = grown }
            growthTracker = 0
        } else {
            growthTracker = successful
        }
    }

    /// The state PyTorch saves (`state_dict()`), by PyTorch's keys: `scale`, `growth_factor`, `backoff_factor`,
    /// `growth_interval`, `_growth_tracker` (the last two whole numbers). Empty when disabled.
    public func stateDict() -> [String: Double] {
        guard isEnabled else { return [:] }
        return ["scale": Double(scaleValue), "growth_factor": growthFactor, "backoff_factor": backoffFactor,
                "growth_interval": Double(growthInterval), "_growth_tracker": Double(growthTracker)]
    }

    /// Restores a ``stateDict()`` (or PyTorch's); throws if a key is missing or the dictionary is empty (saved
    /// from a disabled scaler).
    public func loadStateDict(_ state: [String: Double]) throws(GradScalerLoadError) {
        guard isEnabled else { return }
        guard !state.isEmpty else { throw .empty }
        func value(_ key: String) throws(GradScalerLoadError) -> Double {
            guard let value = state[key] else { throw .missingKey(key) }
            return value
        }
        let scale = try value("scale"), growth = try value("growth_factor"), backoff = try value("backoff_factor")
        let interval = try value("growth_interval"), tracker = try value("_growth_tracker")
        scaleValue = Float(scale)
        growthFactor = growth
        backoffFactor = backoff
        growthInterval = Int(interval)
        growthTracker = Int(tracker)
    }
}

/// Why ``GradScaler/loadStateDict(_:)`` refused a state.
public enum GradScalerLoadError: Error, Equatable, CustomStringConvertible {
    /// The state is empty: saved from a scaler with `enabled: false`.
    case empty
    /// A key PyTorch's state has is missing.
    case missingKey(String)

    public var description: String {
        switch self {
        case .empty:
            "The source state dict is empty, possibly because it was saved from a scaler instance with enabled=False."
        case .missingKey(let key): "GradScaler state dict is missing \"\(key)\""
        }
    }
}
