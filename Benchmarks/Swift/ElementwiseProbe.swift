import Foundation
import Synapse

/// `synapse-bench --probe-elementwise`: every public element-wise operation on 4 Mi elements timed on one thread and
/// on two (`setNumThreads`), and the same on 1 Ki elements (which must never hand work to the pool, so two threads
/// must cost what one does). Prints Markdown tables (operation, dtype, 1 thread, 2 threads, ratio 2 ÷ 1, the same
/// for CPU time) for the scaling report of issue 23, item 6.
enum ElementwiseProbe {
    /// One probed operation: a label, the dtype it is probed in, and a body built from the inputs.
    struct Case {
        let label: String
        let dtype: String
        let prepare: (Inputs) -> () -> Tensor
    }

    /// The operands of one size: floats uniform in [0, 1) (and shifted to [-1, 1) where signs matter), integers
    /// in [-1000, 1000) and (non-zero) in [1, 100), a bool mask, all from one fixed seed.
    struct Inputs {
        let f32: Tensor, g32: Tensor, s32: Tensor, f64: Tensor, g64: Tensor
        let i64: Tensor, j64: Tensor, i32: Tensor, j32: Tensor, mask: Tensor, mask2: Tensor
        let h16: Tensor, b16: Tensor
        /// `[rows, 1024]` float32 and one `[1024]` row, for row broadcasting; the transposed square.
        let matrix: Tensor, row: Tensor, square: Tensor

        init(count: Int) {
            let generator = Generator(seed: 23)
            f32 = Tensor.rand([count], generator: generator)
            g32 = Tensor.rand([count], generator: generator)
            s32 = Tensor.rand([count], generator: generator) * 2 - 1
            f64 = Tensor.rand([count], dtype: .float64, generator: generator)
            g64 = Tensor.rand([count], dtype: .float64, generator: generator)
            i64 = Tensor.randint(-1000, 1000, [count], generator: generator)
            j64 = Tensor.randint(1, 100, [count], generator: generator)
            i32 = Tensor.randint(-1000, 1000, [count], dtype: .int32, generator: generator)
            j32 = Tensor.randint(1, 100, [count], dtype: .int32, generator: generator)
            mask = Tensor.rand([count], generator: generator) .> 0.5
            mask2 = Tensor.rand([count], generator: generator) .> 0.5
            h16 = f32.to(.float16)
            b16 = f32.to(.bfloat16)
            let width = Swift.min(count, 1024)
            matrix = Tensor.rand([count / width, width], generator: generator)
            row = Tensor.rand([width], generator: generator)
            let side = Int(Double(count).squareRoot())
            square = Tensor.rand([side, side], generator: generator)
        }
    }

