/// GPT-2's byte-level alphabet and its pre-tokenising regular expression.
enum ByteLevel {
    /// GPT-2's `bytes_to_unicode`: the printable Latin-1 bytes stand for themselves, the 68 others for U+0100….
    static let byteToScalar: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            if (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte) {
                table[byte] = Unicode.Scalar(UInt8(byte))
            } else {
                table[byte] = Unicode.Scalar(next)!
                next += 1
            }
        }
        return table
    }()

    /// The inverse of `byteToScalar`.
    static let scalarToByte: [Unicode.Scalar: UInt8] = Dictionary(
        uniqueKeysWithValues: byteToScalar.enumerated().map { ($1, UInt8($0)) })

    /// The scalar `Ġ` that stands for a space byte.
    static let space = byteToScalar[0x20]

    /// The pieces GPT-2's regular expression
    /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+` matches, in order, as ranges
    /// of `scalars` (they cover every scalar: each is a letter, a number, whitespace or something else).
    static func gpt2Pieces(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        let classes = scalars.map(CharacterClass.init)
        let count = scalars.count
        var start = 0
        func run(from index: Int, of kind: CharacterClass) -> Int {
            var end = index
            while end < count && classes[end] == kind { end += 1 }
            return end
        }
        while start < count {
            var end: Int
            if scalars[start] == "'", let length = contraction(scalars, after: start) {
                end = start + 1 + length
            } else {
                // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`: an optional space, then a run of one class (a
                // space is in none of them, so the space is taken whenever one of them follows).
                let body = scalars[start] == " " && start + 1 < count && classes[start + 1] != .space ? start + 1 : start
                end = run(from: body, of: classes[body])
                if classes[body] == .space {
                    // `\s+(?!\S)` leaves the last space of a run to the word that follows; `\s+` takes a lone one.
                    end = end == count || end - 1 == start ? end : end - 1
                }
            }
            pieces.append(start ..< end)
            start = end
        }
        return pieces
    }

    /// The classes GPT-2's expression tells apart.
    private enum CharacterClass {
        case letter, number, space, other

        init(_ scalar: Unicode.Scalar) {
            self = scalar.isLetter ? .letter : scalar.isNumber ? .number : scalar.isSpace ? .space : .other
        }
    }

    /// The length of the contraction (`s`, `t`, `re`, `ve`, `m`, `ll`, `d`) after the apostrophe at `index`.
    private static func contraction(_ scalars: [Unicode.Scalar], after index: Int) -> Int? {
        func at(_ offset: Int) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }
        switch (at(1), at(2)) {
        case ("s", _), ("t", _), ("m", _), ("d", _): return 1
        case ("r", "e"), ("v", "e"), ("l", "l"): return 2
        default: return nil
        }
    }
}
