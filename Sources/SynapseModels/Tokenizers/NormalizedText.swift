/// A piece of text being normalised and split, each scalar remembering the original scalars it stands for.
///
/// The `tokenizers` library keeps, for every byte of the normalised string, the byte range of the original string
/// it came from, and rewrites those alignments with one rule (`NormalizedString::transform`): a character that
/// replaces one keeps the replaced character's alignment, an inserted one takes its predecessor's. Keeping one
/// alignment per Unicode scalar with the same rule gives the same offsets, in the units of a Python `str`.
struct NormalizedText {
    /// The normalised scalars.
    var scalars: [Unicode.Scalar]
    /// For each scalar, the offsets (in Unicode scalars) of the original text it stands for.
    var alignments: [Range<Int>]

    /// `scalars` as they appear in the original text, the first at offset `start`.
    init(_ scalars: [Unicode.Scalar], start: Int) {
        self.scalars = scalars
        alignments = scalars.indices.map { start + $0 ..< start + $0 + 1 }
    }

    init(scalars: [Unicode.Scalar], alignments: [Range<Int>]) {
        self.scalars = scalars
        self.alignments = alignments
    }

    var isEmpty: Bool { scalars.isEmpty }

    var string: String { String(scalars: scalars) }

    /// The scalars in `range`, with their alignments.
    func slice(_ range: Range<Int>) -> NormalizedText {
        NormalizedText(scalars: Array(scalars[range]), alignments: Array(alignments[range]))
    }

    /// The original offsets covered by the normalised scalars in `range` (non-empty).
    func originalRange(_ range: Range<Int>) -> Range<Int> {
        let start = alignments[range.lowerBound].lowerBound
        return start ..< max(start, alignments[range.upperBound - 1].upperBound)
    }

    /// Replaces every scalar by `body`'s scalars (at least one), which all stand for the replaced scalar.
    mutating func map(_ body: (Unicode.Scalar, inout [Unicode.Scalar]) -> Void) {
        var newScalars: [Unicode.Scalar] = []
        var newAlignments: [Range<Int>] = []
        newScalars.reserveCapacity(scalars.count)
        newAlignments.reserveCapacity(scalars.count)
        var produced: [Unicode.Scalar] = []
        for (scalar, alignment) in zip(scalars, alignments) {
            produced.removeAll(keepingCapacity: true)
            body(scalar, &produced)
            newScalars += produced
            newAlignments += repeatElement(alignment, count: produced.count)
        }
        scalars = newScalars
        alignments = newAlignments
    }

    /// Keeps the scalars for which `keep` holds, with their own alignments.
    mutating func filter(_ keep: (Unicode.Scalar) -> Bool) {
        var newScalars: [Unicode.Scalar] = []
        var newAlignments: [Range<Int>] = []
        for (scalar, alignment) in zip(scalars, alignments) where keep(scalar) {
            newScalars.append(scalar)
            newAlignments.append(alignment)
        }
        scalars = newScalars
        alignments = newAlignments
    }

    /// `NormalizedString::transform`: each output scalar with its change, 0 when it replaces the next scalar,
    /// 1 when it is inserted, -n when it replaces the next scalar and removes n more.
    mutating func transform(_ outputs: [(scalar: Unicode.Scalar, change: Int)]) {
        var position = 0
        var newAlignments: [Range<Int>] = []
        newAlignments.reserveCapacity(outputs.count)
        for output in outputs {
            if output.change > 0 {
                newAlignments.append(position == 0 ? 0 ..< 0 : alignments[position - 1])
            } else {
                newAlignments.append(alignments[min(position, alignments.count - 1)])
                position += 1 - output.change
            }
        }
        scalars = outputs.map(\.scalar)
        alignments = newAlignments
    }

    /// Inserts `scalar` in front, standing (like the first scalar) for the first scalar of the original.
    mutating func prepend(_ scalar: Unicode.Scalar) {
        guard let first = alignments.first else { return }
        scalars.insert(scalar, at: 0)
        alignments.insert(first, at: 0)
    }

    /// Splits at the scalars matching `isDelimiter`, dropping them (`removed`) or keeping each alone (`isolated`).
    func split(keepingDelimiters: Bool, where isDelimiter: (Unicode.Scalar) -> Bool) -> [NormalizedText] {
        var pieces: [NormalizedText] = []
        var start = 0
        for (index, scalar) in scalars.enumerated() where isDelimiter(scalar) {
            if start < index { pieces.append(slice(start ..< index)) }
            if keepingDelimiters { pieces.append(slice(index ..< index + 1)) }
            start = index + 1
        }
        if start < scalars.count { pieces.append(slice(start ..< scalars.count)) }
        return pieces
    }

    /// The pieces at `ranges` (the matches of a pattern, in order), empty ones dropped.
    func split(into ranges: [Range<Int>]) -> [NormalizedText] {
        ranges.filter { !$0.isEmpty }.map { slice($0) }
    }
}
