/// The byte-pair-encoding model (GPT-2's, over byte-level scalars): a word starts as one symbol per scalar and the
/// adjacent pair with the lowest merge rank is merged until none is left, exactly in the order of `tokenizers`'
/// `Word::merge_all` (lowest rank first, leftmost first among equals).
final class BPE: Sendable {
    let vocabulary: Vocabulary
    /// For each mergeable pair of ids: its rank (position in `merges`) and the id of the merged token.
    let merges: [Pair: (rank: Int, id: Int)]
    let unknownToken: String?
    let continuingPrefix: String?
    let endOfWordSuffix: String?
    let fuseUnknown: Bool
    /// Whether a word that is itself in the vocabulary is taken whole, without merging.
    let ignoreMerges: Bool
    private let cache = WordCache()

    struct Pair: Hashable {
        var left: Int
        var right: Int
    }

    /// Reads a `model` object of type `BPE`.
    init(json: JSONFields) throws(TokenizerError) {
        vocabulary = try Vocabulary(json: json)
        unknownToken = try json.optionalString("unk_token")
        continuingPrefix = try json.optionalString("continuing_subword_prefix")
        endOfWordSuffix = try json.optionalString("end_of_word_suffix")
        fuseUnknown = try json.bool("fuse_unk", default: false)
        ignoreMerges = try json.bool("ignore_merges", default: false)
        if try json.bool("byte_fallback", default: false) {
            throw .unsupportedComponent(kind: "BPE option", type: "byte_fallback")
        }
        if json.has("dropout"), let dropout = json.raw("dropout") as? Double, dropout != 0 {
            throw .unsupportedComponent(kind: "BPE option", type: "dropout")
        }
        if let unknownToken { _ = try vocabulary.id(of: unknownToken, neededBy: "BPE's unk_token") }
        var merges: [Pair: (rank: Int, id: Int)] = [:]
        for (rank, entry) in try json.array("merges").enumerated() {
            let path = json.child("merges[\(rank)]")
            let parts: [String]
            if let line = entry as? String {
                parts = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            } else if let pair = entry as? [Any], let strings = pair as? [String] {
                parts = strings
            } else {
                throw .invalidField(path: path, expected: "a merge \"a b\" or [\"a\", \"b\"]",
                                    found: JSONFields.describe(entry))
            }
            guard parts.count == 2 else {
                throw .invalidField(path: path, expected: "a merge of two tokens", found: "\(parts.count) tokens")
            }
            var merged = parts[1]
            if let prefix = continuingPrefix, merged.utf8.starts(with: prefix.utf8) {
                merged = String(decoding: merged.utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
            }
            let left = try vocabulary.id(of: parts[0], neededBy: "merge \(rank)")
            let right = try vocabulary.id(of: parts[1], neededBy: "merge \(rank)")
            let id = try vocabulary.id(of: parts[0] + merged, neededBy: "merge \(rank)")
            merges[Pair(left: left, right: right)] = (rank, id)
        }
        self.merges = merges
    }

    /// The tokens of one word.
    func tokenize(_ word: [Unicode.Scalar]) -> [WordToken] {
        let key = String(scalars: word)
        if ignoreMerges, let id = vocabulary[key] {
            return [WordToken(id: id, token: key, range: 0 ..< word.count)]
        }
        return cache.tokens(of: key) { merge(word) }
    }

    private struct Symbol {
        var id: Int
        var prev: Int
        var next: Int
        var length: Int
    }

    /// `BPE::merge_word`: one symbol per scalar (unknown scalars as the unknown token, or dropped), then merges.
    private func merge(_ word: [Unicode.Scalar]) -> [WordToken] {
        var symbols: [Symbol] = []
        symbols.reserveCapacity(word.count)
        var pendingUnknown: (id: Int, length: Int)?
        func add(_ id: Int, _ length: Int) {
            let index = symbols.count
            if index > 0 { symbols[index - 1].next = index }
            symbols.append(Symbol(id: id, prev: index - 1, next: -1, length: length))
        }
        for (index, scalar) in word.enumerated() {
            var piece = String(scalar)
            if index > 0, let prefix = continuingPrefix { piece = prefix + piece }
            if index == word.count - 1, let suffix = endOfWordSuffix { piece += suffix }
            if let id = vocabulary[piece] {
                if let unknown = pendingUnknown { add(unknown.id, unknown.length) }
                pendingUnknown = nil
                add(id, 1)
            } else if let unknownToken, let unknownId = vocabulary[unknownToken] {
                if let unknown = pendingUnknown {
                    if fuseUnknown {
                        pendingUnknown = (unknown.id, unknown.length + 1)
                        continue
                    }
                    add(unknown.id, unknown.length)
                }
                pendingUnknown = (unknownId, 1)
            }
        }
        if let unknown = pendingUnknown { add(unknown.id, unknown.length) }

        var queue = MergeQueue()
        for index in symbols.indices.dropLast() {
            if let merge = merges[Pair(left: symbols[index].id, right: symbols[index + 1].id)] {
                queue.push(.init(rank: merge.rank, position: index, id: merge.id))
            }
        }
        while let top = queue.pop() {
            let current = symbols[top.position]
            guard current.length != 0, current.next != -1 else { continue }
            let right = symbols[current.next]
            guard let merge = merges[Pair(left: current.id, right: right.id)], merge.id == top.id else { continue }
            symbols[top.position].id = top.id
            symbols[top.position].length += right.length
            symbols[top.position].next = right.next
            symbols[current.next].length = 0
            if right.next != -1 { symbols[right.next].prev = top.position }
            let merged = symbols[top.position]
            if merged.prev >= 0, let merge = merges[Pair(left: symbols[merged.prev].id, right: merged.id)] {
                queue.push(.init(rank: merge.rank, position: merged.prev, id: merge.id))
            }
            if merged.next != -1, let merge = merges[Pair(left: merged.id, right: symbols[merged.next].id)] {
                queue.push(.init(rank: merge.rank, position: top.position, id: merge.id))
            }
        }

        var tokens: [WordToken] = []
        var start = 0
        for symbol in symbols where symbol.length != 0 {
            tokens.append(WordToken(id: symbol.id, token: vocabulary.tokens[symbol.id] ?? "",
                                    range: start ..< start + symbol.length))
            start += symbol.length
        }
        return tokens
    }
}

/// A binary min-heap of candidate merges ordered by rank, then position.
private struct MergeQueue {
    struct Entry {
        var rank: Int
        var position: Int
        var id: Int

        func precedes(_ other: Entry) -> Bool {
            rank != other.rank ? rank < other.rank : position < other.position
        }
    }

    private var entries: [Entry] = []

    mutating func push(_ entry: Entry) {
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].precedes(entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Entry? {
        guard let first = entries.first else { return nil }
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var best = parent
                if left < entries.count && entries[left].precedes(entries[best]) { best = left }
                if right < entries.count && entries[right].precedes(entries[best]) { best = right }
                if best == parent { break }
                entries.swapAt(parent, best)
                parent = best
            }
        }
        return first
    }
}
