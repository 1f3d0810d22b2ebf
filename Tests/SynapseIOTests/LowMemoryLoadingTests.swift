import Foundation
import Testing
@testable import SynapseIO
import SynapseNN
import SynapseTensor
#if canImport(Glibc)
import Glibc
#endif

/// Loading a large checkpoint without holding it twice: a mapped file's pages are handed back as they are checked
/// and once each tensor is copied; `skipInit` builds a model whose weights take no memory before an assigning load.
@Suite struct LowMemoryLoadingTests {
    /// The resident bytes of the mapping that holds `address` (`Rss:` of its `/proc/self/smaps` entry): this
    /// mapping's own pages, whatever other tests allocate meanwhile.
    static func residentBytes(ofMappingAt address: UnsafeRawPointer) throws -> Int {
        try #require(MemoryMapEntry(containing: address)?.bytes("Rss"))
    }

    static func eightMegabyteFile(_ name: String) throws -> URL {
        let url = SafeLoadingTests.temporaryURL(name)
        let values = (0..<(2 << 20)).map { Float($0 % 1000) }
        try SafeTensors.save(["x": Tensor(flat: values, shape: [2 << 20])], to: url)
        return url
    }

    @Test func checkingAMappedFileCanHandItsPagesBack() throws {
        let url = try Self.eightMegabyteFile("release-check.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try MappedFile(path: url.path, mapping: true)
        let start = UnsafeRawPointer(file.bytes!)
        try file.checkReadable()
        #expect(try Self.residentBytes(ofMappingAt: start) >= 8 << 20)
        file.releasePages(0..<file.size)
        #expect(try Self.residentBytes(ofMappingAt: start) <= 8192)
        try file.checkReadable(releasingPages: true)
        #expect(try Self.residentBytes(ofMappingAt: start) <= 8192)
        // Released pages come back from the file when read again.
        let (tensors, _) = try SafeTensorsReader.read(file)
        #expect(tensors.first { $0.key == "x" }!.value.toArray(of: Float.self)[1_234_567] == Float(1_234_567 % 1000))
    }

    @Test func releasingATensorsPagesKeepsItsNeighboursAndWrittenStorages() throws {
        let url = try Self.eightMegabyteFile("release-storage.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try MappedFile(path: url.path, mapping: true)
        let (tensors, _) = try SafeTensorsReader.read(file)
        let x = tensors.first { $0.key == "x" }!.value
        let start = UnsafeRawPointer(file.bytes!)
        try file.checkReadable()
        file.releasePages(of: x.storage)
        let resident = try Self.residentBytes(ofMappingAt: start)
        #expect(resident <= 2 * 4096)   // at most the header's page and a partial last page
        // A storage written to (a private copy-on-write page) is never released: the write would be lost.
        _ = x.toArray(of: Float.self)
        noGrad { _ = x[0].fill_(-1) }
        file.releasePages(of: x.storage)
        #expect(x[0].item() == -1)
        // Memory that isn't the file's is left alone.
        let elsewhere = Tensor.ones([4])
        file.releasePages(of: elsewhere.storage)
        #expect(elsewhere.toArray(of: Float.self) == [1, 1, 1, 1])
    }

    @Test func loadersHearOfEveryCopiedValueUnlessAHookCouldHaveWrittenToIt() throws {
        let g = Generator(seed: 1)   // never the default generator: DefaultGeneratorSuite owns it
        let model = Sequential(Linear(3, 2, generator: g), ReLU(), Linear(2, 1, generator: g))
        let source = Sequential(Linear(3, 2, generator: g), ReLU(), Linear(2, 1, generator: g))
        var heard: [ObjectIdentifier] = []
        let state = source.stateDict()
        try model.loadStateDict(state, strict: true, assign: false) { heard.append(ObjectIdentifier($0)) }
        #expect(Set(heard) == Set(state.tensors.map(ObjectIdentifier.init)) && heard.count == 4)
        #expect(model.stateDict()["2.bias"]!.toArray(of: Float.self) == source.stateDict()["2.bias"]!.toArray(of: Float.self))
        heard = []
        try model.loadStateDict(source.stateDict(), strict: true, assign: true) { heard.append(ObjectIdentifier($0)) }
        #expect(heard.isEmpty)
        model.registerLoadStateDictPreHook { _, _, _ in }
        try model.loadStateDict(source.stateDict(), strict: true, assign: false) { heard.append(ObjectIdentifier($0)) }
        #expect(heard.isEmpty)
    }

    @Test func aCopyingMappedLoadGivesTheSameValuesAsAReadOne() throws {
        let url = SafeLoadingTests.temporaryURL("release-model.pt")
        defer { try? FileManager.default.removeItem(at: url) }
        let g = Generator(seed: 3)
        let source = Sequential(Linear(300, 200, generator: g), Linear(200, 100, generator: g))
        try source.save(to: url)
        let mapped = Sequential(Linear(300, 200, generator: g), Linear(200, 100, generator: g))
        let read = Sequential(Linear(300, 200, generator: g), Linear(200, 100, generator: g))
        try mapped.load(from: url, mmap: true)
        try read.load(from: url)
        for (key, value) in source.stateDict() {
            #expect(mapped.stateDict()[key]!.toArray(of: Float.self) == value.toArray(of: Float.self))
            #expect(read.stateDict()[key]!.toArray(of: Float.self) == value.toArray(of: Float.self))
        }
    }

    @Test func skipInitDrawsNothingAndLeavesInitAlone() throws {
        let g = Generator(seed: 42)
        let skipped = skipInit { Linear(400, 300, generator: g) }
        let drawn = Linear(4, 8, generator: g)
        let expected = Linear(4, 8, generator: Generator(seed: 42))
        #expect(drawn.weight.toArray(of: Float.self) == expected.weight.toArray(of: Float.self))
        #expect(skipped.weight.shape == [300, 400] && skipped.bias!.shape == [300])
        let filled = Tensor.full([3], 7.0)
        skipInit { _ = Init.normal_(filled) }
        #expect(filled.toArray(of: Float.self) == [7, 7, 7])
        // Outside the closure, initialisation is back.
        _ = Init.zeros_(filled)
        #expect(filled.toArray(of: Float.self) == [0, 0, 0])
    }

    @Test func aSkippedModelTakesItsWeightsFromAnAssigningMappedLoad() throws {
        let url = SafeLoadingTests.temporaryURL("skipped-assign.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let g = Generator(seed: 5)
        let source = Sequential(Linear(64, 32, generator: g), Linear(32, 8, generator: g))
        try source.save(to: url)
        let model = skipInit { Sequential(Linear(64, 32, generator: g), Linear(32, 8, generator: g)) }
        try model.load(from: url, assign: true, mmap: true)
        let x = Tensor.randn([5, 64], generator: g)
        #expect(model(x).toArray(of: Float.self) == source(x).toArray(of: Float.self))
        #expect(model.parameters().allSatisfy { $0.requiresGrad })
    }
}
