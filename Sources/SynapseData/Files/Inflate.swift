/// A decoder of deflate data (RFC 1951), the compression of gzip files and of `np.savez_compressed` archives.
///
/// Written for hostile input: every read is bounds-checked, codes are checked for over-subscription, distances
/// may not reach before the output, and the output may not grow past `limit` (a bomb is refused, not allocated).
/// Huffman codes are decoded bit by bit, canonical-code style (as zlib's `puff`): simple over fast.
struct Inflater {
    /// Why the data could not be inflated.
    struct Failure: Error { let reason: String }

    private let input: [UInt8]
    private var position: Int
    private let end: Int
    private var bitBuffer = 0
    private var bitCount = 0
    private(set) var output: [UInt8] = []
    private let limit: Int

    /// The deflate stream in `input[range]`, inflated into at most `limit` bytes; returns the output and where the
    /// stream ended (the first byte after its last block).
    static func inflate(_ input: [UInt8], range: Range<Int>, limit: Int) throws(Failure) -> (output: [UInt8], end: Int) {
        var inflater = Inflater(input: input, position: range.lowerBound, end: range.upperBound, limit: limit)
        var last = false
        while !last {
            last = try inflater.bits(1) == 1
            switch try inflater.bits(2) {
            case 0: try inflater.stored()
            case 1: try inflater.codes(Self.fixedLengths, Self.fixedDistances)
            case 2: try inflater.dynamic()
            default: throw Failure(reason: "block type 3 is reserved")
            }
        }
        return (inflater.output, inflater.position)
    }

    private init(input: [UInt8], position: Int, end: Int, limit: Int) {
        self.input = input
        self.position = position
        self.end = end
        self.limit = limit
    }

    private mutating func bits(_ count: Int) throws(Failure) -> Int {
        while bitCount < count {
            guard position < end else { throw Failure(reason: "the deflate data end in the middle of a block") }
            bitBuffer |= Int(input[position]) << bitCount
            position += 1
            bitCount += 8
        }
        let value = bitBuffer & ((1 << count) - 1)
        bitBuffer >>= count
        bitCount -= count
        return value
    }

    private mutating func append(_ byte: UInt8) throws(Failure) {
        guard output.count < limit else { throw Failure(reason: "the data inflate past \(limit) bytes") }
        output.append(byte)
    }

    /// A stored block: the rest of the byte, LEN and its complement NLEN, then LEN raw bytes.
    private mutating func stored() throws(Failure) {
        bitBuffer = 0
        bitCount = 0
        guard end - position >= 4 else { throw Failure(reason: "a stored block's length runs past the data") }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
        position += 4
        guard length == ~complement & 0xFFFF else { throw Failure(reason: "a stored block's length \(length) and its complement disagree") }
        guard end - position >= length else { throw Failure(reason: "a stored block of \(length) bytes runs past the data") }
        guard limit - output.count >= length else { throw Failure(reason: "the data inflate past \(limit) bytes") }
        output += input[position..<(position + length)]
        position += length
    }

    /// A canonical Huffman code: how many codes of each length (1…15), and the symbols in code order.
    struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int] = []

        /// The code with code lengths `lengths` (0 for an unused symbol); over-subscribed lengths are refused.
        init(_ lengths: [Int]) throws(Failure) {
            for length in lengths { counts[length] += 1 }
            var left = 1
            for length in 1...15 {
                left = left << 1 - counts[length]
                guard left >= 0 else { throw Failure(reason: "a Huffman code is over-subscribed") }
            }
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (symbol, length) in lengths.enumerated() where length != 0 {
                symbols[offsets[length]] = symbol
                offsets[length] += 1
            }
        }
    }

    private mutating func decode(_ code: Huffman) throws(Failure) -> Int {
        var value = 0, first = 0, index = 0
        for length in 1...15 {
            value |= try bits(1)
            let count = code.counts[length]
            if value - count < first { return code.symbols[index + value - first] }
            index += count
            first = (first + count) << 1
            value <<= 1
        }
        throw Failure(reason: "a Huffman code in the data is not in the block's table")
    }

    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99,
                                     115, 131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025,
                                       1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11,
                                        12, 12, 13, 13]
    private static let fixedLengths = try! Huffman((0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 })
    // 32 codes, of which 30 and 31 are invalid (refused when they appear, as the RFC says).
    private static let fixedDistances = try! Huffman([Int](repeating: 5, count: 32))

    /// The literals and back-references of a compressed block, up to its end code (256).
    private mutating func codes(_ lengths: Huffman, _ distances: Huffman) throws(Failure) {
        while true {
            let symbol = try decode(lengths)
            if symbol < 256 {
                try append(UInt8(symbol))
                continue
            }
            if symbol == 256 { return }
            let index = symbol - 257
            guard index < 29 else { throw Failure(reason: "length symbol \(symbol) is invalid") }
            let length = Self.lengthBase[index] + (try bits(Self.lengthExtra[index]))
            let distanceSymbol = try decode(distances)
            guard distanceSymbol < 30 else { throw Failure(reason: "distance symbol \(distanceSymbol) is invalid") }
            let distance = Self.distanceBase[distanceSymbol] + (try bits(Self.distanceExtra[distanceSymbol]))
            guard distance <= output.count else {
                throw Failure(reason: "a back-reference reaches \(distance) bytes back, before the start of the data")
            }
            guard limit - output.count >= length else { throw Failure(reason: "the data inflate past \(limit) bytes") }
            let start = output.count - distance
            for offset in 0..<length { output.append(output[start + offset]) }
        }
    }

    /// A block with its own codes, themselves Huffman-coded.
    private mutating func dynamic() throws(Failure) {
        let lengthCount = try bits(5) + 257, distanceCount = try bits(5) + 1, codeCount = try bits(4) + 4
        guard lengthCount <= 286, distanceCount <= 30 else {
            throw Failure(reason: "a dynamic block declares \(lengthCount) length and \(distanceCount) distance codes (at most 286 and 30)")
        }
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var codeLengths = [Int](repeating: 0, count: 19)
        for index in 0..<codeCount { codeLengths[order[index]] = try bits(3) }
        let lengthCode = try Huffman(codeLengths)
        var lengths: [Int] = []
        while lengths.count < lengthCount + distanceCount {
            let symbol = try decode(lengthCode)
            var repeated = 0, count = 1
            switch symbol {
            case 0..<16: repeated = symbol
            case 16:
                guard let previous = lengths.last else { throw Failure(reason: "a repeat code has no length to repeat") }
                repeated = previous
                count = 3 + (try bits(2))
            case 17: count = 3 + (try bits(3))
            default: count = 11 + (try bits(7))
            }
            guard lengths.count + count <= lengthCount + distanceCount else {
                throw Failure(reason: "a dynamic block's code lengths run past the \(lengthCount + distanceCount) declared")
            }
            lengths += repeatElement(repeated, count: count)
        }
        guard lengths[256] != 0 else { throw Failure(reason: "a dynamic block has no end-of-block code") }
        try codes(Huffman(Array(lengths[..<lengthCount])), Huffman(Array(lengths[lengthCount...])))
    }
}
