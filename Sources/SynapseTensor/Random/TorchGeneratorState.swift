/// A generator state that can't be restored: the bytes don't have PyTorch's layout or describe no valid engine.
public struct GeneratorStateError: Error, Equatable, CustomStringConvertible {
    /// What was wrong, worded like PyTorch's message where it has one.
    public let description: String
}

extension Generator.State {
    /// The size of PyTorch's `CPUGeneratorImplState`, the byte tensor `torch.get_rng_state()` returns.
    public static let torchByteCount = 5056

    // Offsets in `CPUGeneratorImplState` (x86-64, little-endian, natural alignment):
    // the_initial_seed u64 @0, left i32 @8, seeded i32 @12, next u64 @16, state u64[624] @24,
    // normal_x f64 @5016, normal_y f64 @5024, normal_rho f64 @5032, normal_is_valid i32 @5040, (pad 4),
    // next_float_normal_sample f32 @5048, is_next_float_normal_sample_valid bool @5052, (pad 3).
    private enum Offset {
        static let seed = 0, left = 8, seeded = 12, next = 16, words = 24
        static let normalY = 5024, normalValid = 5040, floatNormal = 5048, floatNormalValid = 5052
    }

    /// The state in PyTorch's own layout, byte for byte what `g.get_state()` gives for the same stream position
    /// (the MT19937 words widened to 64 bits, the cached double normal in the legacy `normal_y` slot, zero padding).
    public var torchBytes: [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Self.torchByteCount)
        var raw = engine.raw
        bytes.store(raw.seed, at: Offset.seed)
        bytes.store(UInt32(bitPattern: raw.left), at: Offset.left)
        bytes.store(UInt32(1), at: Offset.seeded)
        bytes.store(UInt64(raw.next), at: Offset.next)
        withUnsafeBytes(of: &raw.state) { words in
            for index in 0..<624 {
                bytes.store(UInt64(words.load(fromByteOffset: index * 4, as: UInt32.self)), at: Offset.words + index * 8)
            }
        }
        if let normal = nextDoubleNormal {
            bytes.store(normal.bitPattern, at: Offset.normalY)
            bytes.store(UInt32(1), at: Offset.normalValid)
        }
        if let normal = nextFloatNormal {
            bytes.store(normal.bitPattern, at: Offset.floatNormal)
            bytes[Offset.floatNormalValid] = 1
        }
        return bytes
    }

    /// Reads a state in PyTorch's layout (`torch.get_rng_state()`, `g.get_state()`, a checkpoint's `rng_state`),
    /// checking what `g.set_state` checks: the size, and an engine that is seeded with `0 < left <= 624` and
    /// `next <= 624`. Each state word keeps its low 32 bits, as PyTorch's copy into `uint32_t` does.
    public init(torchBytes bytes: some Collection<UInt8>) throws(GeneratorStateError) {
        let bytes = Array(bytes)
        guard bytes.count == Self.torchByteCount else {
            throw GeneratorStateError(description:
                "Expected a CPUGeneratorImplState of size \(Self.torchByteCount) but found the input RNG state size to be \(bytes.count)")
        }
        let left = Int32(bitPattern: bytes.load(UInt32.self, at: Offset.left))
        let seeded = bytes.load(UInt32.self, at: Offset.seeded)
        let next = UInt32(truncatingIfNeeded: bytes.load(UInt64.self, at: Offset.next))
        guard seeded != 0, left > 0, left <= 624, next <= 624 else {
            throw GeneratorStateError(description:
                "Invalid mt19937 state: expected seeded != 0, 0 < left <= 624 and next <= 624, found seeded = \(seeded), left = \(left), next = \(next)")
        }
        var engine = MT19937()
        engine.raw.seed = bytes.load(UInt64.self, at: Offset.seed)
        engine.raw.left = left
        engine.raw.next = Int32(next)
        withUnsafeMutableBytes(of: &engine.raw.state) { words in
            for index in 0..<624 {
                let word = UInt32(truncatingIfNeeded: bytes.load(UInt64.self, at: Offset.words + index * 8))
                words.storeBytes(of: word, toByteOffset: index * 4, as: UInt32.self)
            }
        }
        let doubleValid = bytes.load(UInt32.self, at: Offset.normalValid) != 0
        let floatValid = bytes[Offset.floatNormalValid] != 0
        self.init(
            engine: engine,
            nextDoubleNormal: doubleValid ? Double(bitPattern: bytes.load(UInt64.self, at: Offset.normalY)) : nil,
            nextFloatNormal: floatValid ? Float(bitPattern: bytes.load(UInt32.self, at: Offset.floatNormal)) : nil)
    }
}

extension Generator {
    /// The state as PyTorch's uint8 tensor of 5,056 bytes (`g.get_state()`), which `torch.Generator.set_state`
    /// accepts as is.
    public func getState() -> Tensor {
        Tensor(flat: state.torchBytes, shape: [Generator.State.torchByteCount])
    }

    /// Restores a state in PyTorch's layout (`g.set_state(t)`): a uint8 tensor of 5,056 bytes, e.g. one that
    /// `torch.get_rng_state()` saved into a checkpoint. Throws, changing nothing, when the tensor isn't one.
    public func setState(_ tensor: Tensor) throws(GeneratorStateError) {
        guard tensor.dtype == .uint8 else {
            throw GeneratorStateError(description: "expected an RNG state of dtype uint8, found \(tensor.dtype)")
        }
        setState(try State(torchBytes: tensor.contiguous().toArray(of: UInt8.self)))
    }
}

/// The default generator's state as PyTorch's 5,056-byte uint8 tensor (`torch.get_rng_state()`).
public func getRNGState() -> Tensor { Generator.default.getState() }

/// Restores the default generator from a state in PyTorch's layout (`torch.set_rng_state(state)`).
public func setRNGState(_ state: Tensor) throws(GeneratorStateError) { try Generator.default.setState(state) }

extension [UInt8] {
    /// Writes `value` little-endian at `offset`.
    fileprivate mutating func store<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self) }
    }

    /// Reads a little-endian `T` at `offset`.
    fileprivate func load<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
    }
}
