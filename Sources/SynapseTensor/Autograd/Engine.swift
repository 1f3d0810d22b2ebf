import HeapModule
import Synchronization

/// Runs backward passes over the graph recorded by ``GradFn`` nodes.
///
/// Nodes run in dependency order (a node runs once every node that sends it a gradient has run), the most recently
/// created first among the ready ones, as in PyTorch; gradients arriving at the same output are summed. The
/// per-pass bookkeeping lives on the nodes themselves (no hashing), so passes are serialised by a lock: backward
/// calls from several threads are safe, and run one after another.
enum Engine {
    private static let lock = Mutex(0)
    /// Set while this thread runs a pass.
    private static let runningOnThisThread = ThreadFlag()

    /// Backpropagates `gradients` from `roots`. When `inputs` is given (``Tensor/grad(outputs:inputs:gradOutputs:retainGraph:createGraph:allowUnused:)``),
    /// gradients are returned for those tensors instead of being accumulated into leaves.
    static func run(
        roots: [Tensor], gradients: [Tensor], retainGraph: Bool, createGraph: Bool, inputs: [Tensor]? = nil
    ) -> [Tensor?] {
        // The per-node bookkeeping belongs to the running pass, so a backward started from inside a hook of
        // another one can't share it; the lock isn't reentrant either, so say so instead of deadlocking.
        check(!runningOnThisThread.isSet,
              "backward() or grad() called from inside a backward pass (a hook); reentrant backward is not supported")
        runningOnThisThread.isSet = true
        defer { runningOnThisThread.isSet = false }
        return lock.withLock { pass in
            pass += 1
            return run(pass: pass, roots: roots, gradients: gradients, retainGraph: retainGraph,
                       createGraph: createGraph, inputs: inputs)
        }
    }

    /// A ready node, ordered so the heap's maximum is the most recently created.
    private struct Ready: Comparable {
        let node: GradFn
        static func < (a: Ready, b: Ready) -> Bool { a.node.sequenceNumber < b.node.sequenceNumber }
        static func == (a: Ready, b: Ready) -> Bool { a.node === b.node }
    }

    private static func run(
        pass: Int, roots: [Tensor], gradients: [Tensor], retainGraph: Bool, createGraph: Bool, inputs: [Tensor]?
    ) -> [Tensor?] {
        var rootEdges: [(Edge, Tensor)] = []
        for (root, gradient) in zip(roots, gradients) {
            check(root.requiresGrad, "element 0 of tensors does not require grad and does not have a grad_fn")
            rootEdges.append((root.gradientEdge()!, gradient))
        }
        // Discover the graph and count each node's dependencies.
        // Room for a small model's graph up front: growing these arrays step by step costs more than the pass.
        var visited: [GradFn] = []
        visited.reserveCapacity(64)
        var stack: [GradFn] = []
        stack.reserveCapacity(32)
        func visit(_ node: GradFn) {
            guard node.visitedPass != pass else { return }
            node.visitedPass = pass
            node.pendingDependencies = 0
            node.clearReceivedGradients()
            node.isNeeded = inputs == nil
            visited.append(node)
            stack.append(node)
        }
        for (edge, _) in rootEdges { visit(edge.node) }
        // Edges are read field by field (`edges[i]?.node`) rather than copied out whole: a copy retains and
        // releases both the node and the shape array, several times per node and pass.
        while let node = stack.popLast() {
            let edges = node.nextEdges
            for index in edges.indices {
                guard let next = edges[index]?.node else { continue }
                visit(next)
                next.pendingDependencies += 1
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
            markNodesLeadingTo(Set(captures.map { ObjectIdentifier($0.node) }), visited: visited, pass: pass)
        }
        for (edge, gradient) in rootEdges { accumulate(gradient, into: edge.node, input: edge.inputNumber) }

        var ready = Heap<Ready>(minimumCapacity: 16)
        for (edge, _) in rootEdges where edge.node.pendingDependencies == 0 && !ready.unordered.contains(where: { $0.node === edge.node }) {
            ready.insert(Ready(node: edge.node))
        }
        var captured = [Tensor?](repeating: nil, count: inputs?.count ?? 0)
        GradMode.with(createGraph) {
            while let next = ready.popMax() {
                let node = next.node
                for (output, hooks) in node.preHooks {
                    guard var gradient = node.receivedGradient(output) else { continue }
                    for entry in hooks { if let replaced = entry.hook(gradient) { gradient = replaced } }
                    node.setReceivedGradient(output, gradient)
                }
                for capture in captures where capture.node === node {
                    captured[capture.slot] = node.receivedGradient(capture.output)
                }
                let skip = !node.isNeeded || (inputs != nil && node is AccumulateGrad)
                let outputs = skip ? [] : node.apply()
                node.clearReceivedGradients()
                let edges = node.nextEdges
                for position in edges.indices {
                    guard let next = edges[position]?.node else { continue }
                    if position < outputs.count, let gradient = outputs[position] {
                        accumulate(gradient, into: next, input: edges[position].unsafelyUnwrapped.inputNumber)
                    }
                    next.pendingDependencies -= 1
                    if next.pendingDependencies == 0 { ready.insert(Ready(node: next)) }
                }
                if !retainGraph { node.releaseSavedTensors() }
            }
        }
        return captured
    }

    /// Adds a gradient into `node`'s buffer for its output `input` (the end of an edge).
    private static func accumulate(_ gradient: Tensor, into node: GradFn, input: Int) {
        if let existing = node.receivedGradient(input) {
            node.setReceivedGradient(input, existing + gradient)
        } else {
            node.setReceivedGradient(input, gradient)
        }
    }

    /// Marks the visited nodes from which one of `targets` can be reached (`autograd.grad` runs only those).
    private static func markNodesLeadingTo(_ targets: Set<ObjectIdentifier>, visited: [GradFn], pass: Int) {
        var memo: [ObjectIdentifier: Bool] = [:]
        func reaches(_ node: GradFn) -> Bool {
            let id = ObjectIdentifier(node)
            if let known = memo[id] { return known }
            memo[id] = false
            var result = targets.contains(id)
            for case let edge? in node.nextEdges where reaches(edge.node) { result = true }
            memo[id] = result
            return result
        }
        for node in visited { node.isNeeded = reaches(node) }
    }
}
