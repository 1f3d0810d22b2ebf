/// A full backward pre-hook: `(module, gradOutput)`, returning replacements for the output gradients or `nil`.
public typealias BackwardPreHook = (Module, [Tensor?]) -> [Tensor?]?
/// A full backward hook: `(module, gradInput, gradOutput)`, returning replacements for the input gradients or `nil`.
public typealias BackwardHook = (Module, [Tensor?], [Tensor?]) -> [Tensor?]?

/// One call's full backward hooks (PyTorch's `torch.utils.hooks.BackwardHook`): the call's tensor arguments and
/// the tensors of its result pass through identity nodes (``Tensor/backwardHookFunction(_:onGradients:)``). When
/// the backward pass reaches the outputs' node, the pre-hooks see (and may replace) the output gradients; when it
/// reaches the inputs' node, with every input gradient computed, the hooks see the input and output gradients and
/// may replace the input gradients.
///
/// Gradient lists have one entry per argument (per tensor of the result), `nil` for values that are not tensors
/// or got no gradient, as PyTorch's tuples have `None`.
final class BackwardHookState {
    /// Held strongly, as PyTorch's `BackwardHook` holds its module: the graph may outlive every other owner.
    private let module: Module
    private let argumentCount: Int
    /// Positions of the arguments that went through the input node.
    private var inputPositions: [Int] = []
    /// The output gradients of the pass in progress, set when the outputs' node runs.
    private var gradOutputs: [Tensor?]?

    private init(module: Module, argumentCount: Int) {
        self.module = module
        self.argumentCount = argumentCount
    }

    /// The state for one call, or `nil` when the module has no backward hooks or grad mode is off.
    static func start(for module: Module, argumentCount: Int) -> BackwardHookState? {
        guard isGradEnabled, !module.hooks.backward.isEmpty || !module.hooks.backwardPre.isEmpty else {
            return nil
        }
        return BackwardHookState(module: module, argumentCount: argumentCount)
    }

    /// The arguments with their tensors passed through the input node (only when one of them requires grad).
    func wrapInputs(_ values: [Any]) -> [Any] {
        let positions = values.indices.filter { (values[$0] as? Tensor)?.requiresGrad == true }
        guard !positions.isEmpty else { return values }
        inputPositions = positions
        let wrapped = Tensor.backwardHookFunction(positions.map { values[$0] as! Tensor }) { [self] gradients in
            runHooks(inputGradients: gradients)
        }
        var result = values
        for (position, tensor) in zip(positions, wrapped) { result[position] = tensor }
        return result
    }

    /// The result with its tensors passed through the output node.
    func wrapOutput(_ output: Any) -> Any {
        guard let tensors = OutputTensors.tensors(of: output) else {
            fatalError("full backward hooks are registered on \(module.typeName), whose call returns "
                + "\(type(of: output)): they need a result that is a tensor or a tuple of tensors")
        }
        let positions = tensors.indices.filter { tensors[$0]?.requiresGrad == true }
        guard !positions.isEmpty else { return output }
        let wrapped = Tensor.backwardHookFunction(positions.map { tensors[$0]! }) { [self] gradients in
            var all = [Tensor?](repeating: nil, count: tensors.count)
            for (position, gradient) in zip(positions, gradients) { all[position] = gradient }
            let replaced = runPreHooks(outputGradients: all)
            return positions.map { replaced[$0] }
        }
        var replaced = tensors
        for (position, tensor) in zip(positions, wrapped) { replaced[position] = tensor }
        return OutputTensors.replacing(output, with: replaced)
    }

    /// Runs the pre-hooks on the output gradients and keeps them for the hooks; calls the hooks right away when
    /// no input needs a gradient (PyTorch does the same; they then get `nil` input gradients and must return
    /// `nil`).
    private func runPreHooks(outputGradients: [Tensor?]) -> [Tensor?] {
        var gradients = outputGradients
        for entry in module.hooks.backwardPre.entries {
            guard let replaced = entry.hook(module, gradients) else { continue }
            check(replaced.count == gradients.count,
                  "Backward pre hook returned an invalid number of grad_output, got \(replaced.count), but expected \(gradients.count)")
            gradients = replaced
        }
        if inputPositions.isEmpty {
            let none = [Tensor?](repeating: nil, count: argumentCount)
            for entry in module.hooks.backward.entries {
                let result = entry.hook(module, none, gradients)
                check(result == nil || result!.allSatisfy { $0 == nil },
                      "Backward hook for Modules where no input requires gradient should always return None or None for all gradients.")
            }
        } else {
            gradOutputs = gradients
        }
        return gradients
    }

    /// Runs the hooks on the input gradients and returns the (possibly replaced) ones for the tracked inputs.
    private func runHooks(inputGradients: [Tensor?]) -> [Tensor?] {
        guard let gradOutputs else { return inputGradients }
        var all = [Tensor?](repeating: nil, count: argumentCount)
        for (position, gradient) in zip(inputPositions, inputGradients) { all[position] = gradient }
        for entry in module.hooks.backward.entries {
            guard let replaced = entry.hook(module, all, gradOutputs) else { continue }
            check(replaced.count == all.count,
                  "Backward hook returned an invalid number of grad_input, got \(replaced.count), but expected \(all.count)")
            all = replaced
        }
        self.gradOutputs = nil
        return inputPositions.map { all[$0] }
    }
}

/// The tensors of a module's result, for the backward hooks: a tensor, an optional tensor, an array of tensors,
/// or a tuple of two or three (optional) tensors.
enum OutputTensors {
    /// The result's tensors in order, or `nil` for a result of another kind.
    static func tensors(of output: Any) -> [Tensor?]? {
        switch output {
        case let tensor as Tensor: [tensor]
        case let tensors as [Tensor]: tensors
        case let pair as (Tensor, Tensor): [pair.0, pair.1]
        case let pair as (Tensor, Tensor?): [pair.0, pair.1]
        case let triple as (Tensor, Tensor, Tensor): [triple.0, triple.1, triple.2]
        default: nil
        }
    }

    /// `output` with its tensors replaced by `tensors` (as many, in the order ``tensors(of:)`` gives).
    static func replacing(_ output: Any, with tensors: [Tensor?]) -> Any {
        switch output {
        case is Tensor: tensors[0]!
        case is [Tensor]: tensors.map { $0! }
        case is (Tensor, Tensor): (tensors[0]!, tensors[1]!)
        case is (Tensor, Tensor?): (tensors[0]!, tensors[1])
        case is (Tensor, Tensor, Tensor): (tensors[0]!, tensors[1]!, tensors[2]!)
        default: output
        }
    }
}
