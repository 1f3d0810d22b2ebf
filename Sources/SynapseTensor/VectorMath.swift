import CSynapseKernels

/// Vectorised transcendental functions over contiguous buffers, backed by the SIMD C kernels in
/// `CSynapseKernels/vector_math.c`.
///
/// Each function computes `y[i] = f(x[i])` for `i` in `0..<count`. `y` may be the same buffer as `x` (in place);
/// otherwise the two must not overlap. Large buffers are split across cores with ``Parallel/forRanges(count:grain:_:)``;
/// the result does not depend on the split.
///
/// Accuracy: float32 results are within 2 ulp of the correctly rounded value over the whole float range (measured
/// exhaustively; most functions stay below 1 ulp), float64 ones within 2 ulp; special values follow libm
/// (`exp(-inf) = 0`, `log(0) = -inf`, `log(-1) = nan`, `tanh(±inf) = ±1`, NaN in, NaN out, and the sign of zero
/// is kept by odd functions).
enum VectorMath {
    /// The instruction set the kernels run with on this machine: `"avx512"` (512-bit AVX-512 F/VL/DQ/BW),
    /// `"avx2"` (AVX2 + FMA), or `"baseline (sse2)"` / `"baseline"` (the build target's own instruction set).
    /// Chosen once from the CPU's and OS's support; the environment variable `SYNAPSE_VMATH_ISA`
    /// (`baseline`, `avx2`, `avx512`) can lower it, for benchmarking.
    static let isa: String = String(cString: synapse_vmath_isa_name(synapse_vmath_isa()))

    /// Elements below which one thread does the whole buffer. The kernels cost a fraction of a nanosecond per
    /// element, so splitting only pays off once a chunk clearly outweighs waking a worker thread.
    static let grainSize = 1 << 16

    // MARK: float32

    /// `y = exp(x)`.
    static func exp(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        split(x, y, count, synapse_vexp_f32)
    }

    /// `y = log(x)` (`log(0) = -inf`, negative inputs give NaN).
    static func log(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        split(x, y, count, synapse_vlog_f32)
    }

    /// `y = log(1 + x)`, accurate for small `x`.
    static func log1p(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        split(x, y, count, synapse_vlog1p_f32)
    }

    /// `y = exp(x) - 1`, accurate for small `x`.
    static func expm1(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        split(x, y, count, synapse_vexpm1_f32)
    }

    /// `y = tanh(x)`.
    static func tanh(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        split(x, y, count, synapse_vtanh_f32)
    }

    /// `y = 1 / (1 + exp(-x))`, accurate in both tails (tiny denormal results for `x < -87` rather than 0).
    static func sigmoid(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        split(x, y, count, synapse_vsigmoid_f32)
    }

    /// `y = sin(x)`; elements with `|x| > 2^20` (and inf/NaN) are computed by libm's `sinf`.
    static func sin(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        split(x, y, count, synapse_vsin_f32)
    }

    /// `y = cos(x)`; elements with `|x| > 2^20` (and inf/NaN) are computed by libm's `cosf`.
    static func cos(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        split(x, y, count, synapse_vcos_f32)
    }

    /// `y = erf(x)`.
    static func erf(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        split(x, y, count, synapse_verf_f32)
    }

    /// Exact GELU, `y = 0.5 x (1 + erf(x / sqrt 2))`, accurate in the negative tail too.
    /// `gelu(+inf) = +inf` and `gelu(-inf) = nan`, as the formula gives (PyTorch returns NaN for both).
    static func gelu(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        split(x, y, count, synapse_vgelu_f32)
    }

    /// Tanh-approximated GELU, `y = 0.5 x (1 + tanh(sqrt(2/π) (x + 0.044715 x³)))` (PyTorch's
    /// `approximate="tanh"`), evaluated as `x / (1 + exp(-2 sqrt(2/π) (x + 0.044715 x³)))`.
    /// `geluTanh(+inf) = +inf`, `geluTanh(-inf) = nan`, as PyTorch.
    static func geluTanh(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        split(x, y, count, synapse_vgelu_tanh_f32)
    }

    // MARK: float64

    /// `y = exp(x)`.
    static func exp(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) {
        split(x, y, count, synapse_vexp_f64)
    }

    /// `y = log(x)` (`log(0) = -inf`, negative inputs give NaN).
    static func log(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) {
        split(x, y, count, synapse_vlog_f64)
    }

    /// `y = tanh(x)`.
    static func tanh(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) {
        split(x, y, count, synapse_vtanh_f64)
    }

    /// `y = 1 / (1 + exp(-x))`, accurate in both tails.
    static func sigmoid(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) {
        split(x, y, count, synapse_vsigmoid_f64)
    }

    // MARK: Every instruction set, for tests

    /// The C kernels, numbered as `SYNAPSE_VM_*` in `synapse_vector_math.h`.
    enum Kernel: Int32, CaseIterable, Sendable {
        case exp = 0, log, log1p, expm1, tanh, sigmoid, sin, cos, erf, gelu, geluTanh

        /// Whether a float64 version exists.
        var hasDouble: Bool { [.exp, .log, .tanh, .sigmoid].contains(self) }
    }

    /// The instruction-set levels this machine can run: 0 (baseline), 1 (AVX2 + FMA), 2 (AVX-512).
    static var supportedLevels: ClosedRange<Int> {
        0...Int(synapse_vmath_isa())
    }

    /// The name of instruction-set level `level`.
    static func levelName(_ level: Int) -> String {
        String(cString: synapse_vmath_isa_name(Int32(level)))
    }

    /// Runs `kernel` on one thread with instruction-set `level`; false if the level isn't supported here.
    static func run(_ kernel: Kernel, level: Int, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                    count: Int) -> Bool {
        synapse_vmath_run_f32(kernel.rawValue, Int32(level), x, y, count) == 0
    }

    /// Runs the float64 `kernel` on one thread with instruction-set `level`; false if the level isn't supported
    /// here or the kernel has no float64 version.
    static func run(_ kernel: Kernel, level: Int, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>,
                    count: Int) -> Bool {
        synapse_vmath_run_f64(kernel.rawValue, Int32(level), x, y, count) == 0
    }

    // MARK: Splitting

    /// Runs a float32 C kernel over `0..<count`, split across cores when large.
    @inline(__always)
    private static func split(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int,
        _ kernel: @convention(c) (UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int) -> Void
    ) {
        if count < grainSize * 2 {
            kernel(x, y, count)
            return
        }
        Parallel.forRanges(count: count, grain: grainSize) { range in
            kernel(x + range.lowerBound, y + range.lowerBound, range.count)
        }
    }

    /// Runs a float64 C kernel over `0..<count`, split across cores when large.
    @inline(__always)
    private static func split(
        _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int,
        _ kernel: @convention(c) (UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, Int) -> Void
    ) {
        if count < grainSize * 2 {
            kernel(x, y, count)
            return
        }
        Parallel.forRanges(count: count, grain: grainSize) { range in
            kernel(x + range.lowerBound, y + range.lowerBound, range.count)
        }
    }
}