    /// The probed operations.
    static var cases: [Case] {
        var cases: [Case] = []
        func add(_ label: String, _ dtype: String, _ prepare: @escaping (Inputs) -> () -> Tensor) {
            cases.append(Case(label: label, dtype: dtype, prepare: prepare))
        }
        /// One dtype's unary operations on `x`, binary ones on `(x, y)`, and `where(mask, x, y)`.
        func addFamily(_ dtype: String, _ x: KeyPath<Inputs, Tensor>, _ y: KeyPath<Inputs, Tensor>,
                       unary: [(String, (Tensor) -> Tensor)], binary: [(String, (Tensor, Tensor) -> Tensor)]) {
            for (label, f) in unary { add(label, dtype) { inputs in let a = inputs[keyPath: x]; return { f(a) } } }
            for (label, f) in binary {
                add(label, dtype) { inputs in let a = inputs[keyPath: x], b = inputs[keyPath: y]; return { f(a, b) } }
            }
            add("where(mask, a, b)", dtype) { inputs in
                let m = inputs.mask, a = inputs[keyPath: x], b = inputs[keyPath: y]
                return { Tensor.where(m, a, b) }
            }
        }
        // Floating point, float32 and float64.
        for (dtype, x, y) in [("float32", \Inputs.f32, \Inputs.g32), ("float64", \Inputs.f64, \Inputs.g64)] {
            let unary: [(String, (Tensor) -> Tensor)] = [
                ("-a", { -$0 }), ("abs", { $0.abs() }), ("sign", { $0.sign() }), ("relu", { $0.relu() }),
                ("square", { $0.square() }), ("floor", { $0.floor() }), ("ceil", { $0.ceil() }),
                ("round", { $0.round() }), ("trunc", { $0.trunc() }), ("clamp", { $0.clamp(min: 0.25, max: 0.75) }),
                ("exp", { $0.exp() }), ("exp2", { $0.exp2() }), ("expm1", { $0.expm1() }), ("log", { $0.log() }),
                ("log2", { $0.log2() }), ("log10", { $0.log10() }), ("log1p", { $0.log1p() }),
                ("sqrt", { $0.sqrt() }), ("rsqrt", { $0.rsqrt() }), ("reciprocal", { $0.reciprocal() }),
                ("sin", { $0.sin() }), ("cos", { $0.cos() }), ("tan", { $0.tan() }), ("asin", { $0.asin() }),
                ("acos", { $0.acos() }), ("atan", { $0.atan() }), ("sinh", { $0.sinh() }),
                ("cosh", { $0.cosh() }), ("tanh", { $0.tanh() }), ("sigmoid", { $0.sigmoid() }),
                ("erf", { $0.erf() }), ("erfc", { $0.erfc() }), ("gelu", { $0.gelu() }),
                ("gelu tanh", { $0.gelu(tanhApproximation: true) }),
                ("pow(1)", { $0.pow(1) }), ("pow(2)", { $0.pow(2) }), ("pow(3)", { $0.pow(3) }),
                ("pow(0.5)", { $0.pow(0.5) }), ("pow(-0.5)", { $0.pow(-0.5) }), ("pow(-1)", { $0.pow(-1) }),
                ("pow(-2)", { $0.pow(-2) }), ("pow(2.5)", { $0.pow(2.5) }),
                ("a + 2", { $0 + 2 }), ("a * 2", { $0 * 2 }), ("2 / a", { 2 / $0 }),
                ("isnan", { $0.isnan() }), ("isfinite", { $0.isfinite() }), ("logicalNot", { $0.logicalNot() }),
                ("a .> 0.5", { $0 .> 0.5 }),
            ]
            let binary: [(String, (Tensor, Tensor) -> Tensor)] = [
                ("a + b", { $0 + $1 }), ("a - b", { $0 - $1 }), ("a * b", { $0 * $1 }), ("a / b", { $0 / $1 }),
                ("pow(a, b)", { $0.pow($1) }), ("maximum", { $0.maximum($1) }), ("minimum", { $0.minimum($1) }),
                ("remainder", { $0.remainder($1) }), ("fmod", { $0.fmod($1) }),
                ("floorDivide", { $0.floorDivide($1) }), ("atan2", { $0.atan2($1) }),
                ("a .== b", { $0 .== $1 }), ("a .< b", { $0 .< $1 }), ("a .>= b", { $0 .>= $1 }),
            ]
            addFamily(dtype, x, y, unary: unary, binary: binary)
            add("maskedFill", dtype) { inputs in
                let m = inputs.mask, a = inputs[keyPath: x]
                return { a.maskedFill(m, 0.5) }
            }
            add("maskedFill_", dtype) { inputs in
                let m = inputs.mask, a = inputs[keyPath: x]
                return { a.maskedFill_(m, 0.5) }
            }
        }
        // In place (float32).
        typealias InPlace = (Tensor, Tensor) -> Tensor
        let inPlace: [(String, InPlace)] = [
            ("add_(b)", { a, b in a.add_(b) }), ("sub_(b)", { a, b in a.sub_(b) }),
            ("mul_(1)", { a, _ in a.mul_(Double(1)) }), ("div_(1)", { a, _ in a.div_(Double(1)) }),
            ("neg_", { a, _ in a.neg_() }), ("abs_", { a, _ in a.abs_() }),
            ("clamp_", { a, _ in a.clamp_(min: 0.25, max: 0.75) }), ("relu_", { a, _ in a.relu_() }),
            ("sqrt_", { a, _ in a.sqrt_() }), ("sigmoid_", { a, _ in a.sigmoid_() }),
            ("tanh_", { a, _ in a.tanh_() }), ("pow_(1)", { a, _ in a.pow_(Double(1)) }),
        ]
        for (label, f) in inPlace {
            add(label, "float32") { inputs in let a = inputs.f32.clone(), b = inputs.g32; return { f(a, b) } }
        }
        // Layouts (float32).
        add("a + row (broadcast)", "float32") { inputs in let a = inputs.matrix, r = inputs.row; return { a + r } }
        add("abs (transposed)", "float32") { inputs in let a = inputs.square.t(); return { a.abs() } }
        add("a + aᵀ", "float32") { inputs in let a = inputs.square; return { a + a.t() } }
        add("contiguous (transposed)", "float32") { inputs in let a = inputs.square.t(); return { a.contiguous() } }
        // Integers.
        for (dtype, x, y) in [("int64", \Inputs.i64, \Inputs.j64), ("int32", \Inputs.i32, \Inputs.j32)] {
            let unary: [(String, (Tensor) -> Tensor)] = [
                ("-a", { -$0 }), ("abs", { $0.abs() }), ("sign", { $0.sign() }), ("relu", { $0.relu() }),
                ("square", { $0.square() }), ("floor", { $0.floor() }), ("clamp", { $0.clamp(min: -10, max: 10) }),
                ("pow(2)", { $0.pow(2) }), ("pow(3)", { $0.pow(3) }), ("a + 2", { $0 + 2 }), ("a * 2", { $0 * 2 }),
                ("a .> 0", { $0 .> 0 }), ("logicalNot", { $0.logicalNot() }), ("sqrt (→ float32)", { $0.sqrt() }),
                ("exp (→ float32)", { $0.exp() }),
            ]
            let binary: [(String, (Tensor, Tensor) -> Tensor)] = [
                ("a + b", { $0 + $1 }), ("a - b", { $0 - $1 }), ("a * b", { $0 * $1 }),
                ("a / b (→ float32)", { $0 / $1 }),
                ("maximum", { $0.maximum($1) }), ("minimum", { $0.minimum($1) }), ("remainder", { $0.remainder($1) }),
                ("fmod", { $0.fmod($1) }), ("floorDivide", { $0.floorDivide($1) }),
                ("a .== b", { $0 .== $1 }), ("a .< b", { $0 .< $1 }), ("a .>= b", { $0 .>= $1 }),
                ("logicalAnd", { $0.logicalAnd($1) }),
            ]
            addFamily(dtype, x, y, unary: unary, binary: binary)
            add("pow(a, b % 5)", dtype) { inputs in
                let a = inputs[keyPath: x], b = inputs[keyPath: y].remainder(Tensor.full([], 5, dtype: a.dtype))
                return { a.pow(b) }
            }
        }
        add("add_(b)", "int64") { inputs in let a = inputs.i64.clone(), b = inputs.j64; return { a.add_(b) } }
        add("maskedFill", "int64") { inputs in let m = inputs.mask, a = inputs.i64; return { a.maskedFill(m, 7) } }
        // Bool.
        let logical: [(String, (Tensor, Tensor) -> Tensor)] = [
            ("logicalAnd", { $0.logicalAnd($1) }), ("logicalOr", { $0.logicalOr($1) }),
            ("logicalXor", { $0.logicalXor($1) }), ("a .== b", { $0 .== $1 }), ("a + b", { $0 + $1 }),
            ("where(mask, a, b)", { Tensor.where($0, $0, $1) }),
        ]
        for (label, f) in logical {
            add(label, "bool") { inputs in let a = inputs.mask, b = inputs.mask2; return { f(a, b) } }
        }
        add("logicalNot", "bool") { inputs in let a = inputs.mask; return { a.logicalNot() } }
        // Conversions.
        let conversions: [(String, KeyPath<Inputs, Tensor>, DType)] = [
            ("float32 → float64", \.f32, .float64), ("float64 → float32", \.f64, .float32),
            ("float32 → int64", \.f32, .int64), ("int64 → float32", \.i64, .float32),
            ("int64 → int32", \.i64, .int32), ("int32 → int64", \.i32, .int64), ("float32 → bool", \.f32, .bool),
            ("bool → float32", \.mask, .float32), ("float32 → float16", \.f32, .float16),
            ("float32 → bfloat16", \.f32, .bfloat16), ("bfloat16 → float32", \.b16, .float32),
        ]
        for (label, source, dtype) in conversions {
            add("to: " + label, "—") { inputs in let a = inputs[keyPath: source]; return { a.to(dtype) } }
        }
        // Half precision (computed in float32 blocks).
        add("a + b", "float16") { inputs in let a = inputs.h16; return { a + a } }
        add("abs", "bfloat16") { inputs in let a = inputs.b16; return { a.abs() } }
        return cases
    }

