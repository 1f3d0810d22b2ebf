@testable import SynapseTensor

/// Deterministic pseudo-random doubles for test inputs (independent of Synapse's generator).
struct TestValues {
    private var state: UInt64
    init(seed: UInt64) { state = seed &* 6364136223846793005 &+ 1442695040888963407 }

    /// A value in `range`.
    mutating func next(in range: ClosedRange<Double> = -1...1) -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        let unit = Double(state >> 11) / Double(1 << 53)
        return range.lowerBound + unit * (range.upperBound - range.lowerBound)
    }

    /// A float64 leaf tensor that requires grad.
    mutating func leaf(_ shape: [Int], in range: ClosedRange<Double> = -1...1) -> Tensor {
        let count = shape.reduce(1, *)
        return Tensor(flat: (0..<count).map { _ in next(in: range) }, shape: shape).requiresGrad_()
    }
}

/// Compares autograd's gradients with central finite differences, in float64.
///
/// The scalar checked is `sum(f(inputs) * weights)` with fixed pseudo-random weights, so every output element
/// contributes with a different factor. Returns a description of the first disagreement, or `nil`.
func gradcheck(_ inputs: [Tensor], eps: Double = 1e-6, atol: Double = 1e-6, rtol: Double = 1e-4,
               _ f: ([Tensor]) -> Tensor) -> String? {
    var values = TestValues(seed: 99)
    let output = f(inputs)
    let weights = Tensor(flat: (0..<output.numel).map { _ in values.next() }, shape: output.shape)
    for input in inputs { input.grad = nil }
    (output * weights).sum().backward()
    for (which, input) in inputs.enumerated() where input.requiresGrad {
        guard let analytic = input.grad?.toArray(of: Double.self) else { return "input \(which): no gradient" }
        let flat = input.data.reshape([-1])
        for position in 0..<input.numel {
            let original = flat[position].item()
            func objective(_ value: Double) -> Double {
                flat[position] = Tensor(scalar: value, dtype: .float64)
                return noGrad { (f(inputs) * weights).sum().item() }
            }
            let numeric = (objective(original + eps) - objective(original - eps)) / (2 * eps)
            flat[position] = Tensor(scalar: original, dtype: .float64)
            if Swift.abs(numeric - analytic[position]) > atol + rtol * Swift.abs(numeric) {
                return "input \(which) element \(position): analytic \(analytic[position]) numeric \(numeric)"
            }
        }
    }
    return nil
}
