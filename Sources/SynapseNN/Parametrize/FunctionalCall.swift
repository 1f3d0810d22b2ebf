/// What `functionalCall` rejected; the messages are PyTorch's.
public struct FunctionalCallError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The message.
    public let description: String
}

/// Runs `body` with some of `module`'s parameters and buffers replaced by the given tensors, then puts the
/// module's own back (`torch.func.functional_call`). Keys are the dotted names of
/// ``Module/namedParameters(prefix:recurse:removeDuplicate:)`` and ``Module/namedBuffers(prefix:recurse:removeDuplicate:)``.
///
/// The given tensors are used as they are, history included: gradients of the result flow to them, not to the
/// module's parameters. With `tieWeights`, replacing one name of a tied parameter (one object under several
/// names) replaces all of them, and giving different tensors for tied names is an error. With `strict`, every
/// parameter and buffer must be given and every key must name one; otherwise keys that name nothing are ignored.
///
/// The module is changed while `body` runs, so don't use it from other threads meanwhile.
///
/// ```swift
/// let w = Tensor.randn([3, 4]).requiresGrad_()
/// let y = try functionalCall(layer, parameters: ["weight": w]) { layer(x) }
/// ```
public func functionalCall<Output>(
    _ module: Module, parameters: [String: Tensor], buffers: [String: Tensor] = [:], tieWeights: Bool = true,
    strict: Bool = false, _ body: () throws -> Output
) throws -> Output {
    var given = parameters
    for (key, tensor) in buffers {
        guard given[key] == nil else {
            throw FunctionalCallError(description: "['\(key)'] appeared in multiple dictionaries; behavior of functional call is ambiguous")
        }
        given[key] = tensor
    }
    let named = module.namedParameters(removeDuplicate: false).map { ($0.name, $0.parameter as Tensor) }
        + module.namedBuffers(removeDuplicate: false).map { ($0.name, $0.buffer) }
    if tieWeights { given = try untie(given, named: named) }
    if strict {
        let valid = Set(named.map(\.0))
        let missing = valid.subtracting(given.keys).sorted(), unexpected = Set(given.keys).subtracting(valid).sorted()
        var messages: [String] = []
        if !unexpected.isEmpty { messages.append("Unexpected key(s): \(unexpected.map(PythonRepr.string).joined(separator: ", ")).") }
        if !missing.isEmpty { messages.append("Missing key(s): \(missing.map(PythonRepr.string).joined(separator: ", ")).") }
        if !messages.isEmpty {
            throw FunctionalCallError(description: "Error(s) in reparametrizing for \(module.typeName):\n\t" + messages.joined(separator: "\n\t"))
        }
    }
    var restore: [() -> Void] = []
    defer { for step in restore.reversed() { step() } }
    for key in given.keys.sorted() {
        let path = key.split(separator: ".", omittingEmptySubsequences: false)
        guard let owner = try? module.getSubmodule(path.dropLast().joined(separator: ".")),
              let member = owner.locateMember(named: String(path.last!)), let current = member.object as? Tensor,
              member.kind != .module else { continue }
        let name = String(path.last!), tensor = given[key]!
        let replacement: Tensor = switch member.kind {
        case .parameter: tensor as? Parameter ?? ComputedParameter(computed: tensor)
        default: tensor is Buffer || member.location.isRegistered ? tensor : Buffer(tensor)
        }
        owner.replaceTensor(named: name, with: replacement)
        restore.append { owner.replaceTensor(named: name, with: current) }
    }
    return try body()
}

/// PyTorch's `_untie_named_tensors_map`: a tensor given for one name of a tied parameter or buffer is used for
/// all of its names.
private func untie(_ given: [String: Tensor], named: [(String, Tensor)]) throws -> [String: Tensor] {
    var namesByObject: [ObjectIdentifier: [String]] = [:]
    for (name, tensor) in named { namesByObject[ObjectIdentifier(tensor), default: []].append(name) }
    var result = given
    for names in namesByObject.values where names.count > 1 {
        let values = names.compactMap { given[$0] }
        guard let first = values.first else { continue }
        guard values.allSatisfy({ $0 === first }) else {
            throw FunctionalCallError(description: "functional_call got multiple values for keys \(PythonRepr.stringList(names.sorted())), which are tied. Consider using tie_weights=False")
        }
        for name in names { result[name] = first }
    }
    return result
}

extension MemberLocation {
    /// Whether the member was registered at run time (rather than held in a property).
    var isRegistered: Bool { if case .registered = self { true } else { false } }
}

/// `functionalCall` for a module called on one tensor: `torch.func.functional_call(module, parameters, (x,))`.
///
/// ```swift
/// let y = try functionalCall(layer, parameters: ["weight": w], args: x)
/// ```
public func functionalCall(
    _ module: Module, parameters: [String: Tensor], buffers: [String: Tensor] = [:], args input: Tensor,
    tieWeights: Bool = true, strict: Bool = false
) throws -> Tensor {
    try functionalCall(module, parameters: parameters, buffers: buffers, tieWeights: tieWeights, strict: strict) {
        module(input)
    }
}
