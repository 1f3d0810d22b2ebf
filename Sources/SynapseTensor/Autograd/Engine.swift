import CSynapseKernels
import HeapModule

/// Runs backward passes over the graph recorded by ``GradFn`` nodes.
///
/// Nodes run in dependency order (a node runs once every node that sends it a gradient has run), the most recently
/// created first among the ready ones, as in PyTorch; gradients arriving at the same output are summed. The
/// per-pass bookkeeping lives on the nodes themselves (no hashing), so passes are serialised by a lock: backward
/// calls from several threads are safe, and run one after another.
enum Engine {
    /// The pass counter and the bookkeeping buffers, reused from pass to pass: passes are serialised by this lock,
    /// and a small model's pass then allocates nothing for its bookkeeping.
    private static let state = Locked(Scratch())

    /// Backpropagates `gradients` from `roots`. When `inputs` is given (``Tensor/grad(outputs:inputs:gradOutputs:retainGraph:createGraph:allowUnused:)``),
    /// gradients are returned for those tensors instead of being accumulated into leaves.
    static func run(
        roots: [Tensor], gradients: [Tensor], retainGraph: Bool, createGraph: Bool, inputs: [Tensor]? = nil
    ) -> [Tensor?] {
        run(rootCount: roots.count, root: { roots[$0] }, gradient: { gradients[$0] }, retainGraph: retainGraph,
            createGraph: createGraph, inputs: inputs)
    }

    /// Backpropagates `gradient` from `root` (`loss.backward()`), without building arrays for a single root.
    static func run(root: Tensor, gradient: Tensor, retainGraph: Bool, createGraph: Bool) {
        _ = run(rootCount: 1, root: { _ in root }, gradient: { _ in gradient }, retainGraph: retainGraph,
                createGraph: createGraph, inputs: nil)
    }

    private static func run(
        rootCount: Int, root: (Int) -> Tensor, gradient: (Int) -> Tensor, retainGraph: Bool, createGraph: Bool,
        inputs: [Tensor]?
    ) -> [Tensor?] {
        // The per-node bookkeeping belongs to the running pass, so a backward started from inside a hook of
        // another one can't share it; the lock isn't reentrant either, so say so instead of deadlocking.
        check(!synapse_is_in_backward(),
              "backward() or grad() called from inside a backward pass (a hook); reentrant backward is not supported")
        synapse_set_in_backward(true)
        defer { synapse_set_in_backward(false) }
        return state.withLock { scratch in
            scratch.pass += 1
            defer { scratch.reset() }
            return run(rootCount: rootCount, root: root, gradient: gradient, retainGraph: retainGraph,
                       createGraph: createGraph, inputs: inputs, scratch: &scratch)
        }
    }

    /// A node in the engine's buffers. The engine holds nodes unretained: every node of a pass is reachable from
    /// the roots' nodes, which the pass holds (``Scratch/rootEdges``), through edges that never change, so nodes
    /// outlive the pass, and the buffers skip a retain and a release per node and buffer.
    private typealias NodeReference = Unmanaged<GradFn>

    /// A ready node, ordered so the heap's maximum is the most recently created.
    private struct Ready: Comparable {
        let sequenceNumber: Int
        let node: NodeReference
        static func < (a: Ready, b: Ready) -> Bool { a.sequenceNumber < b.sequenceNumber }
        static func == (a: Ready, b: Ready) -> Bool { a.node.toOpaque() == b.node.toOpaque() }
    }

    /// The bookkeeping of one pass; emptied (keeping its capacity) when the pass ends.
    private struct Scratch: @unchecked Sendable {
        var pass = 0
        /// Where the roots' gradients go, held strongly: a hook that detached a root must not free the graph.
        var rootEdges: [Edge] = []
        /// Every node the pass reaches, for `autograd.grad` passes (which run only the nodes leading to their inputs).
        var visited: [NodeReference] = []
        /// Nodes whose edges are still to be followed while discovering the graph.
        var stack: [NodeReference] = []
        /// Nodes whose gradients have all arrived; a pass pops it empty, so it needs no reset.
        var ready = Heap<Ready>()

        mutating func reset() {
            // Only what a pass leaves filled (emptying an empty array still costs a generic call).
            rootEdges.removeAll(keepingCapacity: true)
            if !visited.isEmpty { visited.removeAll(keepingCapacity: true) }
            if !stack.isEmpty { stack.removeAll(keepingCapacity: true) }
        }
    }

