/// The pruning methods applied one after another to one tensor (`prune.PruningContainer`), made when a pruned
/// tensor is pruned again. Its mask is the last method's, computed on what the earlier masks left: the unpruned
/// entries (unstructured), the unpruned channels (structured) or the whole tensor (global).
public final class PruningContainer: PruningMethod, @unchecked Sendable {
    /// The methods, in the order they were applied.
    public private(set) var methods: [PruningMethod] = []

    /// Removes the last method.
    func removeLast() { methods.removeLast() }

    /// A container of `methods`, all acting on the same tensor.
    init(_ methods: [PruningMethod], tensorName: String) {
        super.init()
        self.tensorName = tensorName
        self.methods = methods
    }

    /// Adds `method` (it must act on the same tensor).
    func add(_ method: PruningMethod) throws(ReparametrizationError) {
        guard method.tensorName == tensorName else {
            throw ReparametrizationError("Can only add pruning methods acting on the parameter named '\(tensorName)' to PruningContainer. Found '\(method.tensorName)'")
        }
        methods.append(method)
    }

    /// The last method's mask on the part of `t` the default mask keeps, written into the default mask.
    public override func computeMask(_ t: PruningValues, defaultMask: [Double]) throws(ReparametrizationError) -> [Double] {
        guard let method = methods.last else { return defaultMask }
        var mask = defaultMask
        switch method.kind {
        case .unstructured:
            let kept = defaultMask.indices.filter { defaultMask[$0] == 1 }
            let part = PruningValues(values: kept.map { t.values[$0] }, shape: [kept.count], dtype: t.dtype)
            let partial = try method.computeMask(part, defaultMask: kept.map { defaultMask[$0] })
            for (position, index) in kept.enumerated() { mask[index] = partial[position] }
        case .structured(let requested):
            let dim = requested < 0 ? requested + t.shape.count : requested
            guard dim >= 0 && dim < t.shape.count else {
                throw ReparametrizationError("Index is out of bounds for tensor with dimensions \(t.shape.count)")
            }
            let maskValues = PruningValues(values: defaultMask, shape: t.shape, dtype: t.dtype)
            var keep = [Bool](repeating: false, count: t.shape[dim])
            for index in defaultMask.indices where defaultMask[index] != 0 { keep[t.channel(of: index, dim: dim)] = true }
            let partial = try method.computeMask(t.selecting(channels: keep, dim: dim),
                                                 defaultMask: maskValues.selecting(channels: keep, dim: dim).values)
            let positions = defaultMask.indices.filter { keep[t.channel(of: $0, dim: dim)] }
            for (position, index) in positions.enumerated() { mask[index] = partial[position] }
        case .global:
            mask = try method.computeMask(t, defaultMask: defaultMask)
        }
        return mask
    }
}
