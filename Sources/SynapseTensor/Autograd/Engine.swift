/// Runs backward passes over the graph recorded by ``GradFn`` nodes.
///
/// Nodes run in dependency order (a node runs once every node that sends it a gradient has run), later-created
/// nodes first among the ready ones, as in PyTorch; gradients arriving at the same input are summed.
enum Engine {
    /// Backpropagates `gradients` from `roots`. When `inputs` is given (``Tensor/grad(outputs:inputs:gradOutputs:retainGraph:createGraph:allowUnused:)``),
    /// gradients are returned for those tensors instead of being accumulated into leaves.
    static func run(
        roots: [Tensor], gradients: [Tensor], retainGraph: Bool, createGraph: Bool, inputs: [Tensor]? = nil
    ) -> [Tensor?] {
        var rootEdges: [(Edge, Tensor)] = []
        for (root, gradient) in zip(roots, gradients) {
            check(root.requiresGrad,
                "element 0 of tensors does not require grad and does not have a grad_fn")
            rootEdges.append((root.gradientEdge()!, gradient))
        }
        // Inputs of autograd.grad: where their gradient is captured.
        var captureSlots: [ObjectIdentifier: [(slot: Int, input: Int)]] = [:]
        if let inputs {
            for (slot, input) in inputs.enumerated() {
                check(input.requiresGrad, "One of the differentiated Tensors does not require grad")
                let edge = input.gradientEdge()!
                captureSlots[ObjectIdentifier(edge.node), default: []].append((slot, edge.inputNumber))
            }
        }
        // Count dependencies over the reachable graph.
        var dependencies: [ObjectIdentifier: Int] = [:]
        var nodes: [ObjectIdentifier: GradFn] = [:]
        var stack = rootEdges.map(\.0.node)
        for node in stack { nodes[ObjectIdentifier(node)] = node }
        while let node = stack.popLast() {
            for edge in node.nextEdges {
                guard let edge else { continue }
                let id = ObjectIdentifier(edge.node)
                dependencies[id, default: 0] += 1
                if nodes[id] == nil {
                    nodes[id] = edge.node
                    stack.append(edge.node)
                }
            }
        }
        let needed = inputs == nil ? nil : nodesLeadingTo(Set(captureSlots.keys), in: nodes)
        var buffers: [ObjectIdentifier: [Tensor?]] = [:]
        for (edge, gradient) in rootEdges {
            accumulate(gradient, into: &buffers, edge: edge)
        }
        var ready = rootEdges.map(\.0.node).filter { dependencies[ObjectIdentifier($0), default: 0] == 0 }
        var seen = Set<ObjectIdentifier>()
        ready = ready.filter { seen.insert(ObjectIdentifier($0)).inserted }
        var captured = [Tensor?](repeating: nil, count: inputs?.count ?? 0)

        GradMode.with(createGraph) {
            while !ready.isEmpty {
                let index = ready.indices.max { ready[$0].sequenceNumber < ready[$1].sequenceNumber }!
                let node = ready.remove(at: index)
                let id = ObjectIdentifier(node)
                var incoming = buffers.removeValue(forKey: id) ?? []
                for (output, hooks) in node.preHooks {
                    guard output < incoming.count, var gradient = incoming[output] else { continue }
                    for entry in hooks { if let replaced = entry.hook(gradient) { gradient = replaced } }
                    incoming[output] = gradient
                }
                if let slots = captureSlots[id] {
                    for (slot, output) in slots where output < incoming.count { captured[slot] = incoming[output] }
                }
                let runs = needed.map { $0.contains(id) } ?? true
                let isCaptureLeaf = inputs != nil && node is AccumulateGrad
                let outputs = runs && !isCaptureLeaf ? node.apply(incoming) : []
                for (position, edge) in node.nextEdges.enumerated() {
                    guard let edge else { continue }
                    if position < outputs.count, let gradient = outputs[position] {
                        accumulate(gradient, into: &buffers, edge: edge)
                    }
                    let nextId = ObjectIdentifier(edge.node)
                    dependencies[nextId]! -= 1
                    if dependencies[nextId] == 0 { ready.append(edge.node) }
                }
                if !retainGraph { node.releaseSavedTensors() }
            }
        }
        return captured
    }

    /// Adds a gradient into the buffer of the node an edge points to.
    private static func accumulate(_ gradient: Tensor, into buffers: inout [ObjectIdentifier: [Tensor?]], edge: Edge) {
        let id = ObjectIdentifier(edge.node)
        var slots = buffers[id] ?? []
        if slots.count <= edge.inputNumber { slots += Array(repeating: nil, count: edge.inputNumber + 1 - slots.count) }
        if let existing = slots[edge.inputNumber] {
            slots[edge.inputNumber] = existing + gradient
        } else {
            slots[edge.inputNumber] = gradient
        }
        buffers[id] = slots
    }

    /// The nodes from which one of `targets` can be reached (so `autograd.grad` runs only what it needs).
    private static func nodesLeadingTo(_ targets: Set<ObjectIdentifier>, in nodes: [ObjectIdentifier: GradFn]) -> Set<ObjectIdentifier> {
        var memo: [ObjectIdentifier: Bool] = [:]
        func reaches(_ node: GradFn) -> Bool {
            let id = ObjectIdentifier(node)
            if let known = memo[id] { return known }
            memo[id] = false
            var result = targets.contains(id)
            for edge in node.nextEdges {
                if let edge, reaches(edge.node) { result = true }
            }
            memo[id] = result
            return result
        }
        var result = Set<ObjectIdentifier>()
        for (id, node) in nodes where reaches(node) { result.insert(id) }
        return result
    }
}
