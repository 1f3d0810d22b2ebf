import Foundation
import Testing
import SynapseIO
import SynapseNN
#if canImport(Glibc)
import Glibc
#endif

/// Loading reads the file into memory by default (as `torch.load` does), so what was loaded can't change or
/// fault when the file changes later; `mmap: true` maps it (as `torch.load(mmap=True)`); inputs that are not
/// regular files are refused at once instead of blocking.
@Suite struct SafeLoadingTests {
    static func temporaryURL(_ name: String) -> URL {
        SafeTensorsBadInputTests.directory.appendingPathComponent(UUID().uuidString + "-" + name)
    }

    /// Overwrites the bytes of `url` in place (same inode, as `cp` and `torch.save` do), with every byte of the
    /// data section flipped.
    static func rewriteInPlace(_ url: URL, keepingFirst header: Int) throws {
        var bytes = try Data(contentsOf: url)
        for index in header..<bytes.count { bytes[index] ^= 0xFF }
        let handle = try FileHandle(forWritingTo: url)
        try handle.write(contentsOf: bytes)
        try handle.close()
    }

    @Test(arguments: ["x.pt", "x.safetensors"])
    func aLoadedTensorKeepsItsValuesWhenTheFileIsRewrittenOrTruncated(_ name: String) throws {
        let url = Self.temporaryURL(name)
        defer { try? FileManager.default.removeItem(at: url) }
        let original = Tensor([1.0, 2.0, 3.0, 4.0])
        try save(["x": .init(original)], to: url)
        let loaded = try load(from: url)["x"]!.tensor()
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int
        try Self.rewriteInPlace(url, keepingFirst: size - 64)
        #expect(loaded.toArray(of: Float.self) == [1, 2, 3, 4])
        truncate(url.path, 0)
        #expect(loaded.toArray(of: Float.self) == [1, 2, 3, 4])
        try FileManager.default.removeItem(at: url)
        #expect(loaded.toArray(of: Float.self) == [1, 2, 3, 4])
    }

    /// The documented trade of `mmap: true`: nothing is read until used, so bytes rewritten in place before a
    /// tensor is first read are what it reads.
    @Test func aMappedLoadSeesTheFileAsItIsWhenFirstRead() throws {
        let url = Self.temporaryURL("mapped.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let values = (0..<4096).map { Float($0) }   // a whole page of data, so the header's page is not its page
        try SafeTensors.save(["x": Tensor(flat: values, shape: [4096])], to: url)
        let mapped = try SafeTensors.load(from: url, mmap: true)["x"]!
        let copied = try SafeTensors.load(from: url)["x"]!
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int
        try Self.rewriteInPlace(url, keepingFirst: size - 4096 * 4)
        #expect(copied.toArray(of: Float.self) == values)
        #expect(mapped.toArray(of: Float.self) != values)
    }

    @Test func aFIFOIsRefusedInsteadOfWaitingForAWriter() throws {
        let url = Self.temporaryURL("fifo")
        #expect(mkfifo(url.path, 0o600) == 0)
        defer { try? FileManager.default.removeItem(at: url) }
        let start = ContinuousClock.now
        #expect {
            _ = try load(from: url)
        } throws: { error in
            (error as? CheckpointError)?.description.contains("not a regular file") == true
        }
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func aDirectoryIsRefused() {
        #expect {
            _ = try SafeTensors.load(from: SafeTensorsBadInputTests.directory)
        } throws: { error in
            (error as? CheckpointError)?.description.contains("not a regular file") == true
        }
    }
}

/// Zip records are checked against their CRC-32: a flipped bit in a tensor's bytes is an error, not other values.
@Suite struct ZipChecksumTests {
    @Test func aFlippedBitInAStorageIsRefusedWhenTheFileIsRead() throws {
        let url = SafeLoadingTests.temporaryURL("crc.pt")
        defer { try? FileManager.default.removeItem(at: url) }
        try save(["x": Tensor([1.0, 2.0, 3.0, 4.0])], to: url)
        var bytes = try Data(contentsOf: url)
        let four = withUnsafeBytes(of: Float(4).bitPattern.littleEndian, Array.init)
        let position = try #require(bytes.firstRange(of: Data(four))).lowerBound
        bytes[position] ^= 0x01
        try bytes.write(to: url)
        #expect {
            _ = try load(from: url)
        } throws: { error in
            (error as? CheckpointError)?.description.contains("fails its CRC-32 check") == true
        }
        // Mapped, only the pickle is checked (as torch.load(mmap=True) checks nothing): the flip reads through.
        let mapped = try load(from: url, mmap: true)["x"]!.tensor()
        #expect(mapped.toArray(of: Float.self)[3] != 4)
    }
}
