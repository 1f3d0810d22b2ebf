import Testing
import CSynapseKernels
@testable import SynapseTensor

/// The vectorised float32 reductions (`reduce.c` through `FloatReduction`) against the float64 reductions (the
/// plain loops of `Reducer`, in double) on odd sizes, views, NaN and infinities, every instruction-set level this
/// machine runs, and one or two threads.
@Suite struct FloatReductionTests {
    /// Shapes and the reductions tried on each: rows, columns, middle dimensions, whole tensors of several
    /// segments, sizes that are not multiples of any vector width or tile.
    static let cases: [(shape: [Int], dims: [Int]?)] = [
        ([1037], nil), ([200_003], nil), ([3, 1037], [1]), ([3, 1037], [0]), ([1037, 5], [0]), ([1037, 5], [1]),
        ([5, 7, 2049], [1]), ([5, 7, 2049], [2]), ([5, 7, 2049], [0]), ([5, 7, 2049], [0, 1]), ([5, 7, 2049], [1, 2]),
        ([2, 600, 3], [1]), ([2, 600, 3], nil), ([1, 1], [0]), ([4, 1], [1]), ([70, 1100], [0]),
        // Column tiles that fit in L2 (blocks of 32 columns in registers) and one that doesn't (row by row).
        ([3, 256, 256], [1]), ([300, 1100], [0]),
    ]

    static let operations: [(name: String, operation: FloatReduction.Operation)] = [
        ("sum", .sum), ("mean", .mean), ("var", .variance(correction: 1)), ("var0", .variance(correction: 0)),
        ("max", .max), ("min", .min),
    ]

    /// The same reduction in float64 through the existing loops (the reference).
    static func reference(_ x: Tensor, _ dims: [Int]?, _ operation: FloatReduction.Operation) -> Tensor {
        let wide = x.to(.float64)
        return switch operation {
        case .sum: wide.sum(dims: dims)
        case .mean: wide.mean(dims: dims)
        case .variance(let correction): wide.variance(dims: dims, correction: correction)
        case .max: wide.amax(dims: dims)
        case .min: wide.amin(dims: dims)
        }
    }

    /// Whether `actual` is within float32 rounding of `expected`: sums and means relative to the sum of
    /// magnitudes (any summation order is that close), variances relative to themselves, extremes exactly.
    static func problem(_ actual: Tensor, _ expected: Tensor, magnitudes: Tensor,
                        _ operation: FloatReduction.Operation) -> String? {
        guard actual.shape == expected.shape else { return "shape \(actual.shape) != \(expected.shape)" }
        let a = actual.toArray(of: Double.self), e = expected.toArray(of: Double.self)
        let m = magnitudes.toArray(of: Double.self)
        for index in a.indices {
            if a[index].isNaN && e[index].isNaN { continue }
            let bound: Double = switch operation {
            case .sum, .mean: 4e-7 * m[index] + 1e-30
            case .variance: 2e-6 * Swift.abs(e[index]) + 1e-30
            case .max, .min: 0
            }
            if !(Swift.abs(a[index] - e[index]) <= bound) && a[index] != e[index] {
                return "element \(index): \(a[index]), expected \(e[index])"
            }
        }
        return nil
    }

