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

/// Writes a file so that a crash midway leaves the previous file intact, as a careful tool does:
/// - the data go to a temporary file in the target's folder (`.<name>.<pid>.<random>.tmp`), are flushed to disk,
///   and the temporary is renamed over the target; the folder is flushed too, so the rename survives a power loss;
/// - a symbolic link is written through (its target is replaced, as `torch.save`, which opens the path, does);
/// - an existing target keeps its permissions; a new one gets `0666` less the umask, as `open` gives;
/// - temporaries left by writers that were killed (their process is gone) are removed; a live writer's are not.
enum AtomicWrite {
    /// Called between writing and renaming, for tests that simulate a writer dying there. Task-local, so that a
    /// test's failure injection never reaches the saves other tests run at the same time.
    @TaskLocal static var beforeRename: (@Sendable () throws -> Void)?

    static func write(_ data: some ContiguousBytes, to requested: URL) throws(CheckpointError) {
        let url = requested.resolvingSymlinksInPath()
        let folder = url.deletingLastPathComponent()
        removeStaleTemporaries(of: url.lastPathComponent, in: folder)
        let temporary = folder.appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
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
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { return -1 }
                offset += count
            }
            return offset
        }
        guard written == total else {
            throw .io(path: temporary.path, reason: "write failed: \(String(cString: strerror(errno)))")
        }
        var existing = stat()
        if stat(url.path, &existing) == 0, fchmod(descriptor, existing.st_mode & 0o7777) != 0 {
            throw .io(path: temporary.path, reason: "can't keep the target's permissions: \(String(cString: strerror(errno)))")
        }
        guard fsync(descriptor) == 0 else {
            throw .io(path: temporary.path, reason: "flushing failed: \(String(cString: strerror(errno)))")
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
        flushDirectory(folder)
    }

    /// Flushes a folder's entries (the rename) to disk; folders that can't be opened or flushed are left alone.
    private static func flushDirectory(_ folder: URL) {
        let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    /// Removes `.<name>.<pid>.<random>.tmp` files in `folder` whose writer process no longer exists.
    static func removeStaleTemporaries(of name: String, in folder: URL) {
        let prefix = ".\(name)."
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for entry in entries where entry.hasPrefix(prefix) && entry.hasSuffix(".tmp") {
            let middle = entry.dropFirst(prefix.count).dropLast(".tmp".count).split(separator: ".")
            guard middle.count == 2, let pid = pid_t(middle[0]), UInt32(middle[1]) != nil, pid > 0 else { continue }
            // kill(pid, 0) fails with ESRCH when no such process exists; any other answer means it may be writing.
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(folder.appendingPathComponent(entry).path) }
        }
    }
}