    /// Runs the probe at 4 Mi and 1 Ki elements and prints the tables; `filter` keeps the cases whose label
    /// contains one of its strings or whose dtype is one of them.
    static func run(filter: [String]) {
        let selected = cases.filter { c in filter.isEmpty || filter.contains { c.label.contains($0) || c.dtype == $0 } }
        for (title, count) in [("4 Mi elements", 4 << 20), ("1 Ki elements", 1 << 10)] {
            print("\n\(title): medians per call; ratio = 2 threads ÷ 1 thread, of wall-clock and of CPU time\n")
            print("| operation | dtype | 1 thread | 2 threads | ratio | CPU 1 thread | CPU 2 threads | CPU ratio |")
            print("|---|---|---|---|---|---|---|---|")
            let inputs = Inputs(count: count)
            for probe in selected {
                let body = probe.prepare(inputs)
                let previous = getNumThreads()
                setNumThreads(1)
                let one = time { consume(body()) }
                setNumThreads(2)
                let two = time { consume(body()) }
                setNumThreads(previous)
                print("| `\(probe.label)` | \(probe.dtype) | \(format(one.wall)) | \(format(two.wall)) | "
                      + String(format: "%.2f", two.wall / one.wall) + " | \(format(one.cpu)) | \(format(two.cpu)) | "
                      + String(format: "%.2f", two.cpu / one.cpu) + " |")
            }
        }
    }

