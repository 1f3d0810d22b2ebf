import Testing
@testable import SynapseNN
import SynapseTensor

/// Module discovery reads the Swift runtime's private field-metadata entry points (the ones `Mirror` is built
/// on). This guard compares their answer with `Mirror`'s for every module class of the package and a zoo of
/// user-style classes, so a toolchain that changes those entry points fails here, loudly, instead of silently
/// losing parameters. (Were it to fail: `MemberLayout` would have to discover members through `Mirror`, which
/// gives the same names and values, at the price of boxing each value on every traversal.)
@Suite struct ReflectionGuardTests {
    /// Stored property names as `Mirror` lists them, superclasses first.
    static func mirrorNames(_ subject: Any) -> [String] {
        var mirrors: [Mirror] = []
        var mirror: Mirror? = Mirror(reflecting: subject)
        while let current = mirror {
            mirrors.insert(current, at: 0)
            mirror = current.superclassMirror
        }
        return mirrors.flatMap { $0.children.map { $0.label ?? "" } }
    }

    static func expectAgreement(_ module: Module, sourceLocation: SourceLocation = #_sourceLocation) {
        let runtime = StoredField.all(of: type(of: module)).map(\.name)
        #expect(runtime == mirrorNames(module), "\(type(of: module))", sourceLocation: sourceLocation)
        #expect(!runtime.isEmpty, "\(type(of: module)) has stored properties", sourceLocation: sourceLocation)
    }

    static let generator = Generator(seed: 0)

    /// One instance of every module class in the package.
    static var packageModules: [Module] {
        let g = generator
        return [
            Linear(2, 3, generator: g), NonDynamicallyQuantizableLinear(2, 2, generator: g), LazyLinear(3),
            Bilinear(2, 3, 4, generator: g), Conv1d(2, 2, kernelSize: 3, generator: g),
            Conv2d(2, 2, kernelSize: 3, generator: g), ConvTranspose2d(2, 2, kernelSize: 3, generator: g),
            LazyConv2d(2, kernelSize: 3), BatchNorm1d(3), BatchNorm2d(3), LayerNorm(4), GroupNorm(2, 4),
            Embedding(5, 2, generator: g), Dropout(0.1), ReLU(), GELU(), SiLU(), Sigmoid(), Tanh(),
            LeakyReLU(), Softmax(dim: 1), LogSoftmax(dim: 1), Identity(), Flatten(), Unflatten(dim: 1, unflattenedSize: [2, 2]),
            MaxPool2d(2), AvgPool2d(2), AdaptiveAvgPool2d(1), MSELoss(), L1Loss(), NLLLoss(), CrossEntropyLoss(),
            BCELoss(), BCEWithLogitsLoss(), MultiheadAttention(4, 2, generator: g),
            TransformerEncoderLayer(dModel: 4, nhead: 2, dimFeedforward: 8, generator: g),
            TransformerDecoderLayer(dModel: 4, nhead: 2, dimFeedforward: 8, generator: g),
            TransformerEncoder(TransformerEncoderLayer(dModel: 4, nhead: 2, dimFeedforward: 8, generator: g), numLayers: 1),
            TransformerDecoder(TransformerDecoderLayer(dModel: 4, nhead: 2, dimFeedforward: 8, generator: g), numLayers: 1),
            Transformer(dModel: 4, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 8, generator: g),
            Sequential(ReLU()), ModuleList([ReLU()]), ModuleDict(["a": ReLU()]), ParameterList([Tensor.zeros([1])]),
            ParameterDict(),
        ]
    }

    @Test func theRuntimeAgreesWithMirrorOnEveryPackageModule() {
        for module in Self.packageModules { Self.expectAgreement(module) }
    }

    // A zoo of the shapes user classes take.
    final class Generic<Layer: Module>: Module {
        let layer: Layer
        var extra: Parameter? = nil
        init(_ layer: Layer) { self.layer = layer }
    }

    final class Outer: Module {
        final class Inner: Module { let weight = Parameter(Tensor.zeros([2])) }
        let inner = Inner()
        let plain = Tensor.zeros([1])
    }

    final class Collections: Module {
        var blocks: [Linear] = [Linear(1, 1, generator: ReflectionGuardTests.generator)]
        var heads: [String: Linear] = ["a": Linear(1, 1, generator: ReflectionGuardTests.generator)]
        var optional: Linear? = nil
        lazy var later = Linear(1, 1, generator: ReflectionGuardTests.generator)
        weak var parent: Module?
        /// Kept alive by `kept`: an `unowned(unsafe)` reference to a released object is dangling (Mirror retains it).
        unowned(unsafe) var owner: Module
        let kept = ReLU()
        let settings = (width: 3, name: "x")

        override init() {
            owner = kept
            super.init()
        }
    }

    class Base: Module { let first = Parameter(Tensor.zeros([1])) }
    final class Derived: Base { let second = Parameter(Tensor.zeros([1])) }

    @Test func theRuntimeAgreesWithMirrorOnUserStyleClasses() {
        let zoo: [Module] = [Generic(Linear(1, 1, generator: Self.generator)), Outer(), Outer.Inner(), Collections(), Derived()]
        for module in zoo { Self.expectAgreement(module) }
        // And discovery gives what a PyTorch user expects of them.
        #expect(Array(Derived().stateDict().keys) == ["first", "second"])
        #expect(Array(Collections().stateDict().keys)
                == ["blocks.0.weight", "blocks.0.bias", "heads.a.weight", "heads.a.bias"])
        #expect(Array(Outer().stateDict().keys) == ["inner.weight"])
    }
}
