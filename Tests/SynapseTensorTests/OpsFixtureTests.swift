import Foundation
import Testing
@testable import SynapseTensor

/// Every tensor operation against values computed by torch 2.15 (`scripts/fixtures/ops.py`).
@Suite struct OpsFixtureTests {
    static let cases: [OpCase] = {
        struct File: Decodable { let cases: [OpCase] }
        return try! Fixtures.json(File.self, "ops/cases.json").cases
    }()

    /// Ops whose elements are sums of products, compared at the scale of their largest element.
    static let matrixProducts: Set<String> = ["addmm", "bmm", "matmul", "outer"]

    @Test(arguments: cases.map(\.name))
    func matchesTorch(_ name: String) throws {
        let testCase = try #require(Self.cases.first { $0.name == name })
        let results = OpRunner.run(testCase)
        let expected = testCase.expected.tensors
        #expect(results.count == expected.count, "\(name): \(results.count) results, expected \(expected.count)")
        for (result, want) in zip(results, expected) {
            let scale = Self.matrixProducts.contains(testCase.op)
                ? want.values.map { Swift.abs($0.double) }.max() : nil
            let problem = mismatch(result, want, exact: testCase.exact, scale: scale)
            #expect(problem == nil, "\(name): \(problem ?? "")")
        }
    }
}

/// Maps a fixture's op name and arguments to the Synapse API.
enum OpRunner {
    static func run(_ c: OpCase) -> [Tensor] {
        var inputs = c.inputs.map(\.tensor)
        if let order = c.args["transpose"]?.ints, !inputs.isEmpty {
            // The fixture stored the values of a transposed view; rebuild that view so the op sees strides.
            inputs[0] = inputs[0].transpose(order[0], order[1]).contiguous().transpose(order[0], order[1])
        }
        let a = c.args
        let dtype = a["dtype"].map { DType(rawValue: $0.string)! } ?? .float32
        let x = inputs.first ?? Tensor.zeros([])
        let y = inputs.count > 1 ? inputs[1] : x
        let dims = a["dims"]?.optionalInts
        let keepdim = a["keepdim"]?.bool ?? false
        switch c.op {
        case "zeros": return [Tensor.zeros(a["shape"]!.ints, dtype: dtype)]
        case "ones": return [Tensor.ones(a["shape"]!.ints, dtype: dtype)]
        case "full": return [Tensor.full(a["shape"]!.ints, a["value"]!.double, dtype: dtype)]
        case "arange": return [Tensor.arange(a["start"]!.int, a["end"]!.int, step: a["step"]!.int)]
        case "arange_float":
            return [Tensor.arange(a["start"]!.double, a["end"]!.double, step: a["step"]!.double, dtype: dtype)]
        case "linspace": return [Tensor.linspace(a["start"]!.double, a["end"]!.double, steps: a["steps"]!.int, dtype: dtype)]
        case "eye": return [Tensor.eye(a["n"]!.int, a["m"]?.int)]
        case "view": return [x.view(a["shape"]!.ints)]
        case "reshape": return [x.reshape(a["shape"]!.ints)]
        case "permute": return [x.permute(a["dims"]!.ints)]
        case "transpose": return [x.transpose(a["dims"]!.ints[0], a["dims"]!.ints[1])]
        case "t": return [x.t()]
        case "squeeze": return [a["dim"].map { x.squeeze($0.int) } ?? x.squeeze()]
        case "unsqueeze": return [x.unsqueeze(a["dim"]!.int)]
        case "expand": return [x.expand(a["shape"]!.ints)]
        case "flatten": return [x.flatten(startDim: a["start"]?.int ?? 0, endDim: a["end"]?.int ?? -1)]
        case "narrow": return [x.narrow(a["dim"]!.int, start: a["start"]!.int, length: a["length"]!.int)]
        case "chunk": return x.chunk(a["chunks"]!.int, dim: a["dim"]!.int)
        case "split": return x.split(a["size"]!.int, dim: a["dim"]!.int)
        case "split_sizes": return x.split(sizes: a["sizes"]!.ints, dim: a["dim"]!.int)
        case "cat": return [Tensor.cat(inputs, dim: a["dim"]!.int)]
        case "stack": return [Tensor.stack(inputs, dim: a["dim"]!.int)]
        case "index": return [x.index(indices(a["indices"]!))]
        case "index_put":
            let target = x.clone()
            target.indexPut(indices(a["indices"]!), y)
            return [target]
        case "add": return [x + y]
        case "sub": return [x - y]
        case "mul": return [x * y]
        case "div": return [x / y]
        case "pow": return [x.pow(y)]
        case "maximum": return [x.maximum(y)]
        case "minimum": return [x.minimum(y)]
        case "remainder": return [x.remainder(y)]
        case "fmod": return [x.fmod(y)]
        case "floor_divide": return [x.floorDivide(y)]
        case "atan2": return [x.atan2(y)]
        case "add_scalar", "rsub_scalar", "mul_scalar", "rdiv_scalar":
            return [scalarOp(c.op, x, a["value"]!.double, integer: a["integer"]?.bool ?? false)]
        case "pow_scalar": return [x.pow(a["value"]!.double)]
        case "clamp": return [x.clamp(min: a["min"]?.optionalDouble, max: a["max"]?.optionalDouble)]
        case "eq": return [x .== y]
        case "ne": return [x .!= y]
        case "lt": return [x .< y]
        case "le": return [x .<= y]
        case "gt": return [x .> y]
        case "ge": return [x .>= y]
        case "logical_and": return [x.logicalAnd(y)]
        case "logical_or": return [x.logicalOr(y)]
        case "logical_xor": return [x.logicalXor(y)]
        case "logical_not": return [x.logicalNot()]
        case "where": return [Tensor.where(x, y, inputs[2])]
        case "masked_fill": return [x.maskedFill(y, a["value"]!.double)]
        case "isclose": return [x.isclose(y)]
        case "sum": return [x.sum(dims: dims, keepdim: keepdim)]
        case "mean": return [x.mean(dims: dims, keepdim: keepdim)]
        case "prod": return [x.prod(dims: dims, keepdim: keepdim)]
        case "amax": return [x.amax(dims: dims, keepdim: keepdim)]
        case "amin": return [x.amin(dims: dims, keepdim: keepdim)]
        case "var": return [x.variance(dims: dims, unbiased: a["unbiased"]?.bool ?? true, keepdim: keepdim)]
        case "std": return [x.std(dims: dims, keepdim: keepdim)]
        case "norm":
            let p: Double = a["p"].map { $0.string == "inf" ? .infinity : $0.double } ?? 2
            return [x.norm(p: p, dims: dims, keepdim: keepdim)]
        case "logsumexp": return [x.logsumexp(dims: dims!, keepdim: keepdim)]
        case "max_dim": let r = x.max(dim: a["dim"]!.int, keepdim: keepdim); return [r.values, r.indices]
        case "min_dim": let r = x.min(dim: a["dim"]!.int, keepdim: keepdim); return [r.values, r.indices]
        case "argmax": return [x.argmax(dim: a["dim"]?.int)]
        case "argmin": return [x.argmin(dim: a["dim"]?.int)]
        case "max": return [x.max()]
        case "min": return [x.min()]
        case "any": return [x.any(dims: dims, keepdim: keepdim)]
        case "all": return [x.all(dims: dims, keepdim: keepdim)]
        case "to": return [x.to(dtype)]
        case "matmul": return [x.matmul(y)]
        case "bmm": return [x.bmm(y)]
        case "addmm": return [Tensor.addmm(x, y, inputs[2], beta: a["beta"]!.double, alpha: a["alpha"]!.double)]
        case "outer": return [x.outer(y)]
        default:
            if let unary = unaryOps[c.op] { return [unary(x)] }
            fatalError("fixture op \(c.op) has no Synapse mapping")
        }
    }

