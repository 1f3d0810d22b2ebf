import CSynapseKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole checkpoint file in memory that tensors read from it can view.
///
/// By default (`mapping: false`) the file is read into private anonymous memory, as `torch.load` reads it: the
/// tensors then depend on nothing outside the process, so rewriting, truncating or deleting the file later changes
/// nothing. With `mapping: true` (`torch.load(mmap=True)`) the file itself is mapped copy-on-write (`MAP_PRIVATE`):
/// nothing is read until used, and writing to the tensors never touches the file, but pages not yet read come from
/// the file as it is when they are first touched, so a file rewritten in place (`cp`, `torch.save` over it) shows
/// its new bytes, and one truncated underneath the mapping makes those reads fail with `SIGBUS`. The reads Synapse
/// makes while loading are checked first (``checkReadable(_:)``), so a file that shrank by then gives an error.
///
/// With `leasing: true` (a copying load) the file is mapped under a read lease where the system grants one (see
/// ``isLeased``), so that the load holds no second copy of the file and no writer can change it underneath.
///
/// Only regular files are read: a FIFO or a device would block or never end.
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeMutableRawPointer?
    let size: Int
    let path: String
    /// Whether the file itself is mapped (`mapping: true`) rather than copied into memory.
    let isMapped: Bool
    /// The read lease on the file, until ``endLease()``.
    private var lease: FileReadLease?

    /// The file at `path`, copied into memory or mapped; throws ``CheckpointError/io(path:reason:)`` when it can't
    /// be opened, is not a regular file, or changes size while it is read.
    ///
    /// With `leasing`, a read lease on the file is taken before its size is read, where the system grants one
    /// (``isLeased``), and the file is then mapped whatever `mapping` says: until ``endLease()``, another process
    /// that opens the file for writing or truncates it waits, so the mapped bytes stay as they are. The lease is
    /// refused when the file is open for writing anywhere (this process included), when the caller neither owns the
    /// file nor may lease any (root may), and on file systems without leases (network ones) and systems other than
    /// Linux; the file is then mapped when `mapping` (the caller accepts a file truncated between its check and its
    /// use) and read into memory when not.
    init(path: String, mapping: Bool = false, leasing: Bool = false) throws(CheckpointError) {
        self.path = path
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        // Before the size is read, so that the size read is the one that holds while the lease does.
        let lease = leasing ? FileReadLease(on: descriptor) : nil
        let mapping = mapping || lease != nil
        isMapped = mapping
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw .io(path: path, reason: "not a regular file (a FIFO, a device or a directory can't be a checkpoint)")
        }
        size = Int(info.st_size)
        guard size > 0 else {
            bytes = nil
            return
        }
        if mapping {
            let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, descriptor, 0)
            guard let mapped, mapped != MAP_FAILED else {
                throw .io(path: path, reason: "mmap failed: \(String(cString: strerror(errno)))")
            }
            bytes = mapped
            self.lease = lease
            return
        }
        let memory = try Self.anonymousMemory(size, path: path)
        var done = 0
        while done < size {
            let count = pread(descriptor, memory + done, size - done, off_t(done))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                munmap(memory, size)
                let reason = count < 0 ? String(cString: strerror(errno)) : "the file shrank from \(size) to \(done) bytes while it was read"
                throw .io(path: path, reason: reason)
            }
            done += count
        }
        bytes = memory
    }

    /// `size` bytes of private anonymous memory (mapped, so that large checkpoints don't go through the heap).
    private static func anonymousMemory(_ size: Int, path: String) throws(CheckpointError) -> UnsafeMutableRawPointer {
        let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let mapped, mapped != MAP_FAILED else {
            throw .io(path: path, reason: "can't allocate \(size) bytes: \(String(cString: strerror(errno)))")
        }
        return mapped
    }

    /// An anonymous private mapping holding a copy of `bytes` (fuzzing and in-memory decoding), so that tensors
    /// view it exactly as they view a mapped file.
    init(copying source: UnsafeRawBufferPointer) throws(CheckpointError) {
        path = "<memory>"
        isMapped = false
        size = source.count
        guard size > 0 else {
            bytes = nil
            return
        }
        let memory = try Self.anonymousMemory(size, path: path)
        memory.copyMemory(from: source.baseAddress!, byteCount: size)
        bytes = memory
    }

    deinit {
        if let bytes { munmap(bytes, size) }
    }

    /// Whether this mapping holds a read lease on its file (`init(path:mapping:leasing:)`), so that nobody can
    /// truncate or rewrite the file until ``endLease()``.
    var isLeased: Bool { lease != nil }

    /// Lets writers of the file go on: releases the lease, if any. The mapping stays; without the lease, its pages
    /// not yet read show what the file holds when they are first read.
    func endLease() {
        lease = nil
    }

    /// The bytes as a buffer (empty for an empty file).
    var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: bytes, count: size) }

    /// Throws when bytes `range` (all of them by default) of a mapped file can no longer be read because the file
    /// shrank under the mapping, where reading them would stop the process with `SIGBUS`: every page is read once
    /// with that signal caught. A copy in memory is always readable.
    ///
    /// With `releasingPages`, the pages are handed back after each 16 MiB read (``releasePages(_:)``), so that
    /// checking a large file doesn't make it all resident at once.
    func checkReadable(_ range: Range<Int>? = nil, releasingPages: Bool = false) throws(CheckpointError) {
        guard isMapped, let bytes else { return }
        let range = (range ?? 0..<size).clamped(to: 0..<size)
        guard !range.isEmpty else { return }
        let chunk = releasingPages ? 16 << 20 : range.count
        for start in stride(from: range.lowerBound, to: range.upperBound, by: chunk) {
            let end = min(start + chunk, range.upperBound)
            if synapse_probe_readable(bytes + start, end - start, 4096) != 0 {
                throw .io(path: path, reason: "the file shrank under its memory mapping: bytes \(start)..<\(end) of the \(size) it had can no longer be read (it was truncated or rewritten while mapped)")
            }
            if releasingPages { releasePages(start..<end) }
        }
    }

    /// Lets the kernel take back the whole pages of a mapped file inside `range` (`MADV_DONTNEED`): they leave
    /// the process's resident memory and are read from the file again if touched. Only for bytes nothing has
    /// written to: a written page of a private mapping would lose what was written. Does nothing for a copy in
    /// memory.
    func releasePages(_ range: Range<Int>) {
        guard isMapped, let bytes else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let range = range.clamped(to: 0..<size)
        // Whole pages only: the first and last may hold bytes of neighbouring tensors still to be read (they would
        // come back from the file, but there is no need to read them twice).
        let lower = (range.lowerBound + page - 1) / page * page, upper = range.upperBound / page * page
        guard lower < upper else { return }
        madvise(bytes + lower, upper - lower, MADV_DONTNEED)
    }

    /// ``releasePages(_:)`` for the bytes of `storage` when they are a view of this file that nothing has written
    /// to (its version is 0); nothing otherwise.
    func releasePages(of storage: Storage) {
        guard let bytes, storage.version == 0 else { return }
        let offset = storage.bytes - bytes
        guard offset >= 0, offset < size else { return }
        releasePages(offset..<(offset + storage.byteCount))
    }
}
