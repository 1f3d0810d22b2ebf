import Testing
@testable import SynapseTensor

/// Every differentiable operation, checked against finite differences in float64 on shapes that broadcast and on
/// non-contiguous inputs.
@Suite struct GradCheckTests {
    typealias Case = (name: String, shapes: [[Int]], range: ClosedRange<Double>, f: @Sendable ([Tensor]) -> Tensor)

    static let cases: [Case] = [
        ("add broadcast", [[2, 3], [3]], -1...1, { $0[0] + $0[1] }),
        ("sub broadcast", [[2, 1, 3], [4, 1]], -1...1, { $0[0] - $0[1] }),
        ("mul broadcast", [[2, 3], [2, 1]], -1...1, { $0[0] * $0[1] }),
        ("div", [[2, 3], [2, 3]], 0.5...2, { $0[0] / $0[1] }),
        ("pow tensor", [[4], [4]], 0.5...2, { $0[0].pow($0[1]) }),
        ("maximum", [[5], [5]], -1...1, { $0[0].maximum($0[1]) }),
        ("minimum", [[5], [5]], -1...1, { $0[0].minimum($0[1]) }),
        ("atan2", [[4], [4]], 0.2...1, { $0[0].atan2($0[1]) }),
        ("remainder", [[4], [4]], 0.3...2, { $0[0].remainder($0[1] + 0.05) }),
        ("scalar ops", [[3]], 0.5...2, { 2.0 - $0[0] * 3.0 + 1.5 / $0[0] - $0[0] / 4.0 }),
        ("neg abs", [[4]], 0.1...1, { -$0[0].abs() }),
        ("exp log", [[4]], 0.5...2, { $0[0].exp() + $0[0].log() + $0[0].log2() + $0[0].log10() + $0[0].log1p() }),
        ("expm1 exp2", [[3]], -1...1, { $0[0].expm1() * $0[0].exp2() }),
        ("sqrt rsqrt reciprocal", [[4]], 0.5...2, { $0[0].sqrt() + $0[0].rsqrt() + $0[0].reciprocal() }),
        ("trig", [[4]], -0.9...0.9, { $0[0].sin() + $0[0].cos() + $0[0].tan() + $0[0].asin() + $0[0].acos() + $0[0].atan() }),
        ("hyperbolic", [[4]], -1...1, { $0[0].sinh() + $0[0].cosh() + $0[0].tanh() + $0[0].sigmoid() }),
        ("erf erfc", [[4]], -1...1, { $0[0].erf() * 2.0 + $0[0].erfc() }),
        ("gelu exact and tanh", [[2, 3]], -3...3, { $0[0].gelu() + $0[0].gelu(tanhApproximation: true) * 2.0 }),
        ("unfold2d padded strided dilated", [[2, 2, 5, 4]], -1...1, {
            $0[0].unfold2d(WindowGeometry(kernel: (2, 3), dilation: (2, 1), padTop: 1, padBottom: 1, padLeft: 1,
                                          padRight: 0, stride: (2, 1), outputHeight: 3, outputWidth: 2))
        }),
        ("relu square", [[6]], -1...1, { $0[0].relu() + $0[0].square() }),
        ("pow scalars", [[3]], 0.5...2, { $0[0].pow(2) + $0[0].pow(3) + $0[0].pow(0.5) + $0[0].pow(-1.5) }),
        ("clamp", [[6]], -1...1, { $0[0].clamp(min: -0.5, max: 0.5) + $0[0].clamp(min: 0.1) }),
        ("where", [[2, 3], [3]], -1...1, { Tensor.where($0[0] .> 0.0, $0[0], $0[1]) }),
        ("masked fill", [[2, 3]], -1...1, { $0[0].maskedFill($0[0] .< 0.0, 2.0) }),
        ("sum all", [[2, 3]], -1...1, { $0[0].sum() }),
        ("sum dims keepdim", [[2, 3, 4]], -1...1, { $0[0].sum(dims: [0, 2], keepdim: true) }),
        ("sum dim0", [[3, 4]], -1...1, { $0[0].sum(dim: 0) }),
        ("mean", [[2, 3, 4]], -1...1, { $0[0].mean(dim: 1) + $0[0].mean() }),
        ("prod", [[2, 3]], 0.5...1.5, { $0[0].prod(dim: 1) }),
        ("prod with zero", [[4]], -1...1, { ($0[0] * Tensor([1.0, 0.0, 1.0, 1.0], dtype: .float64)).prod() }),
        ("amax", [[3, 4]], -1...1, { $0[0].amax(dims: [1]) }),
        ("max min all", [[5]], -1...1, { $0[0].max() - $0[0].min() }),
        ("max dim", [[3, 4]], -1...1, { $0[0].max(dim: 1).values + $0[0].min(dim: 1, keepdim: false).values }),
        ("variance std", [[3, 4]], -1...1, { $0[0].variance(dim: 1) + $0[0].std(dim: 0).sum() }),
        ("norms", [[3, 4]], 0.1...1, { $0[0].norm() + $0[0].norm(p: 1, dims: [1]).sum() + $0[0].norm(p: 3, dims: [0]).sum() }),
        ("inf norm", [[5]], -1...1, { $0[0].norm(p: .infinity) }),
        ("logsumexp", [[3, 4]], -1...1, { $0[0].logsumexp(dim: 1) }),
        ("view reshape", [[2, 6]], -1...1, { $0[0].view(3, 4).reshape(4, 3) * Tensor.arange(0, 3, dtype: .float64) }),
        ("permute transpose t", [[2, 3, 4]], -1...1, { $0[0].permute(2, 0, 1).transpose(0, 2)[0].t() * 2.0 }),
        ("non-contiguous reshape", [[3, 4]], -1...1, { $0[0].t().reshape(12).exp() }),
        ("squeeze unsqueeze", [[1, 3, 1]], -1...1, { $0[0].squeeze().unsqueeze(0).unsqueeze(-1).squeeze(0) }),
        ("expand", [[3, 1]], -1...1, { $0[0].expand(2, 3, 4).tanh() }),
        ("flatten narrow select", [[2, 3, 4]], -1...1, { $0[0].flatten(startDim: 1).narrow(1, start: 2, length: 5).select(0, 1) }),
        ("basic indexing", [[4, 5]], -1...1, { $0[0][1..<3, .slice(nil, nil, step: 2)] * $0[0][0] .sum() }),
        ("advanced indexing repeats", [[4, 3]], -1...1, { $0[0][Tensor([0, 2, 0, 3])] }),
        ("mask indexing", [[3, 3]], -1...1, { $0[0][$0[0] .> 0.0] * 2.0 }),
        ("cat stack", [[2, 3], [2, 2]], -1...1, { Tensor.cat([$0[0], $0[1]], dim: 1) + Tensor.stack([$0[0][.all, 0], $0[1][.all, 1]], dim: 1).sum() }),
        ("split chunk unbind", [[6, 2]], -1...1, { x in
            let parts = x[0].split(4), chunks = x[0].chunk(3, dim: 0), rows = x[0].unbind(0)
            return parts[1].sum() + chunks[0].exp().sum() + rows[5].sum() * 3.0
        }),
        ("gather scatter", [[3, 4], [3, 2]], -1...1, { x in
            let index = Tensor([[0, 2], [1, 3], [3, 0]])   // unique per row: duplicates make scatter ill-defined
            return x[0].gather(1, index) + x[0].scatter(1, index, x[1]).sum(dim: 1, keepdim: true)
        }),
        ("clone contiguous", [[2, 3]], -1...1, { $0[0].t().contiguous().clone() * 3.0 }),
    ]

