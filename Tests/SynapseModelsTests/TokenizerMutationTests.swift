import Foundation
import Testing
@testable import SynapseModels

/// Seeded random corruptions of the fixture tokenizers: every one must load and encode, or be refused with a
/// `TokenizerError`; none may crash or allocate without bound.
@Suite struct TokenizerMutationTests {
    /// SplitMix64: a small seeded generator, so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// What a corrupted field may become.
    static var replacements: [Any] { [NSNull(), -1, 1e30, 2_147_483_647, 0, "x", "", [Any](), [String: Any](), true,
                                      ["type": "Unknown"], [["a", "b"]], ["a b c"], 2.5] }

    /// Replaces one value somewhere in `value` (an object or array) by a random replacement, or removes a key.
    static func mutate(_ value: Any, _ rng: inout SplitMix, depth: Int = 0) -> Any {
        let stop = depth > 0 && Int.random(in: 0 ..< 4, using: &rng) == 0
        if var object = value as? [String: Any], !object.isEmpty, !stop {
            let key = object.keys.sorted()[Int.random(in: 0 ..< object.count, using: &rng)]
            if Int.random(in: 0 ..< 8, using: &rng) == 0 {
                object[key] = nil
            } else {
                object[key] = mutate(object[key]!, &rng, depth: depth + 1)
            }
            return object
        }
        if var array = value as? [Any], !array.isEmpty, !stop {
            let index = Int.random(in: 0 ..< array.count, using: &rng)
            array[index] = mutate(array[index], &rng, depth: depth + 1)
            return array
        }
        return replacements[Int.random(in: 0 ..< replacements.count, using: &rng)]
    }

    @Test(arguments: ["bert", "gpt2", "roberta_added", "bert_file_options"])
    func corruptedFilesLoadOrFailCleanly(name: String) throws {
        let original = try TokenizerFixture.json(name)
        var rng = SplitMix(state: UInt64(name.utf8.count) &* 7919)
        var refused = 0
        for _ in 0 ..< 60 {
            let mutated = Self.mutate(original, &rng)
            let data = try JSONSerialization.data(withJSONObject: mutated)
            do {
                var tokenizer = try Tokenizer(data: data)
                if tokenizer.padding != nil {  // valid lengths up to a million tokens: too slow to pad here
                    tokenizer.padding?.strategy = .longest
                    tokenizer.padding?.padToMultipleOf = nil
                }
                for text in ["Hello, world! Ça va? 你好 😀", "", "  <mask> [MASK] hello world"] {
                    do {
                        let encoding = try tokenizer.encode(text, pair: "second text")
                        _ = try? tokenizer.decode(encoding.ids)
                    } catch {}  // a clean refusal (the only error `encode` throws is a TokenizerError)
                }
            } catch {
                refused += 1
            }
        }
        #expect(refused > 0)
        // Byte-level damage: truncated, a byte changed, a slice dropped.
        let bytes = try Array(Data(contentsOf: TokenizerFixture.directory.appendingPathComponent("\(name).tokenizer.json")))
        for _ in 0 ..< 40 {
            var damaged = bytes
            let position = Int.random(in: 0 ..< damaged.count, using: &rng)
            switch Int.random(in: 0 ..< 3, using: &rng) {
            case 0: damaged.removeSubrange(position...)
            case 1: damaged[position] = UInt8.random(in: 0 ... 255, using: &rng)
            default: damaged.removeSubrange(position ..< min(damaged.count, position + Int.random(in: 1 ... 64, using: &rng)))
            }
            if let tokenizer = try? Tokenizer(data: Data(damaged)) {
                _ = try? tokenizer.encode("Hello, world!")
            }
        }
    }

    @Test func hugePaddingLengthsInTheFileAreRefused() throws {
        var json = try TokenizerFixture.json("bert_file_options")
        var padding = json["padding"] as! [String: Any]
        padding["pad_to_multiple_of"] = 2_000_000_000
        json["padding"] = padding
        #expect(throws: TokenizerError.invalidField(path: "padding.pad_to_multiple_of", expected: "an integer in 0...1048576",
                                                    found: "the number 2000000000")) {
            try Tokenizer(data: JSONSerialization.data(withJSONObject: json))
        }
        padding["pad_to_multiple_of"] = nil
        padding["strategy"] = ["Fixed": 2_000_000_000]
        json["padding"] = padding
        #expect(throws: TokenizerError.invalidField(path: "padding.strategy.Fixed", expected: "an integer in 0...1048576",
                                                    found: "the number 2000000000")) {
            try Tokenizer(data: JSONSerialization.data(withJSONObject: json))
        }
    }
}
