/// Dotted paths to the leaves of a checkpoint value, as `synapse` names them.
enum CheckpointPaths {
    /// Every leaf (tensor or scalar value) with its path: dict keys and list indices joined with dots. Empty
    /// containers are leaves too, so that they show up.
    static func leaves(_ value: CheckpointValue, prefix: String = "") -> [(String, CheckpointValue)] {
        func join(_ part: String) -> String { prefix.isEmpty ? part : "\(prefix).\(part)" }
        switch value {
        case .size(let sizes) where !sizes.isEmpty:
            return sizes.enumerated().map { (join(String($0)), .int($1)) }
        case .list(let items) where !items.isEmpty, .tuple(let items) where !items.isEmpty:
            return items.enumerated().flatMap { leaves($1, prefix: join(String($0))) }
        case .dict(let entries) where !entries.isEmpty, .orderedDict(let entries) where !entries.isEmpty:
            return entries.flatMap { key, item -> [(String, CheckpointValue)] in
                switch key {
                case .string(let name): leaves(item, prefix: join(name))
                case .int(let index): leaves(item, prefix: join(String(index)))
                }
            }
        default:
            return [(prefix, value)]
        }
    }

}

extension CheckpointValue {
    /// The number of tensors in this value, nested ones included.
    public var tensorCount: Int {
        CheckpointPaths.leaves(self).reduce(0) { count, leaf in if case .tensor = leaf.1 { count + 1 } else { count } }
    }
}