    @Test(arguments: cases.indices)
    func matchesFiniteDifferences(_ index: Int) {
        let c = Self.cases[index]
        var values = TestValues(seed: UInt64(index + 1))
        let inputs = c.shapes.map { values.leaf($0, in: c.range) }
        let problem = gradcheck(inputs, c.f)
        #expect(problem == nil, "\(c.name): \(problem ?? "")")
    }

    @Test func dtypeConversionPassesGradientsBack() {
        var values = TestValues(seed: 5)
        let x = values.leaf([3])
        // Float32 rounding makes tiny finite-difference steps meaningless: use a large step on a linear function.
        let problem = gradcheck([x], eps: 1e-2, atol: 1e-5) { $0[0].to(.float32).to(.float64) * 2.0 }
        #expect(problem == nil, "\(problem ?? "")")
        #expect(x.grad?.dtype == .float64)
    }

    @Test func inPlaceOperationsOnNonLeaves() {
        var values = TestValues(seed: 7)
        let x = values.leaf([2, 3], in: 0.5...1.5), y = values.leaf([3], in: 0.5...1.5)
        let problem = gradcheck([x, y]) { inputs in
            let z = inputs[0] * 1.0
            z.add_(inputs[1])
            z.mul_(inputs[1])
            z.div_(inputs[1] + 1.0)
            z.exp_()
            z.clamp_(min: 0.0, max: 20.0)
            z.sub_(inputs[0], alpha: 0.5)
            return z
        }
        #expect(problem == nil, "\(problem ?? "")")
    }

    @Test func writesThroughViewsUseCopySlices() {
        var values = TestValues(seed: 8)
        let x = values.leaf([3, 4]), v = values.leaf([4])
        let problem = gradcheck([x, v]) { inputs in
            let z = inputs[0] * 2.0
            z[1] = inputs[1] * 3.0          // basic-index write
            z[0].mul_(inputs[1])            // in-place through a view
            z[z .> 1.5] = Tensor(scalar: 0.0, dtype: .float64)  // masked write
            z[Tensor([2, 2]), Tensor([0, 1])] = inputs[1][0..<2]   // advanced write
            return z.exp()
        }
        #expect(problem == nil, "\(problem ?? "")")
    }
}
