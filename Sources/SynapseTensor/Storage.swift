#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A flat block of bytes that tensors view. Several tensors (views, `.data`, tied parameters) can share one storage;
/// a write through any of them is seen by all.
///
/// The storage owns its memory unless it was created over memory someone else manages (a memory-mapped
/// checkpoint, for instance), in which case `deallocator` runs when the last view is gone.
public final class Storage: @unchecked Sendable {
    /// Start of the bytes (64-byte aligned when Synapse allocated them).
    public let bytes: UnsafeMutableRawPointer
    /// Number of bytes.
    public let byteCount: Int
    /// Bumped by every in-place write; autograd uses it to detect tensors modified after they were saved.
    @exclusivity(unchecked) public internal(set) var version: Int = 0
    private let deallocator: (@Sendable (UnsafeMutableRawPointer, Int) -> Void)?
    /// Bytes actually reserved (a size class of `byteCount`) when Synapse allocated the memory.
    private let allocatedSize: Int

    /// Allocates `byteCount` uninitialised bytes, 64-byte aligned (large blocks may be reused from ``BlockCache``).
    public init(byteCount: Int) {
        check(byteCount >= 0, "Trying to create tensor with negative dimension")
        let size = BlockCache.allocationSize(for: max(byteCount, 64))
        if let cached = BlockCache.take(size: size) {
            self.bytes = cached
        } else if size <= 4096, let small = malloc(size) {
            // Small blocks: malloc's 16-byte alignment is enough, and it is cheaper than an aligned allocation.
            self.bytes = small
        } else {
            var pointer: UnsafeMutableRawPointer?
            guard posix_memalign(&pointer, 64, size) == 0, let pointer else {
                fatalError("DefaultCPUAllocator: not enough memory: you tried to allocate \(byteCount) bytes.")
            }
            self.bytes = pointer
        }
        self.byteCount = byteCount
        self.allocatedSize = size
        self.deallocator = nil
    }

    /// Allocates `byteCount` bytes set to zero.
    public convenience init(zeroedByteCount byteCount: Int) {
        self.init(byteCount: byteCount)
        memset(bytes, 0, byteCount)
    }

    /// Wraps memory owned elsewhere; `deallocator` is called once, when the storage is released.
    public init(
        wrapping bytes: UnsafeMutableRawPointer, byteCount: Int,
        deallocator: @escaping @Sendable (UnsafeMutableRawPointer, Int) -> Void
    ) {
        self.bytes = bytes
        self.byteCount = byteCount
        self.allocatedSize = byteCount
        self.deallocator = deallocator
    }

    deinit {
        if let deallocator { deallocator(bytes, byteCount) } else { BlockCache.give(bytes, size: allocatedSize) }
    }

    /// Records an in-place modification.
    @inline(__always) func bumpVersion() { version &+= 1 }
}
