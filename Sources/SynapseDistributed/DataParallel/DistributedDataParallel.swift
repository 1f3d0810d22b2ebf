import SynapseNN
import SynapseTensor

/// Data-parallel training of a module across the ranks of a ``ProcessGroup``
/// (`torch.nn.parallel.DistributedDataParallel`): each rank runs the module on its shard of a batch, and the
/// gradients are averaged across ranks during the backward pass, so that every replica takes the same optimiser step.
///
/// ```swift
/// let group = try ProcessGroup.initialize(backend: .mpi)
/// let model = try DistributedDataParallel(net)         // broadcasts rank 0's parameters and buffers
/// let optimizer = SGD(model.parameters(), lr: 0.1)
/// for (x, y) in loader {
///     optimizer.zeroGrad()
///     let loss = Functional.mseLoss(model(x), y)
///     loss.backward()                                   // gradients averaged when backward returns
///     optimizer.step()
/// }
/// ```
///
/// **When the gradients are ready.** Each parameter's post-accumulate-grad hook marks it ready; a bucket (see
/// ``BucketPlan``) is all-reduced asynchronously as soon as all its gradients are, in bucket order, while the rest of
/// backward runs. The hook that completes the last bucket waits for every all-reduce and writes the averaged
/// gradients into `.grad`: by the time `backward()` returns, the gradients are the global mean, as in PyTorch (which
/// waits at the end of backward), and the optimiser step needs nothing more.
///
/// The wrapper is itself a module whose only child is ``module``, so its state-dict keys carry PyTorch's `module.`
/// prefix (see ``consumePrefixInStateDictIfPresent(_:prefix:)``). Parameters shared between layers (tied) are
/// reduced once.
public final class DistributedDataParallel: Module {
    /// The wrapped module (`ddp.module`).
    public let module: Module
    /// The group the gradients are averaged over.
    public let processGroup: ProcessGroup
    /// Whether every forward first copies rank 0's buffers (BatchNorm's running statistics) to all ranks.
    public let broadcastBuffers: Bool
    /// Whether forward looks for parameters the loss doesn't depend on, so that backward doesn't wait for them.
    public let findUnusedParameters: Bool
    /// The gradient buckets, as parameter names of ``module``, in the order they are all-reduced.
    public let bucketNames: [[String]]
    private let reducer: GradientReducer
    private var syncing = true

    /// Wraps `module`, copying rank 0's parameters and buffers to every rank.
    ///
    /// - Parameters:
    ///   - module: the model to replicate; its parameters and buffers become rank 0's.
    ///   - processGroup: the group to average over; ``ProcessGroup/default`` when `nil`.
    ///   - bucketCapMB: the size of a gradient bucket in MiB (`bucket_cap_mb`, 25); the first bucket is 1 MiB.
    ///   - findUnusedParameters: set when some parameters may get no gradient in an iteration (`find_unused_parameters`).
    ///   - broadcastBuffers: copy rank 0's buffers before each forward (`broadcast_buffers`).
    /// - Throws: ``DistributedError/notInitialized`` without a group; any error of the broadcast.
    public convenience init(
        _ module: Module, processGroup: ProcessGroup? = nil, bucketCapMB: Double = 25,
        findUnusedParameters: Bool = false, broadcastBuffers: Bool = true
    ) throws {
        try self.init(module, processGroup: processGroup, bucketCapMB: bucketCapMB,
                      firstBucketBytes: BucketPlan.defaultFirstBucketBytes,
                      findUnusedParameters: findUnusedParameters, broadcastBuffers: broadcastBuffers)
    }

    /// ``init(_:processGroup:bucketCapMB:findUnusedParameters:broadcastBuffers:)`` with another cap for the first
    /// bucket (PyTorch's is fixed at 1 MiB; small models in tests need smaller ones to have several buckets).
    package init(
        _ module: Module, processGroup: ProcessGroup?, bucketCapMB: Double, firstBucketBytes: Int,
        findUnusedParameters: Bool, broadcastBuffers: Bool
    ) throws {
        guard let group = processGroup ?? ProcessGroup.default else { throw DistributedError.notInitialized }
        self.module = module
        self.processGroup = group
        self.broadcastBuffers = broadcastBuffers
        self.findUnusedParameters = findUnusedParameters
        var seen = Set<ObjectIdentifier>()
        let named = module.namedParameters().filter { $0.1.requiresGrad && seen.insert(ObjectIdentifier($0.1)).inserted }
        let parameters = named.map(\.1)
        let plan = BucketPlan(
            sizes: parameters.map { ($0.numel * $0.dtype.itemSize, $0.dtype) }, firstBucketBytes: firstBucketBytes,
            bucketBytes: Int(bucketCapMB * 1024 * 1024))
        bucketNames = plan.buckets.map { $0.map { named[$0].0 } }
        reducer = GradientReducer(group: group, parameters: parameters, names: named.map(\.0), plan: plan,
                                  findUnusedParameters: findUnusedParameters)
        super.init()
        try Self.broadcast(module.parameters() + module.buffers(), in: group)
    }

    /// Copies rank 0's `tensors` to every rank, each distinct tensor once.
    private static func broadcast(_ tensors: [Tensor], in group: ProcessGroup) throws {
        guard group.worldSize > 1 else { return }
        var seen = Set<ObjectIdentifier>()
        let works = try tensors.filter { seen.insert(ObjectIdentifier($0)).inserted }.map {
            try group.broadcastAsync($0, from: 0)
        }
        for work in works { try work.wait() }
    }

    /// Runs ``module`` on `input`, after copying rank 0's buffers when ``broadcastBuffers`` is set, and arms the
    /// gradient reduction of the coming backward pass (unless inside ``noSync(_:)`` or with gradients off).
    public override func forward(_ input: Tensor) -> Tensor {
        if broadcastBuffers && training && processGroup.worldSize > 1 {
            do { try Self.broadcast(module.buffers(), in: processGroup) } catch {
                check(false, "DistributedDataParallel on rank \(processGroup.rank): \(error)")
            }
        }
        let output = module(input)
        if syncing && isGradEnabled && output.requiresGrad { reducer.prepare(for: output) }
        return output
    }

    /// Runs `body` without averaging gradients (`with ddp.no_sync():`): backward passes of forwards inside it
    /// accumulate local gradients, which the first backward after it averages together with its own.
    ///
    /// ```swift
    /// model.noSync {
    ///     for micro in batches.dropLast() { Functional.mseLoss(model(micro.x), micro.y).backward() }
    /// }
    /// Functional.mseLoss(model(last.x), last.y).backward()   // averages the accumulated gradients
    /// ```
    public func noSync<R>(_ body: () throws -> R) rethrows -> R {
        let saved = syncing
        syncing = false
        defer { syncing = saved }
        return try body()
    }

    /// The buckets the last synchronised backward pass all-reduced, in launch order, each with the number of
    /// gradients backward had still to produce when it was launched: a bucket launched with some pending overlapped
    /// its all-reduce with the rest of backward.
    public var lastBucketLaunches: [(bucket: Int, gradientsStillPending: Int)] { reducer.launches }
}
