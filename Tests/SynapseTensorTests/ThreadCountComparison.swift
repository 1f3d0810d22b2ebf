@testable import SynapseTensor
import Testing

/// `work`'s results on one thread and on two (`setNumThreads`); the thread count is restored afterwards.
func onOneAndTwoThreads<Result>(_ work: () -> Result) -> (single: Result, several: Result) {
    let previous = getNumThreads()
    defer { setNumThreads(previous) }
    setNumThreads(1)
    let single = work()
    setNumThreads(2)
    return (single, work())
}

/// The bit patterns of `tensor`'s elements, as doubles (exact for every floating dtype): equal even for NaNs,
/// which `equal` treats as different from themselves.
func bitPatterns(_ tensor: Tensor) -> [UInt64] {
    tensor.to(.float64).toArray(of: Double.self).map(\.bitPattern)
}

/// Runs `work` on one thread, then on two (`setNumThreads`), and expects the same bits from both: kernels that
/// split their work split it the same way whatever the thread count.
func expectSameResultsOnOneAndTwoThreads(
    _ work: () -> [Tensor], describing describe: (Tensor, Tensor) -> String = { _, _ in "" }
) {
    let (single, several) = onOneAndTwoThreads(work)
    #expect(single.count == several.count)
    for (index, (s, m)) in zip(single, several).enumerated() {
        #expect(s.equal(m), "result \(index) \(describe(s, m))")
    }
}

/// Like ``expectSameResultsOnOneAndTwoThreads(_:describing:)``, comparing bit patterns, so that results holding
/// NaNs can be compared.
func expectSameBitsOnOneAndTwoThreads(_ name: String, _ work: () -> [Tensor]) {
    let (single, several) = onOneAndTwoThreads { work().map(bitPatterns) }
    #expect(single == several, "\(name): one thread against two")
}

/// `y` (detached) and the gradients of `(y · upstream).sum()` with respect to `inputs`.
func valueAndGradients(_ y: Tensor, upstream: Tensor, inputs: [Tensor]) -> [Tensor] {
    [y.detach()] + Tensor.grad(outputs: [(y * upstream).sum()], inputs: inputs).map { $0! }
}

extension WindowGeometry {
    /// The geometry of a convolution with the same padding on both sides of each dimension, its output size as
    /// PyTorch computes it.
    static func symmetric(kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int),
                          height: Int, width: Int) -> WindowGeometry {
        func size(_ input: Int, _ kernel: Int, _ stride: Int, _ pad: Int, _ dilation: Int) -> Int {
            (input + 2 * pad - dilation * (kernel - 1) - 1) / stride + 1
        }
        return WindowGeometry(kernel: kernel, dilation: dilation, padTop: padding.0, padBottom: padding.0,
                              padLeft: padding.1, padRight: padding.1, stride: stride,
                              outputHeight: size(height, kernel.0, stride.0, padding.0, dilation.0),
                              outputWidth: size(width, kernel.1, stride.1, padding.1, dilation.1))
    }
}
