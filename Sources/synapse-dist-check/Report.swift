import SynapseTensor

/// The checks one rank made and the ones that failed.
struct Report {
    let rank: Int
    private(set) var checks = 0
    private(set) var failures: [String] = []

    /// Records a check that needs no comparison.
    mutating func count(_ name: String) { checks += 1 }

    /// Fails unless `actual` and `expected` have the same dtype, shape and values.
    mutating func expectEqual(_ actual: Tensor, _ expected: Tensor, _ name: String) {
        checks += 1
        let same = actual.dtype == expected.dtype && actual.shape == expected.shape
            && actual.to(.float64).contiguous().toArray(of: Double.self) == expected.to(.float64).contiguous().toArray(of: Double.self)
        if !same { fail("\(name): expected \(expected), found \(actual)") }
    }

    /// Fails unless `actual` is within `tolerance` of `expected`, element by element.
    mutating func expectClose(_ actual: [Double], _ expected: [Double], tolerance: Double, _ name: String) {
        checks += 1
        guard actual.count == expected.count else {
            return fail("\(name): expected \(expected.count) values, found \(actual.count)")
        }
        let worst = zip(actual, expected).map { abs($0 - $1) }.max() ?? 0
        if !(worst <= tolerance) { fail("\(name): largest difference \(worst), expected at most \(tolerance)") }
    }

    /// Fails unless `body` throws.
    mutating func expectThrows(_ name: String, _ body: () throws -> Void) {
        checks += 1
        do {
            try body()
            fail("\(name): expected an error, none was thrown")
        } catch {}
    }

    mutating func fail(_ message: String) {
        failures.append(message)
        print("rank \(rank): FAIL \(message)")
    }
}
