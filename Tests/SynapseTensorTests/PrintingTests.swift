import Testing
@testable import SynapseTensor

/// Tensor printing matches torch's `repr` on every golden case.
@Suite("Printing: tensor repr")
struct PrintingTests {
    @Test("the fixture has enough cases")
    func fixtureSize() {
        #expect(PrintingCase.all.count >= 80)
    }

    @Test("description equals torch's repr", arguments: PrintingCase.all)
    func matchesTorch(_ testCase: PrintingCase) {
        let tensor = testCase.tensor
        #expect(tensor.description == testCase.expected, "case \(testCase.name)")
        #expect(tensor.debugDescription == testCase.expected, "case \(testCase.name)")
    }

    @Test("string interpolation and print use the repr")
    func interpolation() {
        let tensor = Tensor([[1.0, 2.0], [3.0, 42.0]])
        #expect("\(tensor)" == "tensor([[ 1.,  2.],\n        [ 3., 42.]])")
    }

    @Test("a non-contiguous view prints its logical order")
    func transposedView() {
        // torch.tensor([[1.5, 2.0, 3.0], [4.0, 5.0, 6.0]]).t()
        let tensor = Tensor([[1.5, 2.0, 3.0], [4.0, 5.0, 6.0]]).t()
        #expect(tensor.description == """
            tensor([[1.5000, 4.0000],
                    [2.0000, 5.0000],
                    [3.0000, 6.0000]])
            """)
    }

    @Test("a summarised non-contiguous view")
    func summarisedView() {
        // torch.arange(2000).reshape(40, 50).t()
        let values = (0..<2000).map { Int64($0) }
        let tensor = Tensor(flat: values, shape: [40, 50]).t()
        #expect(tensor.description == """
            tensor([[   0,   50,  100,  ..., 1850, 1900, 1950],
                    [   1,   51,  101,  ..., 1851, 1901, 1951],
                    [   2,   52,  102,  ..., 1852, 1902, 1952],
                    ...,
                    [  47,   97,  147,  ..., 1897, 1947, 1997],
                    [  48,   98,  148,  ..., 1898, 1948, 1998],
                    [  49,   99,  149,  ..., 1899, 1949, 1999]])
            """)
    }

    @Test("extra suffixes follow torch's order and wrapping")
    func extraSuffixes() {
        // (torch.tensor([[0.5, -1.25]], dtype=torch.float64, requires_grad=True) * 2): grad_fn after dtype
        let tensor = Tensor([[1.0, -2.5]], dtype: .float64)
        #expect(tensor.description(suffixes: ["grad_fn=<MulBackward0>"])
            == "tensor([[ 1.0000, -2.5000]], dtype=torch.float64, grad_fn=<MulBackward0>)")
        // torch.arange(9, dtype=torch.float64) * 1.25 - 11.125 with requires_grad=True leaf, then * 1
        let long = Tensor(flat: (0..<9).map { Double($0) * 1.25 - 11.125 }, shape: [9]).to(.float64)
        #expect(long.description(suffixes: ["grad_fn=<MulBackward0>"]) == """
            tensor([-11.1250,  -9.8750,  -8.6250,  -7.3750,  -6.1250,  -4.8750,  -3.6250,
                     -2.3750,  -1.1250], dtype=torch.float64, grad_fn=<MulBackward0>)
            """)
    }

    @Test("autograd suffix rule: grad_fn wins over requires_grad")
    func autogradSuffixes() {
        #expect(Tensor.autogradDescriptionSuffixes(gradFnName: "AddmmBackward0", requiresGrad: true)
            == ["grad_fn=<AddmmBackward0>"])
        #expect(Tensor.autogradDescriptionSuffixes(gradFnName: nil, requiresGrad: true) == ["requires_grad=True"])
        #expect(Tensor.autogradDescriptionSuffixes(gradFnName: nil, requiresGrad: false).isEmpty)
    }

    @Test("a decorating subclass wraps the repr, as nn.Parameter does")
    func decoratingSubclass() {
        let parameter = DecoratedTensor(sharing: Tensor([0.0, 0.0]))
        parameter.requiresGrad = true
        #expect(parameter.description == "Parameter containing:\ntensor([0., 0.], requires_grad=True)")
        #expect("\(parameter)" == parameter.description)
    }
}

/// A stand-in for `Parameter`: prints `Parameter containing:` above the tensor repr.
private final class DecoratedTensor: Tensor, TensorDescriptionDecorating, @unchecked Sendable {
    func decorateDescription(_ tensorDescription: String) -> String {
        "Parameter containing:\n" + tensorDescription
    }
}
