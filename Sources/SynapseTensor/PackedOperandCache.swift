import CSynapseKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bfloat16 `B` operand (`k × n`) packed once into the panels ``BFloat16Product``'s kernel reads
/// (`synapse_bf16_pack`); the memory is freed with the object, so a product holding it can't lose it to eviction.
final class PackedBFloat16Panels: @unchecked Sendable {
    /// The panels, 64-byte aligned: all of B's columns from column 0.
    let pointer: UnsafeMutablePointer<UInt16>
    /// Size of the allocation (what the cache counts against its capacity).
    let byteCount: Int

    /// Packs `b` (2-D bfloat16, any strides). Only when ``BFloat16Product/isSupported``.
    init(_ b: Tensor) {
        let (k, n) = (b.shape[0], b.shape[1])
        let panels = (n + 31) / 32
        byteCount = Swift.max(64, (synapse_bf16_panel_elements(k) * panels * 2 + 63) / 64 * 64)
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, 64, byteCount) == 0, let raw else {
            fatalError("DefaultCPUAllocator: not enough memory: you tried to allocate \(byteCount) bytes.")
        }
        pointer = raw.bindMemory(to: UInt16.self, capacity: byteCount / 2)
        withExtendedLifetime(b) {
            synapse_bf16_pack(k, b.baseRawPointer.assumingMemoryBound(to: UInt16.self), b.strides[0], b.strides[1],
                              0, n, pointer)
        }
    }

    deinit { free(pointer) }
}

/// Packed copies of the bfloat16 `B` operands that come back: a layer's weight is multiplied on every forward,
/// and repacking it each time cost ~5% of the bfloat16 products of a transformer encoder.
///
/// An operand is recognised by its storage (held weakly: a new storage at a freed one's address is a different
/// operand), its offset, shape and strides, and the storage's version counter, which every in-place write bumps
/// (`copy_`, optimiser steps, `loadStateDict`'s copies; an `assign` load or `.to(.bfloat16)` makes a new storage):
/// a copy never outlives the values it was packed from. An operand is packed into the cache the second time it is
/// seen unchanged, so activations, new on every call, are never packed (they cost one small entry, dropped
/// when their storage is gone). At most ``capacity`` bytes of panels are kept, the least recently used dropped first.
enum PackedOperandCache {
    /// Bytes of packed panels kept at most.
    static let capacity = 256 << 20
    /// Entries (packed or only seen) above which dead and least recently used ones are dropped.
    static let maximumEntries = 256
    /// Lookups between two scans for entries whose storage is gone.
    static let deadScanInterval = 64

    /// What identifies an operand's values, apart from the storage's version.
    private struct Key: Hashable {
        let storage: ObjectIdentifier
        let offset: Int
        let shape: [Int]
        let strides: [Int]

        /// The key of operand `b`.
        init(_ b: Tensor) {
            (storage, offset, shape, strides) = (ObjectIdentifier(b.storage), b.storageOffset, b.shape, b.strides)
        }
    }

    private struct Entry {
        weak var storage: Storage?
        let version: Int
        var packed: PackedBFloat16Panels?
        var lastUse: Int
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var clock = 0
        var packedBytes = 0

        /// Drops the entry for `key`, keeping the byte count right.
        mutating func remove(_ key: Key) {
            if let packed = entries.removeValue(forKey: key)?.packed { packedBytes -= packed.byteCount }
        }

        /// Drops the entries whose storage is gone (a freed model's weights, activations seen once).
        mutating func dropDead() {
            for (key, entry) in entries where entry.storage == nil { remove(key) }
        }

        /// Drops entries whose storage is gone, then the least recently used until at most `count` entries and
        /// `bytes` bytes of panels remain.
        mutating func trim(toEntries count: Int, bytes: Int) {
            dropDead()
            guard entries.count > count || packedBytes > bytes else { return }
            for (key, _) in entries.sorted(by: { $0.value.lastUse < $1.value.lastUse }) {
                guard entries.count > count || packedBytes > bytes else { break }
                remove(key)
            }
        }
    }

    private static let state = Locked(State())

    /// The packed panels of `b` (2-D bfloat16) when it was seen before unchanged, packing them now on its second
    /// sighting; `nil` on the first (the caller packs as it multiplies). Only when ``BFloat16Product/isSupported``.
    static func panels(for b: Tensor) -> PackedBFloat16Panels? {
        let storage = b.storage
        let key = Key(b), version = storage.version
        let seen: (panels: PackedBFloat16Panels?, again: Bool) = state.withLock { state in
            state.clock += 1
            // Now and then, so that a freed model's panels don't wait for the cache to fill up to be released.
            if state.clock % deadScanInterval == 0 { state.dropDead() }
            if var entry = state.entries[key], entry.storage === storage, entry.version == version {
                entry.lastUse = state.clock
                state.entries[key] = entry
                return (entry.packed, entry.packed == nil)
            }
            state.remove(key)
            state.entries[key] = Entry(storage: storage, version: version, packed: nil, lastUse: state.clock)
            if state.entries.count > maximumEntries { state.trim(toEntries: maximumEntries / 2, bytes: capacity) }
            return (nil, false)
        }
        guard seen.again else { return seen.panels }
        let packed = PackedBFloat16Panels(b)
        guard packed.byteCount <= capacity / 2 else { return packed }
        state.withLock { state in
            // Kept only if the operand is still the one packed (no write in between).
            guard var entry = state.entries[key], entry.storage === storage, entry.version == version,
                  entry.packed == nil else { return }
            entry.packed = packed
            state.entries[key] = entry
            state.packedBytes += packed.byteCount
            if state.packedBytes > capacity { state.trim(toEntries: maximumEntries, bytes: capacity) }
        }
        return packed
    }

    /// Whether packed panels of `b`, as it is now (same storage and version), are cached (tests).
    static func holdsPanels(for b: Tensor) -> Bool {
        let key = Key(b), version = b.storage.version
        return state.withLock { state in
            guard let entry = state.entries[key] else { return false }
            return entry.storage === b.storage && entry.version == version && entry.packed != nil
        }
    }
}
