import RealModule

/// Options with a learning rate, which schedulers read and write.
public protocol LearningRateOptions: Sendable {
    /// The group's learning rate.
    var lr: Double { get set }
}

extension SGD.Options: LearningRateOptions {}
extension Adam.Options: LearningRateOptions {}
extension RMSprop.Options: LearningRateOptions {}
extension Adagrad.Options: LearningRateOptions {}

extension Optimizer where Options: LearningRateOptions {
    /// Each group's learning rate (`[g["lr"] for g in optimizer.param_groups]`); setting changes them in order.
    public var learningRates: [Double] {
        get { paramGroups.map(\.options.lr) }
        set {
            check(newValue.count == paramGroups.count,
                  "expected \(paramGroups.count) learning rates (one per group), got \(newValue.count)")
            for (index, lr) in newValue.enumerated() { setOptions(at: index) { $0.lr = lr } }
        }
    }

    /// Each group's `initial_lr`, its current rate where no scheduler has set one.
    public var initialLearningRates: [Double] { paramGroups.map { $0.initialLR ?? $0.options.lr } }
}

