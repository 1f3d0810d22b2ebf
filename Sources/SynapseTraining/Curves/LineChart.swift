import Foundation

/// A line chart of values per epoch, written as SVG by hand: axes with round-number ticks, a grid, one line
/// with markers per series, and a legend. The same data always gives the same bytes.
///
/// ```swift
/// let chart = LineChart(title: "LeNet", series: [.init(name: "train loss", values: [0.9, 0.5, 0.4])])
/// try chart.svg().write(toFile: "curves.svg", atomically: true, encoding: .utf8)
/// ```
public struct LineChart: Sendable {
    /// One line.
    public struct Series: Sendable {
        /// Its legend entry.
        public var name: String
        /// One value per epoch, the first at epoch 1.
        public var values: [Double]
        /// An SVG colour.
        public var color: String
        /// Whether the line is dashed (test curves, so that colour is not the only difference).
        public var dashed: Bool

        /// A series; colours default to the chart's palette in order.
        public init(name: String, values: [Double], color: String? = nil, dashed: Bool = false) {
            (self.name, self.values, self.color, self.dashed) = (name, values, color ?? "", dashed)
        }
    }

    /// The title above the plot.
    public var title: String
    /// The horizontal axis's label.
    public var xLabel: String
    /// The lines, drawn in order.
    public var series: [Series]
    /// The picture's size in pixels.
    public var width: Int, height: Int

    /// A chart; series without a colour take the palette's colours in turn.
    public init(title: String, xLabel: String = "epoch", series: [Series], width: Int = 640, height: Int = 400) {
        (self.title, self.xLabel, self.width, self.height) = (title, xLabel, width, height)
        self.series = series.enumerated().map { index, series in
            var series = series
            if series.color.isEmpty { series.color = Self.palette[index % Self.palette.count] }
            return series
        }
    }

    /// Matplotlib's first colours, the ones D2L's plots show.
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]

    private static let margin = (left: 60.0, right: 150.0, top: 40.0, bottom: 50.0)

    /// The chart as an SVG document.
    public func svg() -> String {
        let plot = (x: Self.margin.left, y: Self.margin.top,
                    width: Double(width) - Self.margin.left - Self.margin.right,
                    height: Double(height) - Self.margin.top - Self.margin.bottom)
        let epochs = max(1, series.map(\.values.count).max() ?? 1)
        let finite = series.flatMap(\.values).filter(\.isFinite)
        let yAxis = Axis(low: min(0, finite.min() ?? 0), high: max(finite.max() ?? 1, 1e-12))
        let xAxis = Axis(low: 1, high: Double(max(epochs, 2)), integers: true)
        func px(_ epoch: Double) -> Double { plot.x + (epoch - xAxis.low) / (xAxis.high - xAxis.low) * plot.width }
        func py(_ value: Double) -> Double { plot.y + plot.height - (value - yAxis.low) / (yAxis.high - yAxis.low) * plot.height }

        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" \
        font-family="Helvetica, Arial, sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(plot.x + plot.width / 2))" y="24" text-anchor="middle" font-size="15">\(escape(title))</text>

        """
        svg += "<g class=\"grid\" stroke=\"#e0e0e0\">\n"
        for tick in yAxis.ticks { svg += "<line x1=\"\(f(plot.x))\" y1=\"\(f(py(tick)))\" x2=\"\(f(plot.x + plot.width))\" y2=\"\(f(py(tick)))\"/>\n" }
        for tick in xAxis.ticks { svg += "<line x1=\"\(f(px(tick)))\" y1=\"\(f(plot.y))\" x2=\"\(f(px(tick)))\" y2=\"\(f(plot.y + plot.height))\"/>\n" }
        svg += "</g>\n<g class=\"axes\" stroke=\"black\">\n"
        svg += "<line x1=\"\(f(plot.x))\" y1=\"\(f(plot.y + plot.height))\" x2=\"\(f(plot.x + plot.width))\" y2=\"\(f(plot.y + plot.height))\"/>\n"
        svg += "<line x1=\"\(f(plot.x))\" y1=\"\(f(plot.y))\" x2=\"\(f(plot.x))\" y2=\"\(f(plot.y + plot.height))\"/>\n"
        svg += "</g>\n<g class=\"ticks\">\n"
        for tick in yAxis.ticks {
            svg += "<text x=\"\(f(plot.x - 6))\" y=\"\(f(py(tick) + 4))\" text-anchor=\"end\">\(yAxis.label(tick))</text>\n"
        }
        for tick in xAxis.ticks {
            svg += "<text x=\"\(f(px(tick)))\" y=\"\(f(plot.y + plot.height + 18))\" text-anchor=\"middle\">\(xAxis.label(tick))</text>\n"
        }
        svg += "<text x=\"\(f(plot.x + plot.width / 2))\" y=\"\(f(Double(height) - 10))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        svg += "</g>\n"
        for line in series {
            let points = line.values.enumerated().filter { $0.element.isFinite }
                .map { (px(Double($0.offset + 1)), py($0.element)) }
            let dash = line.dashed ? " stroke-dasharray=\"6 4\"" : ""
            svg += "<g class=\"series\" data-name=\"\(escape(line.name))\" stroke=\"\(line.color)\" fill=\"\(line.color)\">\n"
            svg += "<polyline fill=\"none\" stroke-width=\"2\"\(dash) points=\"\(points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " "))\"/>\n"
            for (x, y) in points { svg += "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"3\"/>\n" }
            svg += "</g>\n"
        }
        svg += "<g class=\"legend\">\n"
        for (index, line) in series.enumerated() {
            let y = plot.y + 10 + Double(index) * 20
            let x = plot.x + plot.width + 15
            let dash = line.dashed ? " stroke-dasharray=\"6 4\"" : ""
            svg += "<line x1=\"\(f(x))\" y1=\"\(f(y))\" x2=\"\(f(x + 24))\" y2=\"\(f(y))\" stroke=\"\(line.color)\" stroke-width=\"2\"\(dash)/>\n"
            svg += "<text x=\"\(f(x + 30))\" y=\"\(f(y + 4))\">\(escape(line.name))</text>\n"
        }
        return svg + "</g>\n</svg>\n"
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// An axis over round numbers: its range widened to whole ticks of 1, 2 or 5 times a power of ten, about five
/// of them.
struct Axis {
    let low: Double, high: Double, step: Double

    init(low: Double, high: Double, integers: Bool = false) {
        let rough = (high - low) / 5
        let power = pow(10, floor(log10(rough)))
        var step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
        if integers { step = max(1, step.rounded(.up)) }
        self.step = step
        self.low = integers ? low : (low / step).rounded(.down) * step
        self.high = integers ? max(high, low + step) : (high / step).rounded(.up) * step
    }

    /// The tick values, low to high.
    var ticks: [Double] {
        let count = Int(((high - low) / step).rounded(.down)) + 1
        return (0..<count).map { low + Double($0) * step }
    }

    /// A tick's label with as many decimals as the step needs.
    func label(_ value: Double) -> String {
        let decimals = max(0, Int(-floor(log10(step))))
        return String(format: "%.\(decimals)f", value == 0 ? 0 : value)
    }
}
