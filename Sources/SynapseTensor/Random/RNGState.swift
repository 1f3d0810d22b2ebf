import CSynapseKernels

/// Why bytes can't be a generator state.
public struct RNGStateError: Error, CustomStringConvertible, Equatable {
    /// What was expected and what was found.
    public let description: String
}

extension Generator.State {
    /// Size of PyTorch's CPU generator state (`torch.get_rng_state().numel()`, `sizeof(CPUGeneratorImplState)`).
    public static let torchByteCount = 5056

    /// The state in PyTorch's own layout, the bytes of `torch.get_rng_state()` / `Generator.get_state()`:
    /// `the_initial_seed` (u64), `left` (i32), `seeded` (i32), `next` (u64), the 624 state words (each a u64),
    /// `normal_x`, `normal_y`, `normal_rho` (f64), `normal_is_valid` (i32, padded to 8), then
    /// `next_float_normal_sample` (f32) and its validity flag (padded to 5056), little-endian.
    public var torchBytes: [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Self.torchByteCount)
        var raw = engine.raw
        func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
            withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(offset..<offset + MemoryLayout<T>.size, with: $0) }
        }
        put(raw.seed, at: 0)
        put(Int32(raw.left), at: 8)
        put(Int32(1), at: 12)
        put(UInt64(UInt32(bitPattern: raw.next)), at: 16)
        withUnsafeBytes(of: &raw.state) { words in
            for i in 0..<624 { put(UInt64(words.load(fromByteOffset: 4 * i, as: UInt32.self)), at: 24 + 8 * i) }
        }
        if let normal = nextDoubleNormal {
            put(normal.bitPattern, at: 5024)
            put(Int32(1), at: 5040)
        }
        if let normal = nextFloatNormal {
            put(normal.bitPattern, at: 5048)
            bytes[5052] = 1
        }
        return bytes
    }

    /// A state from PyTorch's layout (see ``torchBytes``); throws, as `torch.set_rng_state` does, for the wrong
    /// size or an engine position no generator can be in.
    public init(torchBytes bytes: [UInt8]) throws(RNGStateError) {
        guard bytes.count == Self.torchByteCount else {
            throw RNGStateError(description: "Expected a CPUGeneratorImplState of size \(Self.torchByteCount) but found the input RNG state size to be \(bytes.count)")
        }
        func get<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
            var value = T.zero
            withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: bytes[offset..<offset + MemoryLayout<T>.size]) }
            return T(littleEndian: value)
        }
        let left = get(Int32.self, at: 8), seeded = get(Int32.self, at: 12), next = get(UInt64.self, at: 16)
        // at::mt19937::is_valid, as torch checks it.
        guard seeded != 0, left > 0, left <= 624, next <= 624 else {
            throw RNGStateError(description: "Invalid mt19937 state (expected seeded != 0, 0 < left <= 624 and next <= 624; found seeded \(seeded), left \(left), next \(next))")
        }
        var raw = synapse_mt19937()
        raw.seed = get(UInt64.self, at: 0)
        raw.left = left
        raw.next = Int32(next)
        withUnsafeMutableBytes(of: &raw.state) { words in
            // torch copies each 64-bit word into a 32-bit one (std::copy), keeping the low half.
            for i in 0..<624 { words.storeBytes(of: UInt32(truncatingIfNeeded: get(UInt64.self, at: 24 + 8 * i)), toByteOffset: 4 * i, as: UInt32.self) }
        }
        engine = MT19937(raw: raw)
        nextDoubleNormal = get(Int32.self, at: 5040) != 0 ? Double(bitPattern: get(UInt64.self, at: 5024)) : nil
        nextFloatNormal = bytes[5052] != 0 ? Float(bitPattern: get(UInt32.self, at: 5048)) : nil
    }
}

extension Generator {
    /// The state as PyTorch's `uint8` tensor of 5056 bytes (`g.get_state()`); `torch.save` it or hand it to torch's
    /// `g.set_state(...)`.
    public func getState() -> Tensor { Tensor(state.torchBytes, dtype: .uint8) }

    /// Restores a state in PyTorch's layout (`g.set_state(t)`), from `torch.get_rng_state()` or ``getState()``;
    /// throws for a tensor that isn't 5056 `uint8` bytes of a valid engine.
    public func setState(_ tensor: Tensor) throws(RNGStateError) {
        guard tensor.dtype == .uint8 else {
            throw RNGStateError(description: "expected a torch.ByteTensor (uint8) RNG state, found \(tensor.dtype)")
        }
        setState(try State(torchBytes: tensor.contiguous().toArray(of: UInt8.self)))
    }
}

/// The default generator's state as PyTorch's 5056-byte `uint8` tensor (`torch.get_rng_state()`).
public func getRNGState() -> Tensor { Generator.default.getState() }

/// Restores the default generator from PyTorch's layout (`torch.set_rng_state(state)`).
public func setRNGState(_ state: Tensor) throws(RNGStateError) { try Generator.default.setState(state) }
