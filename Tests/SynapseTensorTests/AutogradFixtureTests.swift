import Foundation
import Testing
@testable import SynapseTensor

/// Gradients of composite expressions against torch (`scripts/fixtures/autograd.py`): float32 within 1e-6,
/// float64 within 1e-12 (relative), and the output's `grad_fn` name.
@Suite struct AutogradFixtureTests {
    struct Case: Decodable, Sendable {
        let name: String, dtype: String, grad_fn: String
        let leaves: [String: FixtureTensor], output: FixtureTensor, grads: [String: FixtureTensor]
    }

    static let cases: [Case] = {
        struct File: Decodable { let cases: [Case] }
        return try! Fixtures.json(File.self, "autograd/cases.json").cases
    }()

    /// The same expressions as the generator, by name.
    static func evaluate(_ name: String, _ L: [String: Tensor]) -> Tensor {
        switch name {
        case "broadcast_exp_mean": return (L["a"]! * L["b"]! + L["c"]!).exp().mean()
        case "slices": return (L["x"]![1..., .slice(nil, nil, step: 2)] * 2).sum() + L["x"]![0].pow(2).sum()
        case "tied_leaf": return (L["w"]! * L["x1"]! + L["w"]! * L["x2"]!).tanh().sum()
        case "sigmoid_keepdim": return (L["x"]!.sigmoid().sum(dim: 1, keepdim: true) * L["y"]!).mean()
        case "cat_stack_split":
            let joined = Tensor.cat([L["a"]!, L["b"]!], dim: 1).split(2, dim: 1)[1].sum(dim: 0)
            return Tensor.stack([joined, L["c"]!]).prod()
        case "where_clamp_max":
            let a = L["a"]!
            return Tensor.where(a .> 0, a.clamp(max: 0.5), a.maximum(L["b"]!)).sum()
        case "masked_select": return (L["x"]![L["x"]! .> 0] * 3).sum() + L["x"]!.abs().max()
        case "index_repeats": return (L["x"]![Tensor([0, 0, 2])].sum(dim: 0) * L["y"]!).sum()
        case "statistics":
            let x = L["x"]!
            return x.variance(dim: 1).sum() + x.std() + x.norm() + x.logsumexp(dim: 0).sum()
        case "division_chain": return ((L["a"]! / (L["b"]! + 2)).log1p() - L["a"]!.sqrt() * L["b"]!).mean()
        case "mlp":
            let hidden = (L["x"]!.matmul(L["w1"]!.t()) + L["b1"]!).relu()
            return (hidden.matmul(L["w2"]!.t()) + L["b2"]!).sum()
        case "addmm_bias": return Tensor.addmm(L["b"]!, L["x"]!, L["w"]!).tanh().sum()
        case "batched_matmul": return L["a"]!.matmul(L["b"]!).sigmoid().mean() + L["a"]!.bmm(L["b"]!).sum()
        case "matvec_dot_outer": return L["m"]!.matmul(L["v"]!).dot(L["u"]!) + L["u"]!.outer(L["v"]!).sum()
        case "seed001_tied_sequential":
            // nn.Sequential(Linear(4, 8), ReLU(), shared, ReLU(), shared, ReLU(), Linear(8, 1)) with Linear = addmm.
            func linear(_ x: Tensor, _ prefix: String) -> Tensor {
                Tensor.addmm(L["\(prefix)_bias"]!, x, L["\(prefix)_weight"]!.t())
            }
            var h = linear(L["X"]!, "0").relu()
            h = linear(h, "2").relu()
            h = linear(h, "2").relu()   // the shared layer again: same parameters
            return linear(h, "6").sum()
        default: fatalError("no expression named \(name)")
        }
    }

    @Test(arguments: cases.indices)
    func gradientsMatchTorch(_ index: Int) throws {
        let c = Self.cases[index]
        let leaves = c.leaves.mapValues { $0.tensor.requiresGrad_() }
        let output = Self.evaluate(c.name, leaves)
        output.backward()
        let label = "\(c.name) (\(c.dtype))"
        #expect(output.gradFn?.name == c.grad_fn, "\(label): grad_fn \(output.gradFn?.name ?? "nil")")
        #expect(mismatch(output, c.output, exact: false) == nil, "\(label) output: \(mismatch(output, c.output, exact: false) ?? "")")
        for (name, expected) in c.grads {
            guard let grad = leaves[name]?.grad else {
                Issue.record("\(label): \(name) has no gradient")
                continue
            }
            let tolerance = c.dtype == "float64" ? 1e-12 : 1e-6
            let problem = closeness(grad, expected, tolerance: tolerance)
            #expect(problem == nil, "\(label) grad \(name): \(problem ?? "")")
        }
    }

    /// Relative closeness with a floor, per the issue's tolerances.
    private func closeness(_ actual: Tensor, _ expected: FixtureTensor, tolerance: Double) -> String? {
        if actual.shape != expected.shape { return "shape \(actual.shape) != \(expected.shape)" }
        for (index, (a, e)) in zip(actual.toArray(of: Double.self), expected.values.map(\.double)).enumerated() {
            if Swift.abs(a - e) > tolerance * Swift.max(1, Swift.abs(e)) { return "element \(index): \(a) != \(e)" }
        }
        return nil
    }
}
