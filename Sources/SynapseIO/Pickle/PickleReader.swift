/// A data-only unpickler: a stack machine that knows the opcodes weights files use and nothing else.
///
/// It never imports or calls anything. `GLOBAL` asks `resolveGlobal` whether the name is allowed (anything else is a
/// ``CheckpointError/forbiddenGlobal(module:name:)`` before any further byte is read), `REDUCE` and `NEWOBJ` hand an
/// allowed global and its arguments to `call`, and `BINPERSID` hands the persistent id to `persistentLoad`. Every
/// length is checked against the bytes left, so what it allocates is bounded by the pickle's size.
struct PickleReader {
    /// How deep tuples may nest. The checkpoint converter accepts 200 levels of any containers; tuples nested
    /// deeper can't become a checkpoint value, and deeper still (tens of thousands of levels, a few bytes each)
    /// would overflow the stack when released or hashed.
    static let maximumTupleDepth = 200
    /// Decides which globals a pickle may name; throws for the others.
    var resolveGlobal: (PickleGlobal) throws(CheckpointError) -> PickleObject
    /// Builds the value of `REDUCE` (an allowed global applied to an argument tuple).
    var call: (PickleGlobal, [PickleObject]) throws(CheckpointError) -> PickleObject
    /// Resolves a `BINPERSID` id (a storage, in PyTorch files).
    var persistentLoad: (PickleObject) throws(CheckpointError) -> PickleObject

    /// Reads one pickle from `bytes`, starting at `start`; returns what `finish` makes of its value (while the
    /// pickle's lists and dicts still hold their items) and the offset after `STOP`.
    func read<T>(
        _ bytes: UnsafeRawBufferPointer, from start: Int = 0, finish: (PickleObject) throws(CheckpointError) -> T
    ) throws(CheckpointError) -> (T, end: Int) {
        var machine = Machine(bytes: bytes, position: start, reader: self)
        defer { machine.releaseBoxes() }
        let value = try finish(try machine.run())
        return (value, machine.position)
    }
}

/// The unpickler's state while it runs.
private struct Machine {
    let bytes: UnsafeRawBufferPointer
    var position: Int
    let reader: PickleReader
    var stack: [PickleObject] = []
    var marks: [Int] = []
    var memo: [Int: PickleObject] = [:]
    /// Every list and dict created, so they can be emptied one by one at the end: a deeply nested or cyclic
    /// structure would otherwise be released recursively (a stack overflow) or never (a leak).
    var boxes: [AnyObject] = []
    /// Where the opcode being run starts, for error messages.
    var opcodeStart = 0
    /// The most values a dict key may expand to: what the pickle could spell without shared references.
    var keyBudget: Int { 4 * bytes.count + 1024 }

    func fail(_ reason: String) -> CheckpointError { .invalidPickle(offset: opcodeStart, reason: reason) }

    mutating func releaseBoxes() {
        for box in boxes {
            if let list = box as? PickleList { list.items.removeAll() } else if let dict = box as? PickleDict { dict.removeAll() }
        }
        boxes.removeAll()
    }

    // MARK: Reading operands

