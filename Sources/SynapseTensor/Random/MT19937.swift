import CSynapseKernels

/// PyTorch's CPU random engine (`at::mt19937`): the 32-bit Mersenne Twister, seeded as torch seeds it.
///
/// Only the low 32 bits of the seed feed the state (`state[0] = seed & 0xffffffff`, then Knuth's recurrence), so
/// the stream is the standard `init_genrand` one, the same as NumPy's legacy `RandomState(seed)`. A value type:
/// copying an engine copies its whole state.
///
/// ```swift
/// var engine = MT19937(seed: 42)
/// engine.next()      // 1608637542, as np.random.RandomState(42).randint(0, 2**32)
/// ```
public struct MT19937: Sendable, Equatable {
    /// The C representation shared with the bulk kernels.
    var raw: synapse_mt19937

    /// Seeds an engine like `at::mt19937(seed)` (5489 is the classic default).
    public init(seed: UInt64 = 5489) {
        raw = synapse_mt19937()
        synapse_mt_seed(&raw, seed)
    }

    /// An engine in the given C state (a state read from PyTorch's layout).
    init(raw: synapse_mt19937) { self.raw = raw }

    /// The seed this engine was created with (all 64 bits, although only the low 32 shaped the state).
    public var seed: UInt64 { raw.seed }

    /// The next 32-bit draw (`random()` in ATen).
    @inline(__always)
    public mutating func next() -> UInt32 { synapse_mt_next(&raw) }

    /// The next 64-bit draw (`random64()`): two 32-bit draws, the first one is the high word.
    @inline(__always)
    public mutating func next64() -> UInt64 { synapse_mt_next64(&raw) }

    /// Writes the next `count` 32-bit draws to `buffer` (the same stream as `count` calls of ``next()``).
    mutating func fill(_ buffer: UnsafeMutablePointer<UInt32>, count: Int) {
        synapse_mt_fill_u32(&raw, buffer, count)
    }

    /// Two engines are equal when they will produce the same stream from here on (same seed, position and state).
    public static func == (lhs: MT19937, rhs: MT19937) -> Bool {
        var lhs = lhs.raw, rhs = rhs.raw
        return withUnsafeBytes(of: &lhs) { a in withUnsafeBytes(of: &rhs) { b in a.elementsEqual(b) } }
    }
}
