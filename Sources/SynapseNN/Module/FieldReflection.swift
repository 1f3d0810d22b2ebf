import SwiftShims

// The Swift runtime's field reflection: the same entry points `Mirror` is built on, asked for field names, types,
// offsets and `let`/`var`/`weak` flags once per class instead of boxing every value on every traversal.
// These symbols are exported by the Swift runtime on every platform (they back `Mirror` and `_forEachField`).

@_silgen_name("swift_reflectionMirror_recursiveCount")
private func runtimeFieldCount(_ type: Any.Type) -> Int

@_silgen_name("swift_reflectionMirror_recursiveChildMetadata")
private func runtimeFieldMetadata(
    _ type: Any.Type, index: Int, fieldMetadata: UnsafeMutablePointer<_FieldReflectionMetadata>
) -> Any.Type

@_silgen_name("swift_reflectionMirror_recursiveChildOffset")
private func runtimeFieldOffset(_ type: Any.Type, index: Int) -> Int

/// One stored property of a class, as the runtime describes it.
struct StoredField {
    /// The property's name (`$__lazy_storage_$_name` for the storage of a `lazy var`).
    let name: String
    /// The property's declared type.
    let type: Any.Type
    /// Byte offset of the property inside an instance.
    let offset: Int
    /// Declared with `var` (writable) rather than `let`.
    let isVar: Bool
    /// A strong reference or a value (not `weak` or `unowned`).
    let isStrong: Bool

    /// Every stored property of `type`, superclass properties first, each class's in declaration order.
    static func all(of type: AnyClass) -> [StoredField] {
        (0..<runtimeFieldCount(type)).map { index in
            var metadata = _FieldReflectionMetadata()
            let fieldType = runtimeFieldMetadata(type, index: index, fieldMetadata: &metadata)
            defer { metadata.freeFunc?(metadata.name) }
            return StoredField(
                name: metadata.name.map { String(cString: $0) } ?? "",
                type: fieldType, offset: runtimeFieldOffset(type, index: index),
                isVar: metadata.isVar, isStrong: metadata.isStrong)
        }
    }
}

/// Where a member sits inside a property: the property itself, an array element or a dictionary value.
enum FieldElement: Equatable {
    case whole
    case index(Int)
    case key(String)
}

/// A property type that can hold members: a class (`Parameter`, `Linear`), an optional class, an array of class
/// instances or a `[String: …]` dictionary of them. Conformances read and write the property through its address,
/// with its exact declared type.
protocol MemberFieldType {
    /// The class of the held objects (`Linear` for `[Linear]`).
    static var elementType: Any.Type { get }
    /// Whether the property holds several members (an array or a dictionary) rather than at most one.
    static var isCollection: Bool { get }
    /// Calls `body` with each held object and its position, in order (dictionary keys sorted).
    static func forEachElement(at address: UnsafeRawPointer, _ body: (FieldElement, AnyObject) -> Void)
    /// Whether `object` can be stored in this property.
    static func accepts(_ object: AnyObject) -> Bool
    /// Stores `object` at `element` (which must exist, or be `.whole`). `object` must be accepted.
    static func store(_ object: AnyObject, at element: FieldElement, address: UnsafeMutableRawPointer)
}

/// Class-typed properties: `var weight: Parameter`, `let hidden: Linear`.
protocol ClassMemberFieldType: AnyObject, MemberFieldType {}

extension ClassMemberFieldType {
    static var elementType: Any.Type { Self.self }
    static var isCollection: Bool { false }

    static func forEachElement(at address: UnsafeRawPointer, _ body: (FieldElement, AnyObject) -> Void) {
        body(.whole, address.load(as: Self.self))
    }

    static func accepts(_ object: AnyObject) -> Bool { object is Self }

    static func store(_ object: AnyObject, at element: FieldElement, address: UnsafeMutableRawPointer) {
        address.assumingMemoryBound(to: Self.self).pointee = object as! Self
    }
}

extension Tensor: ClassMemberFieldType {}
extension Module: ClassMemberFieldType {}

extension Optional: MemberFieldType where Wrapped: ClassMemberFieldType {
    static var elementType: Any.Type { Wrapped.self }
    static var isCollection: Bool { false }

    static func forEachElement(at address: UnsafeRawPointer, _ body: (FieldElement, AnyObject) -> Void) {
        if let object = address.load(as: Self.self) { body(.whole, object) }
    }

    static func accepts(_ object: AnyObject) -> Bool { object is Wrapped }

    static func store(_ object: AnyObject, at element: FieldElement, address: UnsafeMutableRawPointer) {
        address.assumingMemoryBound(to: Self.self).pointee = (object as! Wrapped)
    }
}

extension Array: MemberFieldType where Element: ClassMemberFieldType {
    static var elementType: Any.Type { Element.self }
    static var isCollection: Bool { true }

    static func forEachElement(at address: UnsafeRawPointer, _ body: (FieldElement, AnyObject) -> Void) {
        for (index, object) in address.load(as: Self.self).enumerated() { body(.index(index), object) }
    }

    static func accepts(_ object: AnyObject) -> Bool { object is Element }

    static func store(_ object: AnyObject, at element: FieldElement, address: UnsafeMutableRawPointer) {
        guard case .index(let index) = element else { fatalError("an array element needs an index") }
        address.assumingMemoryBound(to: Self.self).pointee[index] = object as! Element
    }
}

extension Dictionary: MemberFieldType where Key == String, Value: ClassMemberFieldType {
    static var elementType: Any.Type { Value.self }
    static var isCollection: Bool { true }

    static func forEachElement(at address: UnsafeRawPointer, _ body: (FieldElement, AnyObject) -> Void) {
        for (key, object) in address.load(as: Self.self).sorted(by: { $0.key < $1.key }) { body(.key(key), object) }
    }

    static func accepts(_ object: AnyObject) -> Bool { object is Value }

    static func store(_ object: AnyObject, at element: FieldElement, address: UnsafeMutableRawPointer) {
        guard case .key(let key) = element else { fatalError("a dictionary value needs a key") }
        address.assumingMemoryBound(to: Self.self).pointee[key] = (object as! Value)
    }
}
