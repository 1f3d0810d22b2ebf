import SynapseNN
import SynapseTensor

/// The gradient side of ``DistributedDataParallel`` (PyTorch's `Reducer`): counts the gradients each bucket still
/// waits for, all-reduces a bucket (averaging) as soon as its last gradient has been accumulated, in bucket order, and
/// writes the averaged gradients back once every bucket has been reduced, inside the backward pass's last hook.
final class GradientReducer: @unchecked Sendable {
    let group: ProcessGroup
    let parameters: [Parameter]
    /// The parameters' names in the wrapped module, for messages.
    let names: [String]
    let plan: BucketPlan
    let findUnusedParameters: Bool
    /// Each parameter's bucket.
    private let bucketOf: [Int]
    /// Each parameter's gradient accumulator node (held so that it stays the tensor's one), for
    /// `findUnusedParameters`.
    private let accumulators: [ObjectIdentifier?]
    private var hooks: [HookHandle] = []

    // One iteration's state, touched by the backward pass's hooks (one backward at a time).
    /// Whether the current backward pass is to be reduced (set by forward outside `noSync`).
    private(set) var armed = false
    private var pending: [Int] = []
    private var ready: [Bool] = []
    private var locallyUsed: [Bool] = []
    private var nextBucket = 0
    private var works: [(work: Work, flat: Tensor)] = []
    private var usedWork: (work: Work, mask: Tensor)?
    private var accumulatorNodes: [GradFn?] = []
    /// Each bucket's gradients, flattened, what is all-reduced.
    private let flatBuffers: [Tensor]
    /// The buckets the last backward pass launched, in order, each with the number of gradients backward had yet to
    /// produce at that moment (more than zero: the all-reduce overlapped the rest of backward).
    private(set) var launches: [(bucket: Int, gradientsStillPending: Int)] = []

    init(group: ProcessGroup, parameters: [Parameter], names: [String], plan: BucketPlan, findUnusedParameters: Bool) {
        self.group = group
        self.parameters = parameters
        self.names = names
        self.plan = plan
        self.findUnusedParameters = findUnusedParameters
        var bucketOf = Array(repeating: 0, count: parameters.count)
        for (bucket, members) in plan.buckets.enumerated() { for index in members { bucketOf[index] = bucket } }
        self.bucketOf = bucketOf
        flatBuffers = plan.buckets.map { members in
            Tensor.empty([members.reduce(0) { $0 + parameters[$1].numel }], dtype: parameters[members[0]].dtype)
        }
        let nodes = enableGrad { parameters.map { $0.view($0.shape).gradFn?.nextFunctions.first?.0 } }
        accumulatorNodes = nodes
        accumulators = nodes.map { $0.map(ObjectIdentifier.init) }
        for (index, parameter) in parameters.enumerated() {
            hooks.append(parameter.registerPostAccumulateGradHook { [unowned self] _ in self.gradientReady(index) })
        }
    }

    deinit { for hook in hooks { hook.remove() } }

    /// Arms the reducer for the backward pass of `output` (called by forward).
    func prepare(for output: Tensor) {
        check(!armed || works.isEmpty && nextBucket == 0 && ready.allSatisfy({ !$0 }),
              "DistributedDataParallel: expected to have finished reduction in the prior iteration before starting a "
              + "new one, but on rank \(group.rank) these parameters got no gradient: \(unreadyNames()). Pass "
              + "findUnusedParameters: true, or make sure every parameter takes part in computing the loss")
        armed = true
        pending = plan.buckets.map(\.count)
        ready = Array(repeating: false, count: parameters.count)
        locallyUsed = Array(repeating: true, count: parameters.count)
        nextBucket = 0
        launches = []
        guard findUnusedParameters else { return }
        let reached = Self.reachableNodes(from: output)
        for index in parameters.indices where accumulators[index].map({ !reached.contains($0) }) ?? true {
            locallyUsed[index] = false
        }
        let mask = Tensor(flat: locallyUsed.map { UInt8($0 ? 1 : 0) }, shape: [parameters.count])
        usedWork = (rethrowingCheck { try group.allReduceAsync(mask, op: .max) }, mask)
        for index in parameters.indices where !locallyUsed[index] { gradientReady(index) }
    }

    /// The nodes of the backward graph of `output`.
    private static func reachableNodes(from output: Tensor) -> Set<ObjectIdentifier> {
        var seen = Set<ObjectIdentifier>()
        var stack = output.gradFn.map { [$0] } ?? []
        while let node = stack.popLast() {
            guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
            for (next, _) in node.nextFunctions { if let next { stack.append(next) } }
        }
        return seen
    }

    private func unreadyNames() -> String {
        let missing = parameters.indices.filter { !ready[$0] }.map { names[$0] }
        return missing.prefix(10).joined(separator: ", ") + (missing.count > 10 ? " and \(missing.count - 10) more" : "")
    }

    /// A post-accumulate hook: parameter `index` has its gradient for this pass.
    private func gradientReady(_ index: Int) {
        guard armed, !ready[index] else { return }
        ready[index] = true
        pending[bucketOf[index]] -= 1
        // Drive MPI's progress on the all-reduces in flight (nonblocking collectives advance when tested).
        for entry in works { _ = rethrowingCheck { try entry.work.isCompleted() } }
        while nextBucket < plan.buckets.count, pending[nextBucket] == 0 {
            launch(nextBucket)
            nextBucket += 1
        }
        if nextBucket == plan.buckets.count { finish() }
    }

    /// Starts the averaging all-reduce of bucket `bucket`'s gradients, copied into its flat buffer (kept from one
    /// iteration to the next: a fresh buffer of a few hundred kilobytes costs page faults every step).
    private func launch(_ bucket: Int) {
        let flat = flatBuffers[bucket]
        var offset = 0
        noGrad {
            for index in plan.buckets[bucket] {
                let parameter = parameters[index]
                let slice = flat.narrow(0, start: offset, length: parameter.numel)
                if let grad = parameter.grad { _ = slice.copy_(grad.reshape([-1])) } else { _ = slice.fill_(0) }
                offset += parameter.numel
            }
        }
        launches.append((bucket, ready.lazy.filter { !$0 }.count))
        works.append((rethrowingCheck { try group.allReduceAsync(flat, op: .avg) }, flat))
    }

    /// Waits for every bucket and writes the averaged gradients back (the end of the backward pass).
    private func finish() {
        let globallyUsed: [Bool]
        if let usedWork {
            rethrowingCheck { try usedWork.work.wait() }
            globallyUsed = usedWork.mask.toArray(of: UInt8.self).map { $0 != 0 }
        } else {
            globallyUsed = Array(repeating: true, count: parameters.count)
        }
        for (bucket, entry) in works.enumerated() {
            rethrowingCheck { try entry.work.wait() }
            var offset = 0
            for index in plan.buckets[bucket] {
                let parameter = parameters[index]
                let slice = entry.flat.narrow(0, start: offset, length: parameter.numel).view(parameter.shape)
                offset += parameter.numel
                guard globallyUsed[index] else { continue }
                noGrad {
                    if let grad = parameter.grad { _ = grad.copy_(slice) } else { parameter.grad = slice.clone() }
                }
            }
        }
        works = []
        usedWork = nil
        armed = false
        nextBucket = 0
        ready = Array(repeating: false, count: parameters.count)
    }

    /// Runs `body`, stopping with its error's message: a failed collective inside backward can't be recovered.
    private func rethrowingCheck<R>(_ body: () throws -> R) -> R {
        do { return try body() } catch {
            check(false, "DistributedDataParallel on rank \(group.rank): \(error)")
            fatalError("unreachable")
        }
    }
}
