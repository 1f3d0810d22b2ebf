
/// The kinds of things a module holds by name.
public enum MemberKind: String, Sendable, Equatable {
    /// A ``Parameter``.
    case parameter
    /// A buffer: a ``Buffer`` property or a tensor registered with ``Module/registerBuffer(_:_:persistent:)``.
    case buffer
    /// A child ``Module``.
    case module
}

/// A stored property that holds members: where it is in an instance, what it holds, and the name it gives them.
struct MemberField: Sendable {
    /// The Swift property name.
    let property: String
    /// The member name (``Module/memberName(forProperty:)``); elements of arrays and dictionaries get `name.index`
    /// and `name.key`.
    let name: String
    /// What the property holds.
    let kind: MemberKind
    /// Byte offset of the property inside an instance.
    let offset: Int
    /// Whether the property is a `var`, so that members can be replaced in it.
    let isVar: Bool
    /// Reads and writes the property with its declared type.
    nonisolated(unsafe) let access: any MemberFieldType.Type
    /// Whether the property is an array or dictionary (rather than one optional or non-optional reference).
    let isCollection: Bool

    /// The member name of the object at `element`.
    func memberName(_ element: FieldElement) -> String {
        switch element {
        case .whole: name
        case .index(let index): name + "." + String(index)
        case .key(let key): name + "." + key
        }
    }

    /// Calls `body` with each object the property holds in `module` now, with its member name and position.
    @inline(__always)
    func forEachElement(in module: Module, _ body: (String, FieldElement, AnyObject) -> Void) {
        let address = UnsafeRawPointer(Unmanaged.passUnretained(module).toOpaque()) + offset
        if !isCollection {
            // A class reference, optional or not, is one pointer (nil is null): read it without going through the
            // generic witness, which would look up Optional<Wrapped>'s metadata on every call.
            guard let pointer = address.load(as: UnsafeRawPointer?.self) else { return }
            body(name, .whole, Unmanaged<AnyObject>.fromOpaque(pointer).takeUnretainedValue())
            return
        }
        access.forEachElement(at: address) { element, object in body(memberName(element), element, object) }
    }

    /// Stores `object` at `element` of the property in `module`; the caller checked ``isVar`` and `accepts`.
    func store(_ object: AnyObject, at element: FieldElement, in module: Module) {
        let address = Unmanaged.passUnretained(module).toOpaque() + offset
        access.store(object, at: element, address: address)
    }
}

/// The member-holding stored properties of one module class, found once by reflection and cached per class.
/// Traversals read the properties' current values through it, so a reassigned property is always seen.
final class MemberLayout: Sendable {
    /// Member properties in declaration order, superclass properties first.
    let fields: [MemberField]
    /// Every stored property name of the class (member or not), for registration's name checks.
    let propertyNames: Set<String>
    /// The member-holding fields of each kind, for the traversals.
    let parameterFields: [MemberField], bufferFields: [MemberField], moduleFields: [MemberField]

    private init(_ type: Module.Type) {
        let ownFieldCount = MemberLayout.moduleFieldCount
        var fields: [MemberField] = []
        var propertyNames: Set<String> = []
        for stored in StoredField.all(of: type).dropFirst(ownFieldCount) {
            let property = MemberLayout.propertyName(stored.name)
            propertyNames.insert(property)
            guard stored.isStrong, let access = stored.type as? any MemberFieldType.Type,
                  let kind = MemberLayout.kind(of: access.elementType) else { continue }
            let name = type.memberName(forProperty: property)
            check(!name.isEmpty && !name.contains("."),
                "\(type).memberName(forProperty: \"\(property)\") is \"\(name)\": member names can't be empty or contain \".\"")
            fields.append(MemberField(property: property, name: name, kind: kind, offset: stored.offset,
                                      isVar: stored.isVar, access: access, isCollection: access.isCollection))
        }
        var seen: Set<String> = []
        for field in fields {
            check(seen.insert(field.name).inserted, "\(type) has two members named '\(field.name)'")
        }
        self.fields = fields
        self.propertyNames = propertyNames.union(fields.map(\.name))
        parameterFields = fields.filter { $0.kind == .parameter }
        bufferFields = fields.filter { $0.kind == .buffer }
        moduleFields = fields.filter { $0.kind == .module }
    }

    /// The layout of `type`, computed on first use.
    static func of(_ type: Module.Type) -> MemberLayout {
        let id = ObjectIdentifier(type)
        if let cached = cache.withLock({ $0[id] }) { return cached }
        let layout = MemberLayout(type)
        return cache.withLock { cache in
            if let existing = cache[id] { return existing }
            cache[id] = layout
            return layout
        }
    }

    private static let cache = Locked<[ObjectIdentifier: MemberLayout]>([:])

    /// Number of stored properties `Module` itself declares (they come first in every subclass and are skipped).
    private static let moduleFieldCount = StoredField.all(of: Module.self).count

    private static func kind(of elementType: Any.Type) -> MemberKind? {
        if elementType is Parameter.Type { return .parameter }
        if elementType is Buffer.Type { return .buffer }
        if elementType is Module.Type { return .module }
        return nil
    }

    /// The property name behind a stored field: a `lazy var`'s storage is reported under its own name.
    private static func propertyName(_ storedName: String) -> String {
        let lazyPrefix = "$__lazy_storage_$_"
        return storedName.hasPrefix(lazyPrefix) ? String(storedName.dropFirst(lazyPrefix.count)) : storedName
    }
}
