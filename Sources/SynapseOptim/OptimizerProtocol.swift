/// Any optimiser, whatever its options: what `torch.optim.Optimizer` is as one class. Store optimisers of
/// different kinds together, return one from a factory, hand one to a learning-rate scheduler:
///
/// ```swift
/// func makeOptimizer(name: String, parameters: [Parameter], lr: Double) -> any OptimizerProtocol {
///     switch name {
///     case "sgd": SGD(parameters, lr: lr, momentum: 0.9)
///     case "nadam": NAdam(parameters, lr: lr)
///     default: Adam(parameters, lr: lr)
///     }
/// }
/// let optimizers: [any OptimizerProtocol] = [SGD(encoder.parameters()), Adam(decoder.parameters())]
/// for optimizer in optimizers { optimizer.step() }
/// ```
///
/// Every ``Optimizer`` whose options can be saved and have a learning rate conforms (all of Synapse's do).
public protocol OptimizerProtocol: AnyObject {
    /// The number of parameter groups (`len(optimizer.param_groups)`).
    var paramGroupCount: Int { get }
    /// Every parameter, group after group (the order of the state dict's indices).
    var parameters: [Parameter] { get }
    /// Each group's learning rate; setting changes them in order.
    var learningRates: [Double] { get set }
    /// Each group's `initial_lr`, or its current rate where no scheduler has set one.
    var initialLearningRates: [Double] { get }
    /// Each group's momentum as cyclic schedules move it (`momentum`, or `betas[0]` for the Adam family);
    /// `nil` for optimisers without one. Setting changes them in order.
    var momenta: [Double]? { get set }
    /// Whether ``momenta`` are the first betas (the Adam family: PyTorch's `"betas" in optimizer.defaults`).
    var momentaAreFirstBetas: Bool { get }
    /// Sets a group's `initial_lr`.
    func setInitialLR(at index: Int, _ lr: Double?)
    /// A value a cyclic schedule keeps in a group (`group["max_lr"]`), if set.
    func scheduleValue(_ key: String, at index: Int) -> Double?
    /// Sets a value a cyclic schedule keeps in a group (`group["max_lr"] = 0.1`).
    func setScheduleValue(_ key: String, _ value: Double, at index: Int)
    /// Applies one update (`optimizer.step()`).
    func step()
    /// Re-evaluates the loss with `closure` under grad mode and updates; returns the loss
    /// (`optimizer.step(closure)`).
    @discardableResult func step(closure: () throws -> Tensor) rethrows -> Tensor
    /// Clears every parameter's gradient, to `nil` or to zeros (`zero_grad(set_to_none=...)`).
    func zeroGrad(setToNil: Bool)
    /// The state in PyTorch's layout (`state_dict()`).
    func stateDict() -> OptimizerStateDict
    /// Restores a state written by Synapse or PyTorch (`load_state_dict`); changes nothing when it throws.
    func loadStateDict(_ stateDict: OptimizerStateDict) throws(OptimizerLoadError)
}

extension OptimizerProtocol {
    /// `group.setdefault("initial_lr", group["lr"])` for every group, as a new scheduler does.
    func recordInitialLearningRates() {
        for (index, lr) in initialLearningRates.enumerated() { setInitialLR(at: index, lr) }
    }
}

/// Options whose momentum cyclic schedules (``OneCycleLR``, ``CyclicLR``) move: SGD's and RMSprop's `momentum`,
/// the Adam family's `betas.0`.
public protocol MomentumOptions: LearningRateOptions {
    /// The momentum, or the first beta.
    var cycledMomentum: Double { get set }
    /// Whether ``cycledMomentum`` is the first beta.
    static var cycledMomentumIsFirstBeta: Bool { get }
}

/// Options whose cycled momentum is a `momentum` field (SGD, RMSprop, Muon).
public protocol MomentumFieldOptions: MomentumOptions {
    /// The momentum factor.
    var momentum: Double { get set }
}

extension MomentumFieldOptions {
    /// `momentum`.
    public var cycledMomentum: Double {
        get { momentum }
        set { momentum = newValue }
    }

    /// False: the momentum is `momentum`.
    public static var cycledMomentumIsFirstBeta: Bool { false }
}

/// Options whose cycled momentum is the first of `betas` (the Adam family).
public protocol FirstBetaMomentumOptions: MomentumOptions {
    /// The coefficients of the running averages of the gradient and its square.
    var betas: (Double, Double) { get set }
}

extension FirstBetaMomentumOptions {
    /// `betas.0`.
    public var cycledMomentum: Double {
        get { betas.0 }
        set { betas.0 = newValue }
    }

    /// True: the momentum is `betas.0`.
    public static var cycledMomentumIsFirstBeta: Bool { true }
}

extension Optimizer: OptimizerProtocol where Options: OptimizerOptionsCoding & LearningRateOptions {
    /// The number of parameter groups.
    public var paramGroupCount: Int { paramGroups.count }

    /// Every parameter, group after group.
    public var parameters: [Parameter] { paramGroups.flatMap(\.params) }

    /// The value a cyclic schedule keeps under `key` in group `index`, if set.
    public func scheduleValue(_ key: String, at index: Int) -> Double? {
        paramGroups[index].scheduleValues.first { $0.key == key }?.value
    }

    /// Whether the options' momentum is their first beta.
    public var momentaAreFirstBetas: Bool {
        (Options.self as? any MomentumOptions.Type)?.cycledMomentumIsFirstBeta ?? false
    }

    /// Each group's momentum (or first beta) when the options have one (``MomentumOptions``), else `nil`.
    public var momenta: [Double]? {
        get {
            guard Options.self is any MomentumOptions.Type else { return nil }
            return paramGroups.map { ($0.options as! any MomentumOptions).cycledMomentum }
        }
        set {
            guard let newValue else { return }
            check(Options.self is any MomentumOptions.Type,
                  "optimizer must support momentum or beta1 with `cycle_momentum` option enabled")
            check(newValue.count == paramGroups.count,
                  "expected \(paramGroups.count) momenta (one per group), got \(newValue.count)")
            for (index, momentum) in newValue.enumerated() {
                setOptions(at: index) { options in
                    var withMomentum = options as! any MomentumOptions
                    withMomentum.cycledMomentum = momentum
                    options = withMomentum as! Options
                }
            }
        }
    }
}

extension SGD.Options: MomentumFieldOptions {}

extension RMSprop.Options: MomentumFieldOptions {}

extension Adam.Options: FirstBetaMomentumOptions {}

extension ParamGroup {
    /// The group entries cyclic schedules add (``ParamGroup/scheduleValues``), which loading a state dict keeps.
    static var scheduleKeys: Set<String> { ["max_lr", "min_lr", "max_momentum", "base_momentum"] }
}
