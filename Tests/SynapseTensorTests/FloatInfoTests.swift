import Foundation
import Testing
@testable import SynapseTensor

/// `DType.finfo` against `torch.finfo` (`scripts/fixtures/finfo.py`), value for value.
@Suite struct FloatInfoTests {
    struct Limits: Decodable {
        let bits: Int
        let eps, max, min, tiny, resolution: Double
        let smallestNormal: Double

        enum CodingKeys: String, CodingKey {
            case bits, eps, max, min, tiny, resolution
            case smallestNormal = "smallest_normal"
        }
    }

    struct File: Decodable {
        let dtypes: [String: Limits]
        let integerError: String

        enum CodingKeys: String, CodingKey {
            case dtypes
            case integerError = "integer_error"
        }
    }

    static let file: File = try! Fixtures.json(File.self, "ops/finfo.json")

    @Test(arguments: [DType.float32, .float64, .float16, .bfloat16])
    func matchesTorch(_ dtype: DType) throws {
        let expected = try #require(Self.file.dtypes[dtype.rawValue])
        let info = dtype.finfo
        #expect(info.dtype == dtype)
        #expect(info.bits == expected.bits)
        #expect(info.eps == expected.eps)
        #expect(info.max == expected.max)
        #expect(info.min == expected.min)
        #expect(info.tiny == expected.tiny)
        #expect(info.smallestNormal == expected.smallestNormal)
        #expect(info.resolution == expected.resolution)
    }

    @Test func limitsAreRepresentableInTheirDType() {
        for dtype in [DType.float32, .float64, .float16, .bfloat16] {
            let info = dtype.finfo
            let values = Tensor(flat: [info.max, info.min, info.tiny, 1 + info.eps], shape: [4]).to(dtype)
            #expect(values.toArray(of: Double.self) == [info.max, info.min, info.tiny, 1 + info.eps], "\(dtype)")
        }
    }

    @Test func integerDTypesStopWithPyTorchsMessage() async {
        let message = Self.file.integerError
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = DType.int64.finfo
        }
        #expect(standardError(of: result).contains(message))
    }
}
