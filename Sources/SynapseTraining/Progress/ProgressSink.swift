import Foundation

/// Where progress goes, and whether it is a terminal (then a bar redraws itself in place; otherwise plain lines).
public struct ProgressSink {
    /// Whether the output is an interactive terminal.
    public let isTerminal: Bool
    private let writeText: (String) -> Void

    /// A sink writing through `write`; tests pass a closure collecting the text.
    public init(isTerminal: Bool, write: @escaping (String) -> Void) {
        self.isTerminal = isTerminal
        self.writeText = write
    }

    /// Writes `text` as it is.
    public func write(_ text: String) { writeText(text) }

    /// Standard output, a terminal when `isatty(1)` says so; written unbuffered so a redrawn line shows at once.
    public static var standardOutput: ProgressSink {
        ProgressSink(isTerminal: isatty(STDOUT_FILENO) == 1) { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

/// Seconds from a steady clock (not the wall clock, which can jump).
public func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
