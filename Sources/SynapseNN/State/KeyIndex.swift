
/// Positions of a ``StateDict``'s keys, built on the first lookup rather than on every insertion: a state dict of a
/// large model is mostly built, iterated and saved, and hashing every key up front would cost as much as the rest
/// of `stateDict()` together.
///
/// The index covers a prefix of the owner's keys and is extended under its lock when a lookup needs more. An
/// owner that appends keys makes sure it holds the only reference first (``StateDict`` copies share one until then).
final class KeyIndex: Sendable {
    private let positions = Locked<(covered: Int, map: [String: Int])>((0, [:]))

    /// The position of `key` among `keys`, indexing the keys not yet covered first.
    func position(of key: String, in keys: [String]) -> Int? {
        positions.withLock { index in
            if index.covered < keys.count {
                index.map.reserveCapacity(keys.count)
                for position in index.covered..<keys.count { index.map[keys[position]] = position }
                index.covered = keys.count
            }
            return index.map[key]
        }
    }
}
