/// A string compared and hashed by its UTF-8 bytes, as Rust compares strings: Swift's `String` equality is
/// canonical equivalence, under which the vocabulary tokens `é` and `e\u{301}` would be one key.
struct ExactString: Hashable, Sendable {
    let string: String

    init(_ string: String) { self.string = string }

    static func == (lhs: ExactString, rhs: ExactString) -> Bool { lhs.string.utf8.elementsEqual(rhs.string.utf8) }

    func hash(into hasher: inout Hasher) {
        var string = string
        string.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
