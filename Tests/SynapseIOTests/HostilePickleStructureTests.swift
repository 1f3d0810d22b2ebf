import Foundation
import Testing
@testable import SynapseIO
import SynapseNN

/// Pickles whose structure, not their globals, is the attack: tuples nested tens of thousands deep (released or
/// hashed recursively, they overflowed the stack) and memo-shared tuples used as dict keys (hashing expanded 2^60
/// nodes from 250 bytes). Each is refused with an error that says why, quickly.
@Suite struct HostilePickleStructureTests {
    /// The unpickler's verdict on `pickle` (no storages are available: these pickles name none).
    static func unpickle(_ pickle: [UInt8]) -> Result<CheckpointValue, CheckpointError> {
        let unpickler = TorchUnpickler { key, _, _ throws(CheckpointError) in throw .invalidArchive("no storage '\(key)'") }
        return pickle.withUnsafeBytes { bytes -> Result<CheckpointValue, CheckpointError> in
            do throws(CheckpointError) { return .success(try unpickler.unpickle(bytes).0) } catch { return .failure(error) }
        }
    }

    static func expectRefusal(_ pickle: [UInt8], _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        switch unpickle(pickle) {
        case .success: Issue.record("accepted", sourceLocation: sourceLocation)
        case .failure(let error):
            #expect(error.description.contains(expected), "\(error)", sourceLocation: sourceLocation)
        }
    }

    /// `depth` nested one-element tuples around `None`, built the way `opcode` builds tuples.
    static func nestedTuples(_ depth: Int, opcode: String) -> [UInt8] {
        var pickle: [UInt8] = [0x80, 2, UInt8(ascii: "N")]
        for _ in 0..<depth {
            switch opcode {
            case "TUPLE1": pickle.append(0x85)
            default: // MARK … TUPLE
                pickle.insert(UInt8(ascii: "("), at: 2)
                pickle.append(UInt8(ascii: "t"))
            }
        }
        return pickle + [UInt8(ascii: ".")]
    }

    @Test(arguments: ["TUPLE1", "MARK TUPLE"])
    func deeplyNestedTuplesAreRefused(_ opcode: String) {
        Self.expectRefusal(Self.nestedTuples(40_000, opcode: opcode), "tuples nested more than 200 levels deep")
        Self.expectRefusal(Self.nestedTuples(201, opcode: opcode), "tuples nested more than 200 levels deep")
        // As deep as a checkpoint value may be (the converter's limit) is still a value.
        if case .failure(let error) = Self.unpickle(Self.nestedTuples(200, opcode: opcode)) {
            Issue.record("200 nested tuples are a valid value, but: \(error)")
        }
    }

    @Test func deeplyNestedTupleAsADictKeyIsRefused() {
        // {((…(None,)…),): 1}: the key is built before the dict is.
        var pickle: [UInt8] = [0x80, 2, UInt8(ascii: "}"), UInt8(ascii: "N")]
        pickle += Array(repeating: 0x85, count: 38_000)
        pickle += [UInt8(ascii: "K"), 1, UInt8(ascii: "s"), UInt8(ascii: ".")]
        Self.expectRefusal(pickle, "tuples nested more than 200 levels deep")
    }

    /// `t0 = (None, None)`, `t(i+1) = (t(i), t(i))` through the memo, 60 levels: 250 bytes naming 2^61 values.
    @Test func sharedStructureKeyBombIsRefusedQuickly() {
        var pickle: [UInt8] = [0x80, 2, UInt8(ascii: "}"), UInt8(ascii: "N"), UInt8(ascii: "N"), 0x86]
        for level in 0..<60 {
            pickle += [UInt8(ascii: "q"), UInt8(level), UInt8(ascii: "h"), UInt8(level), 0x86]
        }
        pickle += [UInt8(ascii: "K"), 1, UInt8(ascii: "s"), UInt8(ascii: ".")]
        let start = ContinuousClock.now
        Self.expectRefusal(pickle, "a dict key that expands to")
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func sharedStructureValuesAreStillBoundedByTheConverter() {
        // The same bomb as a value (not a key) is the converter's to refuse, by its budget.
        var pickle: [UInt8] = [0x80, 2, UInt8(ascii: "N"), UInt8(ascii: "N"), 0x86]
        for level in 0..<60 {
            pickle += [UInt8(ascii: "q"), UInt8(level), UInt8(ascii: "h"), UInt8(level), 0x86]
        }
        Self.expectRefusal(pickle + [UInt8(ascii: ".")], "expand to more values than the file could hold")
    }
}

/// Saving to safetensors refuses what the format can't hold with an error, and finds aliases in linear time.
@Suite struct SafeTensorsWriterBadInputTests {
    @Test func aTensorNamedMetadataIsAnErrorNotACrash() {
        let state: StateDict = ["__metadata__": Tensor.zeros([2])]
        #expect {
            _ = try SafeTensorsWriter.encode(state, metadata: [:])
        } throws: { error in
            (error as? CheckpointError)?.description.contains("__metadata__") == true
        }
    }

    @Test func aliasesAreFoundAmongManyTensorsInLinearTime() throws {
        let shared = Tensor.zeros([3])
        var entries: [(String, Tensor)] = (0..<50_000).map { ("t\($0)", Tensor.zeros([1])) }
        entries.append(("tied", shared))
        entries.append(("tied_again", shared))
        let start = ContinuousClock.now
        let data = try SafeTensorsWriter.encode(StateDict(entries), metadata: [:])
        #expect(ContinuousClock.now - start < .seconds(20))
        let header = String(decoding: data[8..<(8 + Int(data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }))], as: UTF8.self)
        #expect(header.contains("\"tied_again\":\"tied\""))
    }
}