    private static func run(
        rootCount: Int, root: (Int) -> Tensor, gradient: (Int) -> Tensor, retainGraph: Bool, createGraph: Bool,
        inputs: [Tensor]?, scratch: inout Scratch
    ) -> [Tensor?] {
        for index in 0..<rootCount {
            let root = root(index)
            check(root.requiresGrad, "element 0 of tensors does not require grad and does not have a grad_fn")
            scratch.rootEdges.append(root.gradientEdge()!)
        }
        // Discover the graph and count each node's dependencies.
        let pass = scratch.pass
        func visit(_ node: GradFn, _ scratch: inout Scratch) {
            guard node.visitedPass != pass else { return }
            node.visitedPass = pass
            node.pendingDependencies = 0
            node.clearReceivedGradients()
            node.isNeeded = inputs == nil
            if inputs != nil { scratch.visited.append(NodeReference.passUnretained(node)) }
            scratch.stack.append(NodeReference.passUnretained(node))
        }
        for index in scratch.rootEdges.indices { visit(scratch.rootEdges[index].node, &scratch) }
        while let reference = scratch.stack.popLast() {
            reference._withUnsafeGuaranteedRef { node in
                for index in 0..<node.edgeCount {
                    guard let target = node.edgeTarget(index) else { continue }
                    target.node._withUnsafeGuaranteedRef { next in
                        visit(next, &scratch)
                        next.pendingDependencies += 1
                    }
                }
            }
        }
        // autograd.grad: where each input's gradient is captured, and which nodes lead there.
        var captures: [(node: GradFn, output: Int, slot: Int)] = []
        if let inputs {
            for (slot, input) in inputs.enumerated() {
                check(input.requiresGrad, "One of the differentiated Tensors does not require grad")
                let edge = input.gradientEdge()!
                captures.append((edge.node, edge.inputNumber, slot))
            }
            markNodesLeadingTo(Set(captures.map { ObjectIdentifier($0.node) }), visited: scratch.visited)
        }
        for index in scratch.rootEdges.indices {
            accumulate(gradient(index), into: scratch.rootEdges[index].node, input: scratch.rootEdges[index].inputNumber)
        }
        for index in scratch.rootEdges.indices {
            let node = scratch.rootEdges[index].node
            let entry = Ready(sequenceNumber: node.sequenceNumber, node: NodeReference.passUnretained(node))
            if node.pendingDependencies == 0 && !scratch.ready.unordered.contains(entry) { scratch.ready.insert(entry) }
        }
        var captured = [Tensor?](repeating: nil, count: inputs?.count ?? 0)
        GradMode.with(createGraph) {
            while let next = scratch.ready.popMax() {
                next.node._withUnsafeGuaranteedRef { node in
                    if !node.preHooks.isEmpty { runPreHooks(of: node) }
                    for capture in captures where capture.node === node {
                        captured[capture.slot] = node.receivedGradient(capture.output)
                    }
                    let skip = !node.isNeeded || (inputs != nil && node is AccumulateGrad)
                    var outputs = skip ? InputGradients() : node.apply()
                    node.clearReceivedGradients()
                    for position in 0..<node.edgeCount {
                        guard let edge = node.edgeTarget(position) else { continue }
                        edge.node._withUnsafeGuaranteedRef { target in
                            if let gradient = outputs.take(position) {
                                accumulate(gradient, into: target, input: edge.output)
                            }
                            target.pendingDependencies -= 1
                            if target.pendingDependencies == 0 {
                                scratch.ready.insert(Ready(sequenceNumber: target.sequenceNumber, node: edge.node))
                            }
                        }
                    }
                    if !retainGraph { node.releaseSavedTensors() }
                }
            }
        }
        return captured
    }

    /// Runs the hooks registered on `node`'s outputs (tensor hooks of non-leaf tensors) on their gradients.
    private static func runPreHooks(of node: GradFn) {
        for (output, hooks) in node.preHooks {
            guard var gradient = node.receivedGradient(output) else { continue }
            for entry in hooks { if let replaced = entry.hook(gradient) { gradient = replaced } }
            node.setReceivedGradient(output, gradient)
        }
    }

    /// Adds a gradient into `node`'s buffer for its output `input` (the end of an edge).
    private static func accumulate(_ gradient: consuming Tensor, into node: GradFn, input: Int) {
        if let existing = node.receivedGradient(input) {
            node.setReceivedGradient(input, existing + gradient)
        } else {
            node.setReceivedGradient(input, gradient)
        }
    }

    /// Marks the visited nodes from which one of `targets` can be reached (`autograd.grad` runs only those).
    private static func markNodesLeadingTo(_ targets: Set<ObjectIdentifier>, visited: [NodeReference]) {
        var memo: [ObjectIdentifier: Bool] = [:]
        func reaches(_ node: GradFn) -> Bool {
            let id = ObjectIdentifier(node)
            if let known = memo[id] { return known }
            memo[id] = false
            var result = targets.contains(id)
            for index in 0..<node.edgeCount {
                if let next = node.edge(index)?.node, reaches(next) { result = true }
            }
            memo[id] = result
            return result
        }
        for reference in visited { reference._withUnsafeGuaranteedRef { $0.isNeeded = reaches($0) } }
    }
}
