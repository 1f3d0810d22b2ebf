import Foundation

/// One JSON object of a `tokenizer.json`, read field by field with errors naming the field's path.
struct JSONFields {
    /// Where the object sits in the file (`model`, `post_processor.single[0]`), for error messages.
    let path: String
    let values: [String: Any]

    init(_ value: Any?, path: String) throws(TokenizerError) {
        guard let values = value as? [String: Any] else {
            throw .invalidField(path: path, expected: "an object", found: JSONFields.describe(value))
        }
        self.path = path
        self.values = values
    }

    /// Parses `data` as a JSON object.
    static func parse(_ data: Data) throws(TokenizerError) -> JSONFields {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw .invalidJSON("\(data.count) bytes are not well-formed JSON (truncated?)")
        }
        return try JSONFields(object, path: "")
    }

    func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Whether `key` is present and not null.
    func has(_ key: String) -> Bool { values[key].map { !($0 is NSNull) } ?? false }

    /// The raw value of `key`, nil when absent or null.
    func raw(_ key: String) -> Any? { has(key) ? values[key] : nil }

    func object(_ key: String) throws(TokenizerError) -> JSONFields { try JSONFields(values[key], path: child(key)) }

    func optionalObject(_ key: String) throws(TokenizerError) -> JSONFields? { has(key) ? try object(key) : nil }

    func string(_ key: String) throws(TokenizerError) -> String {
        guard let value = values[key] as? String else { throw mismatch(key, "a string") }
        return value
    }

    func optionalString(_ key: String) throws(TokenizerError) -> String? { has(key) ? try string(key) : nil }

    func bool(_ key: String, default fallback: Bool? = nil) throws(TokenizerError) -> Bool {
        if !has(key), let fallback { return fallback }
        guard let number = values[key] as? NSNumber, JSONFields.isBool(number) else { throw mismatch(key, "true or false") }
        return number.boolValue
    }

    func optionalBool(_ key: String) throws(TokenizerError) -> Bool? { has(key) ? try bool(key) : nil }

    /// A non-negative integer no larger than `limit`.
    func int(_ key: String, default fallback: Int? = nil, limit: Int = Int(Int32.max)) throws(TokenizerError) -> Int {
        if !has(key), let fallback { return fallback }
        return try JSONFields.int(values[key], path: child(key), limit: limit)
    }

    func array(_ key: String) throws(TokenizerError) -> [Any] {
        guard let value = values[key] as? [Any] else { throw mismatch(key, "an array") }
        return value
    }

    /// The component's `type` tag.
    func type() throws(TokenizerError) -> String { try string("type") }

    func mismatch(_ key: String, _ expected: String) -> TokenizerError {
        .invalidField(path: child(key), expected: expected, found: JSONFields.describe(values[key]))
    }

    /// A non-negative integer no larger than `limit` (ids and lengths), rejecting floats, booleans and huge values.
    static func int(_ value: Any?, path: String, limit: Int = Int(Int32.max)) throws(TokenizerError) -> Int {
        let expected = "an integer in 0...\(limit)"
        guard let number = value as? NSNumber, !isBool(number) else {
            throw .invalidField(path: path, expected: expected, found: describe(value))
        }
        let double = number.doubleValue
        guard double >= 0, double <= Double(limit), double == double.rounded(), number.intValue >= 0,
              number.intValue <= limit
        else { throw .invalidField(path: path, expected: expected, found: describe(value)) }
        return number.intValue
    }

    static func isBool(_ number: NSNumber) -> Bool {
        #if canImport(Darwin)
        return CFGetTypeID(number) == CFBooleanGetTypeID()
        #else
        return String(cString: number.objCType) == "c"
        #endif
    }

    /// A short description of what was found instead of the expected value.
    static func describe(_ value: Any?) -> String {
        switch value {
        case nil: "nothing"
        case is NSNull: "null"
        case let string as String: "the string \"\(string.prefix(40))\""
        case let number as NSNumber: isBool(number) ? "\(number.boolValue)" : "the number \(number)"
        case is [Any]: "an array"
        case is [String: Any]: "an object"
        default: "\(Swift.type(of: value!))"
        }
    }
}
