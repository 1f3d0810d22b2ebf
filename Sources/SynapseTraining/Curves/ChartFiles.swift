import Foundation

/// Writes a chart as SVG and, when a converter is installed, PNG.
public enum ChartFiles {
    /// The converters tried, in order, with the arguments that turn `svg` into `png`.
    static let converters: [(name: String, arguments: @Sendable (String, String) -> [String])] = [
        ("rsvg-convert", { svg, png in [svg, "-o", png] }),
        ("convert", { svg, png in [svg, png] }),
    ]

    /// Writes `chart` to `<base>.svg`, then `<base>.png` if `rsvg-convert` or ImageMagick's `convert` is on the
    /// search path (`PATH` unless given) and succeeds. Returns the files written.
    @discardableResult
    public static func write(_ chart: LineChart, to base: String,
                             searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) throws -> [String] {
        let svg = base + ".svg", png = base + ".png"
        try chart.svg().write(toFile: svg, atomically: true, encoding: .utf8)
        for converter in converters {
            guard let executable = find(converter.name, in: searchPath) else { continue }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = converter.arguments(svg, png)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            do { try process.run() } catch { continue }
            process.waitUntilExit()
            if process.terminationStatus == 0, FileManager.default.fileExists(atPath: png) { return [svg, png] }
        }
        return [svg]
    }

    /// Whether `rsvg-convert` or `convert` is on the search path.
    public static func converterAvailable(searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) -> Bool {
        converters.contains { find($0.name, in: searchPath) != nil }
    }

    /// The first executable file called `name` in the `:`-separated `searchPath`.
    static func find(_ name: String, in searchPath: String?) -> String? {
        for directory in (searchPath ?? "").split(separator: ":") {
            let path = URL(fileURLWithPath: String(directory)).appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
