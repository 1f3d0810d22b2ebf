import Foundation
import Testing
import SynapseTraining

/// The bar on a terminal and the plain line elsewhere, with an injected output and clock.
@Suite struct ProgressBarTests {
    /// Collects what a bar writes; the clock advances by `tick` seconds per reading.
    final class Capture {
        var text = ""
        var now = 100.0
        let tick: Double
        init(tick: Double) { self.tick = tick }
        func sink(terminal: Bool) -> ProgressSink { ProgressSink(isTerminal: terminal) { self.text += $0 } }
        func clock() -> Double {
            defer { now += tick }
            return now
        }
    }

    @Test func terminalRedrawsInPlaceWithRateETAAndLoss() {
        let capture = Capture(tick: 0.5)
        let bar = ProgressBar(total: 4, label: "epoch 1/2", width: 8, sink: capture.sink(terminal: true), clock: capture.clock)
        bar.advance(samples: 10, loss: 2.0)
        bar.advance(samples: 10, loss: 1.0)
        bar.advance(samples: 10, loss: 1.5)
        bar.advance(samples: 6, loss: 0.5)
        bar.finish()
        let frames = capture.text.split(separator: "\r", omittingEmptySubsequences: true).map(String.init)
        #expect(frames.count == 5)
        // After 1 batch: 0.5 s elapsed, 10 samples → 20 samples/s, 3 batches left at 0.5 s each.
        #expect(frames[0] == "epoch 1/2 [==>     ] 1/4  20 samples/s  ETA 0:02  loss 2.0000\u{1B}[K")
        #expect(frames[1] == "epoch 1/2 [====>   ] 2/4  20 samples/s  ETA 0:01  loss 1.5000\u{1B}[K")
        // The running loss weights each batch by its size: (20 + 10 + 15 + 3) / 36.
        #expect(frames[3] == "epoch 1/2 [========] 4/4  18 samples/s  ETA 0:00  loss 1.3333\u{1B}[K")
        #expect(frames[4].hasSuffix("\u{1B}[K\n"))
        #expect(capture.text.filter { $0 == "\n" }.count == 1)
    }

    @Test func terminalRedrawsAtMostTenTimesASecond() {
        let capture = Capture(tick: 0.01)
        let bar = ProgressBar(total: 100, sink: capture.sink(terminal: true), clock: capture.clock)
        for _ in 0..<100 { bar.advance(samples: 1) }
        let frames = capture.text.filter { $0 == "\r" }.count
        #expect(frames >= 9 && frames <= 12)
        #expect(capture.text.hasSuffix("100/100  100 samples/s  ETA 0:00\u{1B}[K"))
    }

    @Test func notATerminalGivesOnePlainLine() {
        let capture = Capture(tick: 0.25)
        let bar = ProgressBar(total: 3, label: "epoch 2/5", sink: capture.sink(terminal: false), clock: capture.clock)
        for loss in [0.9, 0.6, 0.3] { bar.advance(samples: 1000, loss: loss) }
        bar.finish()
        bar.finish()
        #expect(capture.text == "epoch 2/5: 3 batches, 3,000 samples in 0.2 s (12,000 samples/s), loss 0.6000\n")
        #expect(!capture.text.contains("\r") && !capture.text.contains("\u{1B}"))
    }

    @Test func longRunsShowHours() {
        let capture = Capture(tick: 1000)
        let bar = ProgressBar(total: 10, sink: capture.sink(terminal: true), clock: capture.clock)
        bar.advance(samples: 1)
        #expect(capture.text.contains("ETA 2:30:00"))
        #expect(bar.runningLoss == nil && bar.completed == 1 && bar.samples == 1)
    }
}
