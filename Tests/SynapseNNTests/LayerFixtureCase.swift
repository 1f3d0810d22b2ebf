import Testing
import SynapseNN
import SynapseTensor

/// A JSON value of a fixture's constructor arguments (`"args"`), as torch's keywords were written.
enum FixtureArgument: Decodable, Sendable {
    case number(Double)
    case bool(Bool)
    case text(String)
    case list([FixtureArgument])
    case null

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .text(value) }
        else { self = .list(try container.decode([FixtureArgument].self)) }
    }

    /// A number (`"inf"` and `"-inf"` stand for the infinities JSON lacks).
    var double: Double? {
        switch self {
        case .number(let value): value
        case .text("inf"): .infinity
        case .text("-inf"): -.infinity
        default: nil
        }
    }
    var int: Int? { double.map { Int($0) } }
    var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    var text: String? { if case .text(let value) = self { value } else { nil } }
    /// A number or a list of numbers, as integers.
    var ints: [Int]? {
        switch self {
        case .number(let value): [Int(value)]
        case .list(let values): values.compactMap(\.int)
        default: nil
        }
    }
}

/// One case of `scripts/fixtures/layers_extra.py`: a module built from torch's keywords, its printout, parameters
/// from a seed, inputs, outputs, an upstream gradient per output and the gradients it gives.
struct LayerFixtureCase: Decodable, Sendable, CustomTestStringConvertible {
    struct Values: Decodable, Sendable {
        let shape: [Int]
        let values: [Double]
        let dtype: String?
        let grad: Bool?

        /// The values as a tensor of their dtype.
        var tensor: Tensor {
            switch dtype {
            case "int64": Tensor(flat: values.map { Int64($0) }, shape: shape)
            case "float32": Tensor(flat: values.map { Float($0) }, shape: shape)
            case "bool": Tensor(flat: values.map { $0 != 0 }, shape: shape)
            default: Tensor(flat: values, shape: shape)
            }
        }
    }

    struct Named: Decodable, Sendable {
        let name: String
        let shape: [Int]?
        let values: [Double]
    }

    let name, module, repr: String
    let seed: Int
    let args: [String: FixtureArgument]
    let inputs: [Values]
    let outputs: [Values]
    let upstream: [Values?]
    let grads: [[Double]?]
    let params: [Named]
    let param_grads: [Named]
    let buffers: [Named]?
    var testDescription: String { name }

    /// The case's float64 or float32 dtype (float32 when an input or output is).
    var dtype: DType { (inputs + outputs).contains { $0.dtype == "float32" } ? .float32 : .float64 }

    /// The inputs as tensors, those torch differentiated requiring gradients.
    func makeInputs() -> [Tensor] {
        inputs.map { $0.grad == true ? $0.tensor.requiresGrad_() : $0.tensor }
    }

    /// Whether `actual` is within the tolerance of the case's dtype of `expected` (1e-10 float64, 1e-5 float32,
    /// relative beyond 1).
    func close(_ actual: [Double], _ expected: [Double]) -> Bool {
        let tolerance = dtype == .float32 ? 1e-5 : 1e-10
        return actual.count == expected.count && zip(actual, expected).allSatisfy { a, e in
            (a.isNaN && e.isNaN) || a == e || abs(a - e) <= tolerance * max(1, abs(e))
        }
    }

    /// Checks `outputs` and the printout, back-propagates the upstream gradients and checks the inputs' and the
    /// parameters' gradients.
    func verify(repr actualRepr: String, outputs actual: [Tensor], inputs: [Tensor],
                parameters: [(String, Tensor)] = []) {
        #expect(actualRepr == repr, "repr")
        #expect(actual.count == outputs.count, "output count")
        var total: Tensor?
        for (index, (output, expected)) in zip(actual, outputs).enumerated() {
            #expect(output.shape == expected.shape, "shape of output \(index)")
            #expect(close(output.to(.float64).contiguous().toArray(of: Double.self), expected.values),
                    "values of output \(index)")
            if let upstream = upstream[index], output.requiresGrad {
                let term = (output * upstream.tensor.to(output.dtype)).sum()
                total = total.map { $0 + term } ?? term
            }
        }
        total?.backward()
        for (index, (input, expected)) in zip(inputs, grads).enumerated() {
            guard let expected else { continue }
            #expect(close(input.grad?.to(.float64).toArray(of: Double.self) ?? [], expected), "grad of input \(index)")
        }
        for expected in param_grads {
            let parameter = parameters.first { $0.0 == expected.name }?.1
            #expect(close(parameter?.grad?.to(.float64).toArray(of: Double.self) ?? [], expected.values),
                    "grad of \(expected.name)")
        }
    }

    /// Checks that `buffers` (a module's `namedBuffers()`) are torch's after the forward pass.
    func verifyBuffers(_ actual: [(String, Tensor)]) {
        let expected = buffers ?? []
        #expect(actual.map(\.0) == expected.map(\.name), "buffer names")
        for (expected, (_, buffer)) in zip(expected, actual) {
            #expect(close(buffer.to(.float64).contiguous().toArray(of: Double.self), expected.values), "\(expected.name)")
        }
    }

    /// Checks that `parameters` (a module's `namedParameters()`) are torch's, names and values, bit for bit.
    func verifyParameters(_ parameters: [(String, Tensor)]) {
        #expect(parameters.map(\.0) == params.map(\.name), "parameter names")
        for (expected, (_, actual)) in zip(params, parameters) {
            #expect(actual.shape == expected.shape, "shape of \(expected.name)")
            #expect(actual.to(.float64).contiguous().toArray(of: Double.self) == expected.values,
                    "\(expected.name) bit for bit")
        }
    }
}

extension LayerFixtureCase {
    /// The cases of `Tests/Fixtures/layers/<file>`.
    static func load(_ file: String) -> [LayerFixtureCase] {
        struct File: Decodable { let cases: [LayerFixtureCase] }
        return FixtureFile.decode(File.self, "layers/\(file)", generator: "layers_extra.py").cases
    }
}
