@_exported import SynapseNN

/// A set of parameters an optimiser updates with one set of options (PyTorch's `param_groups` entries).
public struct ParamGroup<Options: Sendable> {
    /// The parameters, each at most once (a tied parameter is updated once).
    public var params: [Parameter]
    /// The update's settings for these parameters (learning rate, momentum, …).
    public var options: Options
    /// The learning rate the first scheduler found (`initial_lr`), which every scheduler's base rates come from;
    /// `nil` until a scheduler is attached.
    public var initialLR: Double?
    /// What cyclic schedules keep in the group besides `initial_lr` (`max_lr`, `min_lr`, `max_momentum`,
    /// `base_momentum`), in the order they were set; saved with the group, as PyTorch does.
    public var scheduleValues: [(key: String, value: Double)] = []

    /// A group of `params` (duplicates removed by identity, first occurrence kept) with `options`.
    public init(_ params: [Parameter], options: Options) {
        var seen: Set<ObjectIdentifier> = []
        self.params = params.filter { seen.insert(ObjectIdentifier($0)).inserted }
        self.options = options
    }
}

/// The base of every optimiser (`torch.optim.Optimizer`): parameter groups, per-parameter state, `step()` and
/// `zeroGrad(setToNil:)`.
///
/// ```swift
/// let optimizer = Adam(net.parameters(), lr: 0.001)
/// optimizer.zeroGrad()
/// loss.backward()
/// optimizer.step()
/// ```
///
/// Subclasses implement ``update(_:grad:state:options:)`` for one parameter; the base class skips parameters
/// without a gradient (or that don't require one), runs updates under no-grad, and keeps each parameter's state
/// (`momentum_buffer`, `exp_avg`, …) under PyTorch's names.
open class Optimizer<Options: Sendable> {
    /// The groups, in the order they were added.
    public private(set) var paramGroups: [ParamGroup<Options>] = []
    /// Per-parameter state by parameter identity, keyed by PyTorch's names (`step`, `exp_avg`, …).
    public var state: [ObjectIdentifier: [String: Tensor]] = [:]
    /// Per-parameter state entries that aren't tensors (LBFGS's counters and histories), by parameter identity.
    public var otherState: [ObjectIdentifier: [String: OptimizerStateValue]] = [:]

    /// An optimiser over `params` with `options` as its first group. Throws when `params` is empty, as PyTorch
    /// does ("optimizer got an empty parameter list").
    public init(_ params: [Parameter], options: Options) {
        check(!params.isEmpty, "optimizer got an empty parameter list")
        addParamGroup(ParamGroup(params, options: options))
    }

    /// Adds a group (`add_param_group`); a parameter already in another group is PyTorch's error.
    public func addParamGroup(_ group: ParamGroup<Options>) {
        let existing = Set(paramGroups.flatMap { $0.params.map(ObjectIdentifier.init) })
        check(group.params.allSatisfy { !existing.contains(ObjectIdentifier($0)) },
              "some parameters appear in more than one parameter group")
        paramGroups.append(group)
    }

    /// Changes a group's options (a learning-rate schedule, for instance): `optimizer.setOptions(at: 0) { $0.lr = 0.01 }`.
    public func setOptions(at index: Int, _ change: (inout Options) -> Void) {
        change(&paramGroups[index].options)
    }

    /// Sets a group's `initial_lr` (schedulers and state dicts do).
    public func setInitialLR(at index: Int, _ lr: Double?) {
        paramGroups[index].initialLR = lr
    }

    /// Sets one of a group's ``ParamGroup/scheduleValues`` (`group["max_lr"] = 0.1`), keeping its place if present.
    public func setScheduleValue(_ key: String, _ value: Double, at index: Int) {
        if let position = paramGroups[index].scheduleValues.firstIndex(where: { $0.key == key }) {
            paramGroups[index].scheduleValues[position].value = value
        } else {
            paramGroups[index].scheduleValues.append((key, value))
        }
    }

    /// Applies one update to every parameter that has a gradient.
    open func step() {
        noGrad {
            for group in paramGroups {
                for parameter in group.params where parameter.requiresGrad {
                    guard let grad = parameter.grad else { continue }
                    let id = ObjectIdentifier(parameter)
                    let previous = state[id]
                    var parameterState = previous ?? [:]
                    update(parameter, grad: grad, state: &parameterState, options: group.options)
                    // Stateless updates (plain SGD) leave no entry, as in PyTorch.
                    if previous != nil || !parameterState.isEmpty { state[id] = parameterState }
                }
            }
        }
    }

    /// Re-evaluates the loss with `closure` (under grad mode, as PyTorch's `step(closure)`), then steps; returns
    /// the loss. ``LBFGS`` needs the closure, the others accept it.
    @discardableResult
    open func step(closure: () throws -> Tensor) rethrows -> Tensor {
        let loss = try enableGrad(closure)
        step()
        return loss
    }

    /// Clears the gradients of every parameter: sets them to `nil` (the default, as PyTorch), or zeroes them.
    public func zeroGrad(setToNil: Bool = true) {
        for group in paramGroups {
            for parameter in group.params {
                // Set to nil without reading the gradient first (reading it would retain it only to let it go).
                if setToNil {
                    parameter.grad = nil
                } else if let grad = parameter.grad {
                    noGrad { _ = grad.zero_() }
                }
            }
        }
    }

    /// Updates `parameter` in place from `grad`, reading and writing its `state`. Runs under no-grad.
    open func update(_ parameter: Parameter, grad: Tensor, state: inout [String: Tensor], options: Options) {
        fatalError("\(type(of: self)) must override update(_:grad:state:options:)")
    }
}
