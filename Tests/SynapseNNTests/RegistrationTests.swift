import Testing
import SynapseNN

/// One run-time registration and torch's verdict (`scripts/fixtures/load_errors.py`).
struct RegistrationCase: Decodable, Sendable, CustomTestStringConvertible {
    let kind: String
    let name: String
    let error: String?

    var testDescription: String { "\(kind) '\(name)'" }

    static let all: [RegistrationCase] = {
        struct File: Decodable { let cases: [RegistrationCase] }
        return FixtureFile.decode(File.self, "modules/registration.json", generator: "load_errors.py").cases
    }()
}

extension DefaultGeneratorSuite {
    /// `registerParameter`, `registerBuffer` and `addModule` on a `Linear` that already has a buffer `buf` and a
    /// child `child`: PyTorch's errors for empty names, dotted names and names of another kind of member, and
    /// replacement for a name of the same kind.
    @Suite struct RegistrationTests {
        @Test(arguments: RegistrationCase.all)
        func matchesTorch(_ testCase: RegistrationCase) throws {
            let layer = Linear(2, 2)
            try layer.registerBuffer("buf", Tensor.zeros([1]))
            try layer.addModule("child", ReLU())
            let parameter = Parameter(Tensor.zeros([1]))
            let buffer = Tensor.zeros([1])
            let module = ReLU()
            do {
                switch testCase.kind {
                case "parameter": try layer.registerParameter(testCase.name, parameter)
                case "buffer": try layer.registerBuffer(testCase.name, buffer)
                default: try layer.addModule(testCase.name, module)
                }
                #expect(testCase.error == nil, "torch refused this registration")
            } catch {
                #expect(error.description == testCase.error)
                return
            }
            switch testCase.kind {
            case "parameter": #expect(try layer.getParameter(testCase.name) === parameter)
            case "buffer": #expect(try layer.getBuffer(testCase.name) === buffer)
            default: #expect(try layer.getSubmodule(testCase.name) === module)
            }
        }
    }
}
