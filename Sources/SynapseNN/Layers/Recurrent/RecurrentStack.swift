/// The computation of ``RNNBase``'s layers over a batch of sequences laid out as a packed sequence's data: the
/// rows of time step 0, then those of step 1, …, with `batchSizes[t]` rows at step `t` (a padded batch is the
/// case where every step has the whole batch). This is ATen's `PackedLayer` / `ReversedPackedLayer` and
/// `apply_layer_stack`, built from differentiable operations so that gradients follow.
struct RecurrentStack {
    let kind: RecurrentKind
    /// Per layer, per direction.
    let weights: [[RecurrentWeights]]
    let dropout: Double
    let training: Bool
    let generator: Generator?

    /// Runs every layer; returns the last layer's output rows `[N, directions · H]` and the final state of each
    /// layer and direction (index `layer · directions + direction`), for the whole batch in its order.
    func run(_ data: Tensor, batchSizes: [Int], initial: [RecurrentState]) -> (Tensor, [RecurrentState]) {
        var layerInput = data
        var finals: [RecurrentState] = []
        for (layer, directions) in weights.enumerated() {
            var outputs: [Tensor] = []
            for (direction, directionWeights) in directions.enumerated() {
                let start = initial[layer * directions.count + direction]
                let (output, final) = direction == 0
                    ? runForward(layerInput, batchSizes, start, directionWeights)
                    : runReverse(layerInput, batchSizes, start, directionWeights)
                outputs.append(output)
                finals.append(final)
            }
            layerInput = outputs.count == 1 ? outputs[0] : Tensor.cat(outputs, dim: 1)
            if dropout > 0 && training && layer < weights.count - 1 {
                layerInput = Functional.dropout(layerInput, p: dropout, training: true, generator: generator)
            }
        }
        return (layerInput, finals)
    }

    /// Time steps first to last; a sequence that ends leaves its state behind (the batch shrinks from the end).
    private func runForward(_ input: Tensor, _ batchSizes: [Int], _ initial: RecurrentState,
                         _ weights: RecurrentWeights) -> (Tensor, RecurrentState) {
        let gates = stepGates(input, batchSizes, weights)
        var state = initial, lastBatch = batchSizes[0]
        var ended: [RecurrentState] = [], outputs: [Tensor] = []
        for (batch, stepGates) in zip(batchSizes, gates) {
            if batch < lastBatch {
                ended.append(state.rows(batch..<lastBatch))
                state = state.rows(0..<batch)
            }
            lastBatch = batch
            state = kind.step(inputGates: stepGates, state, weights)
            outputs.append(state.hidden)
        }
        ended.append(state)
        return (Tensor.cat(outputs), RecurrentState.concatenating(ended.reversed()))
    }

    /// Time steps last to first; a sequence joins with its initial state at its last step.
    private func runReverse(_ input: Tensor, _ batchSizes: [Int], _ initial: RecurrentState,
                          _ weights: RecurrentWeights) -> (Tensor, RecurrentState) {
        let gates = stepGates(input, batchSizes, weights)
        var lastBatch = batchSizes[batchSizes.count - 1]
        var state = initial.rows(0..<lastBatch)
        var outputs: [Tensor] = []
        for (batch, stepGates) in zip(batchSizes, gates).reversed() {
            if batch > lastBatch {
                state = RecurrentState.concatenating([state, initial.rows(lastBatch..<batch)])
            }
            lastBatch = batch
            state = kind.step(inputGates: stepGates, state, weights)
            outputs.append(state.hidden)
        }
        return (Tensor.cat(outputs.reversed()), state)
    }

    /// The input's share of the gates, `x·W_ihᵀ + b_ih`, computed for every step at once and split per step (one
    /// product, and one node whose backward joins the steps' gradients).
    private func stepGates(_ input: Tensor, _ batchSizes: [Int], _ weights: RecurrentWeights) -> [Tensor] {
        Functional.linear(input, weight: weights.inputHidden, bias: weights.inputBias).split(sizes: batchSizes)
    }
}
