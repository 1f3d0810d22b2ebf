#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped copy-on-write (`MAP_PRIVATE`, readable and writable): tensors read from it can be views of
/// the mapping, and writing to them never touches the file. Unmapped when the last view is gone.
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeMutableRawPointer?
    let size: Int
    let path: String

    /// Maps the file at `path`; throws ``CheckpointError/io(path:reason:)`` when it can't be opened or mapped.
    init(path: String) throws(CheckpointError) {
        self.path = path
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        size = Int(info.st_size)
        guard size > 0 else {
            bytes = nil
            return
        }
        let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, descriptor, 0)
        guard let mapped, mapped != MAP_FAILED else {
            throw .io(path: path, reason: "mmap failed: \(String(cString: strerror(errno)))")
        }
        bytes = mapped
    }

    /// An anonymous private mapping holding a copy of `bytes` (fuzzing and in-memory decoding), so that tensors
    /// view it exactly as they view a mapped file.
    init(copying source: UnsafeRawBufferPointer) throws(CheckpointError) {
        path = "<memory>"
        size = source.count
        guard size > 0 else {
            bytes = nil
            return
        }
        let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let mapped, mapped != MAP_FAILED else {
            throw .io(path: path, reason: "mmap failed: \(String(cString: strerror(errno)))")
        }
        mapped.copyMemory(from: source.baseAddress!, byteCount: size)
        bytes = mapped
    }

    deinit {
        if let bytes { munmap(bytes, size) }
    }

    /// The bytes as a buffer (empty for an empty file).
    var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: bytes, count: size) }
}