    mutating func take(_ count: Int, _ what: String) throws(CheckpointError) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= bytes.count - position else {
            throw fail("expected \(what) of \(count) bytes, but only \(bytes.count - position) are left")
        }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)])
    }

    mutating func byte() throws(CheckpointError) -> UInt8 { try take(1, "a 1-byte operand")[0] }

    mutating func littleEndian<T: FixedWidthInteger>(_ type: T.Type) throws(CheckpointError) -> T {
        T(littleEndian: try take(MemoryLayout<T>.size, "a \(MemoryLayout<T>.size)-byte operand").loadUnaligned(as: T.self))
    }

    /// A length operand, checked against what is left so that nothing is allocated for a lying length.
    mutating func length<T: FixedWidthInteger>(_ type: T.Type) throws(CheckpointError) -> Int {
        let value = try littleEndian(type)
        guard value >= 0, value <= bytes.count - position else {
            throw fail("a length of \(value) bytes, but only \(bytes.count - position) are left")
        }
        return Int(value)
    }

    /// A newline-terminated line (the text operands of `GLOBAL`).
    mutating func line() throws(CheckpointError) -> String {
        guard let newline = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) else {
            throw fail("expected a newline-terminated name, found the end of the pickle")
        }
        let text = try utf8(UnsafeRawBufferPointer(rebasing: bytes[position..<newline]))
        position = newline + 1
        return text
    }

    func utf8(_ raw: UnsafeRawBufferPointer) throws(CheckpointError) -> String {
        guard let text = String(validating: raw, as: UTF8.self) else { throw fail("a string is not valid UTF-8") }
        return text
    }

    // MARK: The stack

    mutating func pop() throws(CheckpointError) -> PickleObject {
        guard let last = stack.last, stack.count > (marks.last ?? 0) else {
            throw fail("the opcode needs a value, but the stack is empty")
        }
        stack.removeLast()
        return last
    }

    mutating func popMark() throws(CheckpointError) -> [PickleObject] {
        guard let mark = marks.popLast() else { throw fail("the opcode needs a MARK, but there is none") }
        // Copied element by element: `Array(stack[mark...])` kept the stack's buffer referenced while the marked
        // items were removed, so every MARK…TUPLE inside a long SETITEMS batch copied the whole stack (~50 µs per
        // tensor of a state dict).
        let count = stack.count - mark
        var items: [PickleObject] = []
        items.reserveCapacity(count)
        for index in mark..<stack.count { items.append(stack[index]) }
        stack.removeLast(count)
        return items
    }

    mutating func top() throws(CheckpointError) -> PickleObject {
        guard let last = stack.last, stack.count > (marks.last ?? 0) else {
            throw fail("the opcode needs a value, but the stack is empty")
        }
        return last
    }

    mutating func newList(isSet: Bool = false) -> PickleList {
        let list = PickleList(isSet: isSet)
        boxes.append(list)
        return list
    }

    mutating func newDict() -> PickleDict {
        let dict = PickleDict()
        boxes.append(dict)
        return dict
    }

    /// A tuple of `items`, refused when its tuples nest deeper than a checkpoint's values may
    /// (``PickleReader/maximumTupleDepth``): releasing or hashing it would recurse that deep.
    func tuple(_ items: [PickleObject]) throws(CheckpointError) -> PickleObject {
        let tuple = PickleTuple(items)
        guard tuple.depth <= PickleReader.maximumTupleDepth else {
            throw fail("tuples nested more than \(PickleReader.maximumTupleDepth) levels deep")
        }
        return .tuple(tuple)
    }

    func insert(_ pairs: ArraySlice<PickleObject>, into target: PickleObject) throws(CheckpointError) {
        guard case .dict(let dict) = target else { throw fail("SETITEM(S) into a \(target.typeName), expected a dict") }
        guard pairs.count % 2 == 0 else { throw fail("SETITEMS with an odd number of values (\(pairs.count))") }
        var index = pairs.startIndex
        while index < pairs.endIndex {
            // Hashing a key walks all of it, memo-shared parts as many times as they appear.
            if case .tuple(let key) = pairs[index], key.expandedSize > keyBudget {
                throw fail("a dict key that expands to \(key.expandedSize == Int.max ? "more than 2^63" : String(key.expandedSize)) values, more than the pickle's \(bytes.count) bytes could spell")
            }
            do {
                try dict.set(pairs[index], pairs[index + 1])
            } catch {
                throw fail("unhashable dict key of type \(error.typeName)")
            }
            index += 2
        }
    }

    func append(_ items: [PickleObject], to target: PickleObject) throws(CheckpointError) {
        guard case .list(let list) = target else { throw fail("APPEND(S) to a \(target.typeName), expected a list") }
        list.items.append(contentsOf: items)
    }

    mutating func memoize(_ index: Int) throws(CheckpointError) {
        memo[index] = try top()
    }

    mutating func recall(_ index: Int) throws(CheckpointError) {
        guard let value = memo[index] else { throw fail("memo entry \(index) was never stored") }
        stack.append(value)
    }

    // MARK: The loop

    // Operands are read into locals before a non-mutating helper uses them: `tuple(try popMark())` made Swift copy
    // the whole machine (its stack included) to evaluate the receiver before the mutating argument, so the next
    // change to the stack copied it (~50 µs per tensor of a 100,000-tensor state dict).

    mutating func run() throws(CheckpointError) -> PickleObject {
        while true {
            opcodeStart = position
            guard position < bytes.count else { throw fail("the pickle ends without STOP") }
            let opcode = bytes[position]
            position += 1
            switch opcode {
            case 0x80: // PROTO
                let version = try byte()
                guard version <= 5 else { throw fail("pickle protocol \(version), expected 0 to 5") }
            case 0x95: // FRAME (protocol 4): a length hint; the frame's bytes follow inline.
                _ = try littleEndian(UInt64.self)
            case UInt8(ascii: "."): // STOP
                let value = try pop()
                guard marks.isEmpty else { throw fail("STOP with an unclosed MARK") }
                return value
            case UInt8(ascii: "("): marks.append(stack.count) // MARK
            case UInt8(ascii: "0"): _ = try pop() // POP
            case UInt8(ascii: "1"): _ = try popMark() // POP_MARK
            case UInt8(ascii: "2"): stack.append(try top()) // DUP
            case UInt8(ascii: "N"): stack.append(.none)
            case 0x88: stack.append(.bool(true)) // NEWTRUE
            case 0x89: stack.append(.bool(false)) // NEWFALSE
            case UInt8(ascii: "J"): stack.append(.int(Int(try littleEndian(Int32.self)))) // BININT
            case UInt8(ascii: "K"): stack.append(.int(Int(try byte()))) // BININT1
            case UInt8(ascii: "M"): stack.append(.int(Int(try littleEndian(UInt16.self)))) // BININT2
            case 0x8A: stack.append(try long(Int(try byte()))) // LONG1
            case 0x8B: stack.append(try long(try length(Int32.self))) // LONG4
            case UInt8(ascii: "G"): // BINFLOAT, big-endian
                stack.append(.float(Double(bitPattern: UInt64(bigEndian: try take(8, "an 8-byte float").loadUnaligned(as: UInt64.self)))))
            case UInt8(ascii: "X"): // BINUNICODE
                let raw = try take(try length(UInt32.self), "a string")
                stack.append(.string(try utf8(raw)))
            case 0x8C: // SHORT_BINUNICODE
                let raw = try take(Int(try byte()), "a string")
                stack.append(.string(try utf8(raw)))
            case 0x8D: // BINUNICODE8
                let raw = try take(try length(UInt64.self), "a string")
                stack.append(.string(try utf8(raw)))
            case UInt8(ascii: "U"): // SHORT_BINSTRING
                let raw = try take(Int(try byte()), "a string")
                stack.append(.string(latin1(raw)))
            case UInt8(ascii: "T"): // BINSTRING
                let raw = try take(try length(Int32.self), "a string")
                stack.append(.string(latin1(raw)))
            case UInt8(ascii: "C"): stack.append(.bytes(Array(try take(Int(try byte()), "bytes")))) // SHORT_BINBYTES
            case UInt8(ascii: "B"): stack.append(.bytes(Array(try take(try length(UInt32.self), "bytes")))) // BINBYTES
            case 0x8E: stack.append(.bytes(Array(try take(try length(UInt64.self), "bytes")))) // BINBYTES8
            case UInt8(ascii: ")"): stack.append(try tuple([])) // EMPTY_TUPLE
            case 0x85: // TUPLE1
                let only = try pop()
                stack.append(try tuple([only]))
            case 0x86: // TUPLE2
                let second = try pop(), first = try pop()
                stack.append(try tuple([first, second]))
            case 0x87: // TUPLE3
                let third = try pop(), second = try pop(), first = try pop()
                stack.append(try tuple([first, second, third]))
            case UInt8(ascii: "t"): // TUPLE
                let items = try popMark()
                stack.append(try tuple(items))
            case UInt8(ascii: "]"): stack.append(.list(newList())) // EMPTY_LIST
            case UInt8(ascii: "l"): // LIST
                let list = newList()
                list.items = try popMark()
                stack.append(.list(list))
            case UInt8(ascii: "}"): stack.append(.dict(newDict())) // EMPTY_DICT
            case UInt8(ascii: "d"): // DICT
                let items = try popMark()
                let dict = PickleObject.dict(newDict())
                try insert(items[...], into: dict)
                stack.append(dict)
            case 0x8F: stack.append(.list(newList(isSet: true))) // EMPTY_SET
            case 0x90: // ADDITEMS
                let items = try popMark()
                guard case .list(let set) = try top(), set.isSet else { throw fail("ADDITEMS to something that is not a set") }
                set.items.append(contentsOf: items)
            case 0x91: // FROZENSET
                let set = newList(isSet: true)
                set.items = try popMark()
                stack.append(.list(set))
            case UInt8(ascii: "a"): // APPEND
                let item = try pop(), target = try top()
                try append([item], to: target)
            case UInt8(ascii: "e"): // APPENDS
                let items = try popMark(), target = try top()
                try append(items, to: target)
            case UInt8(ascii: "s"): // SETITEM
                let value = try pop(), key = try pop(), target = try top()
                try insert([key, value], into: target)
            case UInt8(ascii: "u"): // SETITEMS
                let items = try popMark(), target = try top()
                try insert(items[...], into: target)
            case UInt8(ascii: "q"): try memoize(Int(try byte())) // BINPUT
            case UInt8(ascii: "r"): try memoize(Int(try littleEndian(UInt32.self))) // LONG_BINPUT
            case 0x94: try memoize(memo.count) // MEMOIZE
            case UInt8(ascii: "h"): try recall(Int(try byte())) // BINGET
            case UInt8(ascii: "j"): try recall(Int(try littleEndian(UInt32.self))) // LONG_BINGET
            case UInt8(ascii: "c"): // GLOBAL
                let module = try line(), name = try line()
                stack.append(try reader.resolveGlobal(PickleGlobal(module: module, name: name)))
            case 0x93: // STACK_GLOBAL
                guard case .string(let name) = try pop(), case .string(let module) = try pop() else {
                    throw fail("STACK_GLOBAL needs two strings")
                }
                stack.append(try reader.resolveGlobal(PickleGlobal(module: module, name: name)))
            case UInt8(ascii: "R"): // REDUCE
                let arguments = try pop(), callable = try pop()
                stack.append(try apply(callable, arguments))
            case 0x81: // NEWOBJ: cls.__new__(cls, *args), allowed classes only
                let arguments = try pop(), callable = try pop()
                stack.append(try apply(callable, arguments))
            case UInt8(ascii: "b"): // BUILD
                let state = try pop(), target = try top()
                try build(target, state)
            case UInt8(ascii: "Q"): // BINPERSID
                let id = try pop()
                let storage = try atThisOpcode { () throws(CheckpointError) in try reader.persistentLoad(id) }
                stack.append(storage)
            default:
                throw fail("opcode 0x\(String(opcode, radix: 16)) is not one a weights file uses")
            }
        }
    }

    func latin1(_ raw: UnsafeRawBufferPointer) -> String {
        String(decoding: raw.map { UInt16($0) }, as: UTF16.self)
    }

    /// `LONG1`/`LONG4`: a little-endian two's-complement integer of `count` bytes.
    mutating func long(_ count: Int) throws(CheckpointError) -> PickleObject {
        let raw = Array(try take(count, "an integer"))
        guard count > 0 else { return .int(0) }
        let negative = raw[count - 1] & 0x80 != 0
        let significant = raw.count > 8 ? raw[8...].allSatisfy { $0 == (negative ? 0xFF : 0) } : true
        guard significant, count <= 8 || (raw[7] & 0x80 != 0) == negative else { return .bigInt(raw) }
        var value: UInt64 = negative ? ~0 : 0
        for (index, byte) in raw.prefix(8).enumerated() {
            value &= ~(UInt64(0xFF) << (8 * index))
            value |= UInt64(byte) << (8 * index)
        }
        return .int(Int(Int64(bitPattern: value)))
    }

    /// Calls an allowed global; a list or dict it builds (`OrderedDict()`) joins the boxes released at the end.
    mutating func apply(_ callable: PickleObject, _ arguments: PickleObject) throws(CheckpointError) -> PickleObject {
        guard case .global(let global) = callable else {
            throw fail("REDUCE calls a \(callable.typeName), expected an allowed global")
        }
        guard case .tuple(let tuple) = arguments else {
            throw fail("REDUCE arguments for \(global.module).\(global.name) must be a tuple, found a \(arguments.typeName)")
        }
        let result = try atThisOpcode { () throws(CheckpointError) in try reader.call(global, tuple.items) }
        switch result {
        case .dict(let dict): boxes.append(dict)
        case .list(let list): boxes.append(list)
        default: break
        }
        return result
    }

    /// Runs a callback of the reader, giving the pickle errors it throws this opcode's offset.
    func atThisOpcode<T>(_ body: () throws(CheckpointError) -> T) throws(CheckpointError) -> T {
        do {
            return try body()
        } catch {
            guard case .invalidPickle(_, let reason) = error else { throw error }
            throw fail(reason)
        }
    }

    /// `BUILD`: `OrderedDict`'s `_metadata` and an empty parameter state are accepted and ignored; nothing else
    /// may set state on an object.
    func build(_ target: PickleObject, _ state: PickleObject) throws(CheckpointError) {
        switch (target, state) {
        case (.dict, .dict), (.dict, .none), (.tensor, .none), (.tensor, .dict), (.tensor, .tuple):
            return
        default:
            throw fail("BUILD on a \(target.typeName) with a \(state.typeName) state, which a weights file doesn't do")
        }
    }
}
