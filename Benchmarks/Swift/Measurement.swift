#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How long to measure, in the full and `--quick` modes.
struct MeasurementPlan {
    /// Seconds spent running the body before measuring (JIT-free, but caches, page faults and thread pools warm).
    var warmUp: Double
    /// Target duration of one sample; fast bodies run several times per sample.
    var sampleTime: Double
    /// Samples to take, at least…
    var minimumSamples: Int
    /// …and at most, within ``budget``.
    var maximumSamples: Int
    /// Seconds of sampling per workload after which no further samples are started (beyond the minimum).
    var budget: Double

    static let full = MeasurementPlan(warmUp: 0.3, sampleTime: 0.01, minimumSamples: 7, maximumSamples: 101,
                                      budget: 3)
    static let quick = MeasurementPlan(warmUp: 0.05, sampleTime: 0.005, minimumSamples: 5, maximumSamples: 21,
                                       budget: 0.5)
}

/// The outcome of measuring one workload.
struct MeasurementResult {
    /// Median over samples of the time per iteration, in nanoseconds.
    let medianNanoseconds: Double
    /// Timed iterations in all samples.
    let iterations: Int
    /// Number of samples.
    let samples: Int
}

/// What a workload times in each iteration.
enum TimedBody {
    /// The whole body.
    case whole(() -> Void)
    /// Only part of it: `setup` runs untimed and returns the part that is timed (releasing that part, and what
    /// it holds, is untimed too). For work that can't be repeated without rebuilding its input, such as
    /// `loss.backward()` after a forward pass.
    case part(setup: () -> () -> Void)

    /// Runs one iteration, untimed (for `--repeat`).
    func runOnce() {
        switch self {
        case .whole(let body): body()
        case .part(let setup): setup()()
        }
    }
}

/// Times a body: warm-up, then samples of a calibrated number of iterations; reports the median.
enum Measurement {
    /// Seconds on a monotonic clock.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// What reading the clock around an empty part costs, in seconds: subtracted from each timed part, as
    /// `torch_bench.py` subtracts its own.
    static let clockOverhead: Double = {
        var best = Double.infinity
        for _ in 0..<5 {
            var total = 0.0
            for _ in 0..<10_000 {
                let start = now()
                total += now() - start
            }
            best = min(best, total / 10_000)
        }
        return best
    }()

    /// Seconds of timed work in `count` iterations.
    private static func run(_ body: TimedBody, _ count: Int) -> Double {
        switch body {
        case .whole(let body):
            let start = now()
            for _ in 0..<count { body() }
            return now() - start
        case .part(let setup):
            var total = 0.0
            for _ in 0..<count {
                let timed = setup()
                let start = now()
                timed()
                total += now() - start - clockOverhead
            }
            return total
        }
    }

    static func measure(_ body: TimedBody, plan: MeasurementPlan) -> MeasurementResult {
        // Warm up, and learn roughly how long one iteration takes (setup included, which is what a sample
        // lasts).
        var warmUpRuns = 0
        let warmUpStart = now()
        repeat {
            _ = run(body, 1)
            warmUpRuns += 1
        } while now() - warmUpStart < plan.warmUp || warmUpRuns < 2
        let perIteration = (now() - warmUpStart) / Double(warmUpRuns)
        let batch = max(1, Int(plan.sampleTime / max(perIteration, 1e-9)))

        var times: [Double] = []
        let start = now()
        while times.count < plan.minimumSamples
            || (times.count < plan.maximumSamples && now() - start < plan.budget) {
            times.append(run(body, batch) / Double(batch))
        }
        times.sort()
        let middle = times.count / 2
        let median = times.count % 2 == 1 ? times[middle] : (times[middle - 1] + times[middle]) / 2
        return MeasurementResult(medianNanoseconds: median * 1e9, iterations: batch * times.count,
                                 samples: times.count)
    }
}
