import Testing
@testable import SynapseTensor

/// The maxima and minima kernels that compare without NaN propagation and check for NaN once (`reduce.c`): rows
/// (`rd_extreme_fast`) and column tiles 256 columns wide or wider (`rd_column_extreme_wide`: whole rows in AVX-512
/// registers), each redone by the NaN-propagating kernel when its check fires, against the float64 reductions at
/// every instruction-set level this machine runs.
@Suite struct ExtremeKernelTests {
    /// `[outer, reduced, inner]` shapes reduced over the middle dimension: widths of one block of 256, one more,
    /// two blocks and a tail, tiles of 1 to 5 rows and odd row counts.
    static let shapes: [[Int]] = [
        [2, 1, 256], [2, 2, 257], [1, 3, 512], [3, 4, 300], [1, 5, 767], [2, 15, 256], [1, 17, 513],
        [2, 255, 256], [1, 257, 256], [1, 64, 1025],
    ]

    /// The largest or smallest values of `x` over `dims` through the kernels at `level`, against float64.
    static func expectMatches(_ x: Tensor, dims: [Int], level: Int, _ label: String) throws {
        for largest in [true, false] {
            let actual = try #require(FloatReduction.reduce(x, dims: dims, keepdim: false, largest ? .max : .min,
                                                            level: Int32(level)))
            let wide = x.to(.float64)
            let expected = largest ? wide.amax(dims: dims) : wide.amin(dims: dims)
            let a = actual.toArray(of: Double.self), e = expected.toArray(of: Double.self)
            #expect(a.count == e.count)
            for index in a.indices where !(a[index] == e[index] || a[index].isNaN && e[index].isNaN) {
                Issue.record("\(label) \(largest ? "max" : "min") level \(level) column \(index): \(a[index]), expected \(e[index])")
                break
            }
        }
    }

    @Test("Wide column tiles match the float64 extremes at every level")
    func matchesDouble() throws {
        let generator = Generator(seed: 31)
        for shape in Self.shapes {
            let x = Tensor.randn(shape, generator: generator)
            for level in VectorMath.supportedLevels {
                try Self.expectMatches(x, dims: [1], level: level, "\(shape)")
            }
        }
    }

    @Test("A NaN or an infinity in any row of a wide tile is found, as PyTorch's max finds it")
    func nanAndInfinity() throws {
        let generator = Generator(seed: 37)
        for shape in [[2, 1, 256], [1, 3, 300], [2, 17, 512], [1, 255, 257]] {
            let rows = shape[1], width = shape[2]
            for special in [Float.nan, .infinity, -.infinity] {
                for row in Set([0, rows / 2, rows - 1]) {
                    for column in Set([0, 255, width - 1]) {
                        let values = Tensor.randn(shape, generator: generator)
                        var flat = values.toArray(of: Float.self)
                        flat[(shape[0] - 1) * rows * width + row * width + column] = special
                        let x = Tensor(flat: flat, shape: shape)
                        for level in VectorMath.supportedLevels {
                            try Self.expectMatches(x, dims: [1], level: level, "\(shape) \(special) at \(row), \(column)")
                        }
                    }
                }
            }
        }
        // Through the public API: a NaN in a 256-wide column makes that column's max NaN, the others stay.
        var flat = [Float](repeating: 1, count: 4 * 256)
        flat[2 * 256 + 7] = .nan
        let maxima = Tensor(flat: flat, shape: [4, 256]).amax(dims: [0]).toArray(of: Float.self)
        #expect(maxima[7].isNaN)
        #expect(maxima.enumerated().allSatisfy { $0.offset == 7 || $0.element == 1 })
    }

    @Test("Rows of every length match the float64 extremes, with a NaN or an infinity anywhere")
    func rows() throws {
        let generator = Generator(seed: 43)
        for length in [1, 2, 3, 4, 5, 15, 16, 17, 127, 128, 129, 255, 256, 257, 1023, 1025, 4096] {
            let values = Tensor.randn([3, length], generator: generator)
            for level in VectorMath.supportedLevels {
                try Self.expectMatches(values, dims: [1], level: level, "rows of \(length)")
            }
            for special in [Float.nan, .infinity, -.infinity] {
                // The first block (the lanes' initial values), the first block the loop compares, the middle, the
                // tail.
                for position in Set([0, 64, 130, length / 2, length - 1]) where position < length {
                    var flat = values.toArray(of: Float.self)
                    flat[length + position] = special
                    let x = Tensor(flat: flat, shape: [3, length])
                    for level in VectorMath.supportedLevels {
                        try Self.expectMatches(x, dims: [1], level: level, "rows of \(length), \(special) at \(position)")
                    }
                }
            }
        }
    }

    @Test("One thread and two threads give the same bits")
    func threadCountIndependent() {
        let previous = getNumThreads()
        defer { setNumThreads(previous) }
        let x = Tensor.randn([64, 130, 300], generator: Generator(seed: 41))
        expectSameResultsOnOneAndTwoThreads {
            [x.amax(dims: [1]), x.amin(dims: [1]), x.amax(dims: [0]), x.amax(dims: [2]), x.amin(dims: [2]), x.max()]
        }
    }
}
