import Foundation
import SynapseData

/// `Tests/Fixtures/data/`, written by `scripts/fixtures/data_loading.py` with torch.
enum LoadingFixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/data")

    struct SamplerSpec: Decodable {
        let kind: String
        let replacement: Bool?
        let num_samples: Int?
        let indices: [Int]?
        let weights: [Double]?
    }

    struct Loader: Decodable {
        let name: String
        let seed: Int
        let count: Int
        let batch_size: Int
        let drop_last: Bool
        let shuffle: Bool
        let generator_seed: Int?
        let sampler: SamplerSpec?
        let epochs: [[[Int]]]
        let after: [Double]
    }

    struct Split: Decodable {
        let name: String
        let seed: Int
        let count: Int
        let lengths: [Int]?
        let fractions: [Double]?
        let generator_seed: Int?
        let subsets: [[Int]]
    }

    struct Multinomial: Decodable {
        let name: String
        let seed: Int
        let weights: [Double]
        let dtype: String
        let num_samples: Int
        let replacement: Bool
        let samples: [Int]
    }

    struct File: Decodable {
        let loaders: [Loader]
        let splits: [Split]
        let multinomial: [Multinomial]
    }

    struct RNGContinuation: Decodable {
        let next_rand: [Double]
        let next_randn: [Double]
    }

    static let file: File = decode("loading.json")
    static let rngContinuation: RNGContinuation = decode("rng_state.json")
    static var rngState: [UInt8] { [UInt8](try! Data(contentsOf: directory.appendingPathComponent("rng_state.bin"))) }

    static func decode<T: Decodable>(_ name: String) -> T {
        let url = directory.appendingPathComponent(name)
        guard let data = try? Data(contentsOf: url), let value = try? JSONDecoder().decode(T.self, from: data) else {
            fatalError("can't read \(url.path): run ~/torchenv/bin/python -P scripts/fixtures/data_loading.py")
        }
        return value
    }
}
