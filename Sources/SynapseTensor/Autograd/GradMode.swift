import CSynapseKernels

/// Whether operations are recorded for autograd, per thread, as in PyTorch.
enum GradMode {
    /// The current thread's setting (a C thread-local, read inline: every recorded operation reads it).
    static var isEnabled: Bool {
        @inline(__always) get { !synapse_is_grad_disabled() }
        @inline(__always) set { synapse_set_grad_disabled(!newValue) }
    }

    /// Runs `body` with grad mode set to `enabled`, restoring the previous setting afterwards.
    static func with<R>(_ enabled: Bool, _ body: () throws -> R) rethrows -> R {
        let previous = isEnabled
        isEnabled = enabled
        defer { isEnabled = previous }
        return try body()
    }
}

/// Whether operations on this thread are being recorded for autograd (`torch.is_grad_enabled()`).
public var isGradEnabled: Bool { GradMode.isEnabled }

/// Turns recording on or off for this thread (`torch.set_grad_enabled`). Prefer ``noGrad(_:)`` for a scope.
public func setGradEnabled(_ enabled: Bool) { GradMode.isEnabled = enabled }

/// Runs `body` without recording operations (`with torch.no_grad():`): results don't require grad, and
/// parameters can be updated in place.
///
/// ```swift
/// noGrad { weight.sub_(weight.grad! * 0.1) }
/// ```
@discardableResult
public func noGrad<R>(_ body: () throws -> R) rethrows -> R { try GradMode.with(false, body) }

/// Runs `body` with recording on, even inside ``noGrad(_:)`` (`with torch.enable_grad():`).
@discardableResult
public func enableGrad<R>(_ body: () throws -> R) rethrows -> R { try GradMode.with(true, body) }