    static let unaryOps: [String: @Sendable (Tensor) -> Tensor] = [
        "neg": { $0.neg() }, "abs": { $0.abs() }, "sign": { $0.sign() }, "exp": { $0.exp() }, "exp2": { $0.exp2() },
        "expm1": { $0.expm1() }, "log": { $0.log() }, "log2": { $0.log2() }, "log10": { $0.log10() },
        "log1p": { $0.log1p() }, "sqrt": { $0.sqrt() }, "rsqrt": { $0.rsqrt() }, "reciprocal": { $0.reciprocal() },
        "square": { $0.square() }, "sin": { $0.sin() }, "cos": { $0.cos() }, "tan": { $0.tan() },
        "asin": { $0.asin() }, "acos": { $0.acos() }, "atan": { $0.atan() }, "sinh": { $0.sinh() },
        "cosh": { $0.cosh() }, "tanh": { $0.tanh() }, "sigmoid": { $0.sigmoid() }, "erf": { $0.erf() },
        "erfc": { $0.erfc() }, "relu": { $0.relu() }, "floor": { $0.floor() }, "ceil": { $0.ceil() },
        "round": { $0.round() }, "trunc": { $0.trunc() },
    ]

    /// Python numbers: integral values go through the `Int` overloads, others through `Double`.
    static func scalarOp(_ op: String, _ x: Tensor, _ v: Double, integer: Bool) -> Tensor {
        if integer {
            let i = Int(v)
            switch op {
            case "add_scalar": return x + i
            case "rsub_scalar": return i - x
            case "mul_scalar": return x * i
            default: return i / x
            }
        }
        switch op {
        case "add_scalar": return x + v
        case "rsub_scalar": return v - x
        case "mul_scalar": return x * v
        default: return v / x
        }
    }

    static func indices(_ spec: FixtureValue) -> [TensorIndex] {
        spec.list.map { item in
            let o = item.object
            if let i = o["int"] { return .index(i.int) }
            if let s = o["slice"]?.list {
                return .slice(s[0].optionalDouble.map(Int.init), s[1].optionalDouble.map(Int.init), step: s[2].int)
            }
            if o["ellipsis"] != nil { return .ellipsis }
            if o["none"] != nil { return .newAxis }
            if o["all"] != nil { return .all }
            let tensor = o["tensor"]!.object
            return FixtureTensor(dtype: tensor["dtype"]!.string, shape: tensor["shape"]!.ints,
                                 values: tensor["values"]!.list).tensor.tensorIndex
        }
    }
}
