import Foundation
import Testing
import SynapseNN

/// One `nn.init` call recorded by `scripts/fixtures/init.py`.
struct InitCase: Decodable, Sendable, CustomTestStringConvertible {
    enum Argument: Decodable, Sendable {
        case number(Double)
        case text(String)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) { self = .number(number) } else {
                self = .text(try container.decode(String.self))
            }
        }

        var number: Double {
            guard case .number(let value) = self else { fatalError("expected a number, found \(self)") }
            return value
        }
        var text: String {
            guard case .text(let value) = self else { fatalError("expected a string, found \(self)") }
            return value
        }
    }

    let name: String
    let op: String
    let shape: [Int]
    let dtype: String
    let seed: UInt64
    let args: [String: Argument]
    let generator_seed: UInt64?
    let bits: [UInt64]
    let after: [UInt64]

    var testDescription: String { name }

    private struct File: Decodable {
        let cases: [InitCase]
        let gains: [String: Double]
    }

    private static let file = FixtureFile.decode(File.self, "init/init.json", generator: "init.py")

    /// Every recorded case.
    static var all: [InitCase] { file.cases }

    /// `calculate_gain(name, param)` as torch returned it, keyed `"name param"` (`"leaky_relu 0.2"`, `"relu None"`).
    static var gains: [String: Double] { file.gains }

    /// Runs the initialiser in Synapse as the case describes.
    func apply(to w: Tensor) {
        let generator = generator_seed.map { Generator(seed: $0) }
        func number(_ key: String, _ fallback: Double) -> Double { args[key]?.number ?? fallback }
        let mode = args["mode"].map { Init.FanMode(rawValue: $0.text)! } ?? .fanIn
        let nonlinearity = args["nonlinearity"].map { Init.Nonlinearity(rawValue: $0.text)! } ?? .leakyReLU
        switch op {
        case "uniform_": Init.uniform_(w, number("a", 0), number("b", 1), generator: generator)
        case "normal_": Init.normal_(w, mean: number("mean", 0), std: number("std", 1), generator: generator)
        case "constant_": Init.constant_(w, number("val", 0))
        case "ones_": Init.ones_(w)
        case "zeros_": Init.zeros_(w)
        case "eye_": Init.eye_(w)
        case "xavier_uniform_": Init.xavierUniform_(w, gain: number("gain", 1), generator: generator)
        case "xavier_normal_": Init.xavierNormal_(w, gain: number("gain", 1), generator: generator)
        case "kaiming_uniform_":
            Init.kaimingUniform_(w, a: number("a", 0), mode: mode, nonlinearity: nonlinearity, generator: generator)
        case "kaiming_normal_":
            Init.kaimingNormal_(w, a: number("a", 0), mode: mode, nonlinearity: nonlinearity, generator: generator)
        case "sparse_": Init.sparse_(w, sparsity: number("sparsity", 0), std: number("std", 0.01), generator: generator)
        case "dirac_": Init.dirac_(w, groups: Int(number("groups", 1)))
        case "trunc_normal_":
            Init.truncNormal_(w, mean: number("mean", 0), std: number("std", 1), a: number("a", -2), b: number("b", 2),
                              generator: generator)
        case "orthogonal_": Init.orthogonal_(w, gain: number("gain", 1), generator: generator)
        default: fatalError("unknown initialiser \(op)")
        }
    }
}

/// Bit patterns of a tensor's values in row-major order, widened to `UInt64`.
func bitPatterns(_ tensor: Tensor) -> [UInt64] {
    tensor.dtype == .float64 ? tensor.toArray(of: Double.self).map(\.bitPattern)
                             : tensor.toArray(of: Float.self).map { UInt64($0.bitPattern) }
}

extension DefaultGeneratorSuite {
    /// Every initialiser against torch 2.15 from the same seed: bit for bit, and drawing exactly as many numbers
    /// from the default generator (the next `rand(3)` matches too). `orthogonal_` is held to 1e-5 (its QR routine
    /// is Synapse's own).
    @Suite struct InitFixtureTests {
        @Test(arguments: InitCase.all)
        func matchesTorch(_ testCase: InitCase) {
            manualSeed(testCase.seed)
            let w = Parameter(Tensor.empty(testCase.shape, dtype: testCase.dtype == "float64" ? .float64 : .float32))
            testCase.apply(to: w)
            #expect(w.requiresGrad && w.isLeaf && w.gradFn == nil)
            if testCase.op == "orthogonal_" {
                let expected = testCase.bits.map { Double(Float(bitPattern: UInt32($0))) }
                let got = w.toArray(of: Double.self)
                let worst = zip(got, expected).map { abs($0 - $1) }.max() ?? 0
                #expect(worst < 1e-5, "\(testCase.name): off by \(worst)")
            } else {
                #expect(bitPatterns(w) == testCase.bits, "\(testCase.name)")
            }
            #expect(bitPatterns(Tensor.rand([3])) == testCase.after, "\(testCase.name): a different number of draws")
        }

        @Test func orthogonalRowsAreOrthonormal() {
            manualSeed(3)
            let w = Init.orthogonal_(Tensor.empty([3, 7]), gain: 1)
            let product = w.matmul(w.t()).toArray(of: Float.self)
            for i in 0..<3 { for j in 0..<3 { #expect(abs(product[i * 3 + j] - (i == j ? 1 : 0)) < 1e-5) } }
        }

        @Test func gainsAreTorchs() {
            #expect(InitCase.gains.count == 9)
            for (key, expected) in InitCase.gains {
                let parts = key.split(separator: " ").map(String.init)
                let nonlinearity = Init.Nonlinearity(rawValue: parts[0])!
                #expect(Init.calculateGain(nonlinearity, param: parts[1] == "None" ? nil : Double(parts[1])) == expected,
                        "\(key)")
            }
        }
    }
}
