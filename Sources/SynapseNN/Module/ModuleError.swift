/// Why a name given at run time could not be registered or resolved, worded as PyTorch words it.
///
/// ```swift
/// do { try net.getSubmodule("0.block9") } catch { print(error) }   // Sequential has no attribute `block9`
/// ```
public enum ModuleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The name contains ".", which separates path segments.
    case nameContainsDot(MemberKind, name: String)
    /// The name is empty.
    case emptyName(MemberKind)
    /// The name is already used by a member of another kind or by a stored property.
    case attributeExists(String)
    /// A path segment names nothing in the module it was looked up in.
    case noAttribute(typeName: String, name: String)
    /// A path segment that had to be a module names a parameter or buffer.
    case notAModule(String)
    /// The last segment of a parameter path names something else.
    case notAParameter(String)
    /// The last segment of a buffer path names something else.
    case notABuffer(String)
    /// ``Module/setSubmodule(_:_:strict:)`` was given an empty path.
    case emptyTarget

    /// PyTorch's message (the text of its `KeyError` or `AttributeError`).
    public var description: String {
        switch self {
        case .nameContainsDot(.module, let name): "module name can't contain \".\", got: \(name)"
        case .nameContainsDot(let kind, _): "\(kind.rawValue) name can't contain \".\""
        case .emptyName(let kind): "\(kind.rawValue) name can't be empty string \"\""
        case .attributeExists(let name): "attribute '\(name)' already exists"
        case .noAttribute(let typeName, let name): "\(typeName) has no attribute `\(name)`"
        case .notAModule(let name): "`\(name)` is not an nn.Module"
        case .notAParameter(let name): "`\(name)` is not an nn.Parameter"
        case .notABuffer(let name): "`\(name)` is not a buffer"
        case .emptyTarget: "Cannot set the submodule without a target name!"
        }
    }
}
