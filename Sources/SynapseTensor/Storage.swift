import CSynapseKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A flat block of bytes that tensors view. Several tensors (views, `.data`, tied parameters) can share one storage;
/// a write through any of them is seen by all.
///
/// Small blocks (up to ``inlineLimit`` bytes) live in the storage object itself, one allocation instead of two:
/// for small tensors, allocating and freeing is most of the cost of an operation. Larger blocks are separate,
/// 64-byte aligned (2 MiB aligned on transparent huge pages from 2 MiB up, on Linux unless `SYNAPSE_HUGE_PAGES=0`),
/// and may be reused from `BlockCache`. A storage created over memory someone else manages (a
/// memory-mapped checkpoint, for instance) runs its `deallocator` when the last view is gone.
///
/// ```swift
/// let storage = Storage.allocate(byteCount: 16)
/// let t = Tensor(storage: storage, shape: [4], strides: [1], dtype: .float32)
/// ```
public final class Storage: ManagedBuffer<StorageHeader, StorageUnit>, @unchecked Sendable {
    /// Blocks up to this many bytes are allocated inside the storage object.
    public static let inlineLimit = 4096

    /// Allocates `byteCount` uninitialised bytes: inside the object when small (8-byte aligned at least, 16 with
    /// glibc's and Darwin's `malloc`), 64-byte aligned (huge-page aligned from 2 MiB, possibly reused from
    /// `BlockCache`) when large.
    public static func allocate(byteCount: Int) -> Storage {
        check(byteCount >= 0, "Trying to create tensor with negative dimension")
        if byteCount <= inlineLimit {
            let units = (byteCount + MemoryLayout<StorageUnit>.stride - 1) / MemoryLayout<StorageUnit>.stride
            let buffer = create(minimumCapacity: units) { buffer in
                StorageHeader(bytes: UnsafeMutableRawPointer(buffer.withUnsafeMutablePointerToElements { $0 }),
                              byteCount: byteCount, separateSize: 0, deallocator: nil)
            }
            return unsafeDowncast(buffer, to: Storage.self)
        }
        let size = BlockCache.allocationSize(for: byteCount)
        let block: UnsafeMutableRawPointer
        if let cached = BlockCache.take(size: size) {
            block = cached
        } else {
            block = HugePages.allocate(size) ?? {
                var pointer: UnsafeMutableRawPointer?
                guard posix_memalign(&pointer, 64, size) == 0, let pointer else {
                    fatalError("DefaultCPUAllocator: not enough memory: you tried to allocate \(byteCount) bytes.")
                }
                return pointer
            }()
        }
        return make(StorageHeader(bytes: block, byteCount: byteCount, separateSize: size, deallocator: nil))
    }

    /// Allocates `byteCount` bytes set to zero.
    public static func allocate(zeroedByteCount byteCount: Int) -> Storage {
        let storage = allocate(byteCount: byteCount)
        memset(storage.bytes, 0, byteCount)
        return storage
    }

    /// A storage over memory owned elsewhere; `deallocator` is called once, when the storage is released.
    public static func wrapping(
        _ bytes: UnsafeMutableRawPointer, byteCount: Int,
        deallocator: @escaping @Sendable (UnsafeMutableRawPointer, Int) -> Void
    ) -> Storage {
        make(StorageHeader(bytes: bytes, byteCount: byteCount, separateSize: 0, deallocator: deallocator))
    }

    private static func make(_ header: StorageHeader) -> Storage {
        unsafeDowncast(create(minimumCapacity: 0) { _ in header }, to: Storage.self)
    }

    // Fields are read through the header pointer: reading `header` itself, a class property, would make a
    // runtime exclusivity check on every access.
    /// Start of the bytes.
    @inline(__always) public var bytes: UnsafeMutableRawPointer { withUnsafeMutablePointerToHeader { $0.pointee.bytes } }
    /// Number of bytes.
    @inline(__always) public var byteCount: Int { withUnsafeMutablePointerToHeader { $0.pointee.byteCount } }
    /// Bumped by every in-place write; autograd uses it to detect tensors modified after they were saved. Read and
    /// bumped atomically (relaxed), as PyTorch's version counter is.
    @inline(__always) public var version: Int {
        // `&header.pointee.version` is the field's own address (a pointee is addressable), so the C atomics act
        // on the header in place.
        withUnsafeMutablePointerToHeader { header in synapse_atomic_load_relaxed(&header.pointee.version) }
    }

    /// Records an in-place modification.
    @inline(__always) func bumpVersion() {
        withUnsafeMutablePointerToHeader { header in synapse_atomic_increment_relaxed(&header.pointee.version) }
    }

    deinit {
        withUnsafeMutablePointerToHeader { header in
            let fields = header.pointee
            if let deallocator = fields.deallocator {
                deallocator(fields.bytes, fields.byteCount)
            } else if fields.separateSize > 0 {
                BlockCache.give(fields.bytes, size: fields.separateSize)
            }
        }
    }
}

/// The bookkeeping of a ``Storage`` (public only because the storage's tail-allocated layout names it).
public struct StorageHeader: @unchecked Sendable {
    let bytes: UnsafeMutableRawPointer
    let byteCount: Int
    /// Bytes of a separately allocated block (a size class of `byteCount`), 0 when the bytes are inline or
    /// owned elsewhere.
    let separateSize: Int
    let deallocator: (@Sendable (UnsafeMutableRawPointer, Int) -> Void)?
    /// Only ever accessed atomically (``Storage/version``, ``Storage/bumpVersion()``).
    var version = 0

    init(bytes: UnsafeMutableRawPointer, byteCount: Int, separateSize: Int,
         deallocator: (@Sendable (UnsafeMutableRawPointer, Int) -> Void)?) {
        self.bytes = bytes
        self.byteCount = byteCount
        self.separateSize = separateSize
        self.deallocator = deallocator
    }
}

/// The unit in which a ``Storage`` holds inline bytes: 8-byte words. Not 16: the Swift runtime allocates objects
/// that need more than 8-byte alignment with `posix_memalign`, markedly slower than `malloc`, whose blocks are
/// 16-byte aligned anyway on the platforms Synapse runs on.
public typealias StorageUnit = UInt64