    /// Median wall-clock and process CPU nanoseconds per call of `body` over 7 batches of about 5 ms each, after a
    /// warm-up batch. On a machine shared with other work the CPU time still shows what splitting costs: equal
    /// CPU time on two threads means the work was split with no overhead (the wall-clock time then halves on idle
    /// cores), several times the CPU time means slower code on the worker threads.
    static func time(_ body: () -> Void) -> (wall: Double, cpu: Double) {
        func clock(_ id: clockid_t) -> Double {
            var value = timespec()
            clock_gettime(id, &value)
            return Double(value.tv_sec) * 1e9 + Double(value.tv_nsec)
        }
        var batch = 1
        while true {  // warm up and calibrate
            let start = clock(CLOCK_MONOTONIC)
            for _ in 0..<batch { body() }
            if clock(CLOCK_MONOTONIC) - start > 5e6 || batch >= 1 << 20 { break }
            batch *= 2
        }
        var walls: [Double] = [], cpus: [Double] = []
        for _ in 0..<7 {
            let wall = clock(CLOCK_MONOTONIC), cpu = clock(CLOCK_PROCESS_CPUTIME_ID)
            for _ in 0..<batch { body() }
            cpus.append((clock(CLOCK_PROCESS_CPUTIME_ID) - cpu) / Double(batch))
            walls.append((clock(CLOCK_MONOTONIC) - wall) / Double(batch))
        }
        return (walls.sorted()[3], cpus.sorted()[3])
    }

    /// Nanoseconds as µs or ms with three significant digits.
    static func format(_ nanoseconds: Double) -> String {
        nanoseconds >= 1e6 ? String(format: "%.3g ms", nanoseconds / 1e6) : String(format: "%.3g µs", nanoseconds / 1e3)
    }
}
