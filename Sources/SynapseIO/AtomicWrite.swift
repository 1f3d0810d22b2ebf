import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let posixWrite = Glibc.write
#elseif canImport(Darwin)
private let posixWrite = Darwin.write
#endif

/// Writes a file so that a crash midway leaves the previous file intact: the data goes to a temporary file in
/// the same folder, is flushed to disk, and is renamed over the target.
enum AtomicWrite {
    /// Called between writing and renaming, for tests that simulate a writer dying there. Task-local, so that a
    /// test's failure injection never reaches the saves other tests run at the same time.
    @TaskLocal static var beforeRename: (@Sendable () throws -> Void)?

    static func write(_ data: some ContiguousBytes, to url: URL) throws(CheckpointError) {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw .io(path: temporary.path, reason: String(cString: strerror(errno))) }
        var ok = false
        defer {
            close(descriptor)
            if !ok { unlink(temporary.path) }
        }
        var total = 0
        let written: Int = data.withUnsafeBytes { buffer in
            total = buffer.count
            var offset = 0
            while offset < buffer.count {
                let count = posixWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count <= 0 { return -1 }
                offset += count
            }
            return offset
        }
        guard written == total, fsync(descriptor) == 0 else {
            throw .io(path: temporary.path, reason: "write failed: \(String(cString: strerror(errno)))")
        }
        do {
            try beforeRename?()
        } catch {
            throw .io(path: url.path, reason: "interrupted before the rename: \(error)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            throw .io(path: url.path, reason: "rename failed: \(String(cString: strerror(errno)))")
        }
        ok = true
    }
}