    @Test("Every reduction on every shape and instruction-set level matches the float64 loops")
    func matchesDouble() throws {
        let generator = Generator(seed: 23)
        for (shape, dims) in Self.cases {
            let x = Tensor.randn(shape, generator: generator) + 0.5
            for (name, operation) in Self.operations {
                let expected = Self.reference(x, dims, operation)
                var magnitudes = x.abs().to(.float64).sum(dims: dims)
                if case .mean = operation { magnitudes = x.abs().to(.float64).mean(dims: dims) }
                for level in VectorMath.supportedLevels {
                    let actual = try #require(FloatReduction.reduce(x, dims: dims, keepdim: false, operation,
                                                                    level: Int32(level)))
                    let problem = Self.problem(actual, expected, magnitudes: magnitudes, operation)
                    #expect(problem == nil, "\(name) \(shape) dims \(String(describing: dims)) level \(level): \(problem ?? "")")
                }
            }
        }
    }

    @Test("Views are reduced as their values, keepdim keeps the dimensions")
    func viewsAndKeepdim() throws {
        let x = Tensor.rand([300, 129], generator: Generator(seed: 5))
        let view = x.t()  // [129, 300], not contiguous
        for dims in [[0], [1], nil] as [[Int]?] {
            let actual = try #require(FloatReduction.reduce(view, dims: dims, keepdim: true, .sum))
            let expected = view.to(.float64).sum(dims: dims, keepdim: true)
            let magnitudes = view.to(.float64).sum(dims: dims, keepdim: true)
            #expect(Self.problem(actual, expected, magnitudes: magnitudes, .sum) == nil)
            #expect(actual.shape == expected.shape)
            let largest = try #require(FloatReduction.reduce(view, dims: dims, keepdim: true, .max))
            #expect(largest.equal(view.to(.float64).amax(dims: dims ?? [0, 1], keepdim: true).to(.float32)))
        }
    }

    @Test("NaN wins in max and min wherever it is; infinities are kept; sums propagate both")
    func nanAndInfinity() throws {
        for level in VectorMath.supportedLevels {
            for length in [1, 63, 64, 65, 1000, 70_000, 140_000] {
                for position in Set([0, length / 2, length - 1]) {
                    var values = (0..<length).map { Float($0 % 97) - 40 }
                    values[position] = .nan
                    let x = Tensor(flat: values, shape: [length])
                    for operation in [FloatReduction.Operation.max, .min, .sum, .variance(correction: 1)] {
                        let result = try #require(FloatReduction.reduce(x, dims: nil, keepdim: false, operation,
                                                                        level: Int32(level)))
                        #expect(result.item().isNaN, "length \(length) NaN at \(position) level \(level)")
                    }
                    // The same NaN in one column of a column reduction and one row of a row reduction; 35
                    // columns: a block of 32 in registers and 3 more where the tile fits in L2.
                    if length >= 64 {
                        let columns = x.view(length, 1).expand([length, 35]).contiguous()
                        let byColumn = try #require(FloatReduction.reduce(columns, dims: [0], keepdim: false, .max,
                                                                          level: Int32(level)))
                        #expect(byColumn.toArray(of: Double.self).allSatisfy { $0.isNaN })
                    }
                    values[position] = .infinity
                    let infinite = Tensor(flat: values, shape: [length])
                    #expect(try #require(FloatReduction.reduce(infinite, dims: nil, keepdim: false, .max,
                                                               level: Int32(level))).item() == .infinity)
                    #expect(try #require(FloatReduction.reduce(infinite, dims: nil, keepdim: false, .sum,
                                                               level: Int32(level))).item() == .infinity)
                }
            }
        }
        // Through the public API, as PyTorch: max of a tensor with a NaN is NaN.
        let x = Tensor([1.0, .nan, 3.0], dtype: .float32)
        #expect(x.max().item().isNaN)
        #expect(x.view(3, 1).expand([3, 2000]).contiguous().amax(dims: [0]).toArray(of: Double.self).allSatisfy { $0.isNaN })
    }

    @Test("Empty tensors and scalars take the general path (sum 0, var NaN)")
    func emptyAndScalars() {
        let empty = Tensor.zeros([0, 5])
        #expect(FloatReduction.reduce(empty, dims: [0], keepdim: false, .sum) == nil)
        #expect(empty.sum(dim: 0).equal(Tensor.zeros([5])))
        #expect(empty.variance(dim: 0).toArray(of: Double.self).allSatisfy { $0.isNaN })
        let scalar = Tensor(scalar: 2.5, dtype: .float32)
        #expect(FloatReduction.reduce(scalar, dims: nil, keepdim: false, .sum) == nil)
        #expect(scalar.sum().item() == 2.5)
        // A single element has no unbiased variance.
        #expect(Tensor([[3.0]], dtype: .float32).variance(dims: [1]).item().isNaN)
    }

    @Test("One thread and two threads give the same bits")
    func threadCountIndependent() {
        let previous = getNumThreads()
        defer { setNumThreads(previous) }
        let generator = Generator(seed: 11)
        let whole = Tensor.randn([3_000_001], generator: generator)
        let wide = Tensor.randn([2048, 1500], generator: generator)
        let cube = Tensor.randn([64, 96, 130], generator: generator)
        func work() -> [Tensor] {
            [whole.sum(), whole.mean(), whole.variance(), whole.max(),
             wide.sum(dim: 0), wide.sum(dim: 1), wide.variance(dim: 0), wide.variance(dim: 1), wide.amax(dims: [0]),
             cube.mean(dim: 1), cube.variance(dim: 0), cube.amin(dims: [2])]
        }
        expectSameResultsOnOneAndTwoThreads(work)
    }

    @Test("A level above what the machine runs is refused, an unknown operation too")
    func refusesUnsupported() {
        var value = 0.0, squares = 0.0
        let x: [Float] = [1, 2, 3]
        #expect(synapse_reduce_rows_f32(7, x, 3, 3, 0, 1, &value, &squares, -1) == -1)
        #expect(synapse_reduce_rows_f32(Int32(SYNAPSE_REDUCE_SUM), x, 3, 3, 0, 1, &value, &squares, 3) == -1)
        #expect(synapse_reduce_rows_f32(Int32(SYNAPSE_REDUCE_SUM), x, 3, 3, 0, 1, &value, &squares, -1) == 0)
        #expect(value == 6)
    }
}
