import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import SynapseTraining

/// The SVG curves: well-formed XML with the axes, ticks, lines and legend a reader expects, the same bytes for
/// the same data, and a PNG only where a converter exists.
@Suite struct LineChartTests {
    static let history: TrainingHistory = {
        var history = TrainingHistory()
        for (epoch, (trainLoss, testAcc)) in zip(1..., [(2.31, 0.41), (1.2, 0.66), (0.71, 0.79), (0.52, 0.83)]) {
            history.epochs.append(EpochMetrics(epoch: epoch, trainLoss: trainLoss, trainAccuracy: testAcc - 0.02,
                                               testLoss: trainLoss + 0.05, testAccuracy: testAcc))
        }
        return history
    }()

    static func document(_ svg: String) throws -> XMLDocument { try XMLDocument(xmlString: svg) }

    /// An attribute's value (`attribute(forName:)` misses attributes of elements in a default namespace on Linux).
    func attribute(_ element: XMLElement?, _ name: String) -> String? {
        element?.attributes?.first { $0.name == name }?.stringValue
    }

    @Test func svgHasAxesTicksSeriesAndLegend() throws {
        let svg = Self.history.chart(title: "LeNet <digits> & more").svg()
        let root = try #require(try Self.document(svg).rootElement())
        #expect(root.name == "svg")
        #expect(attribute(root, "width") == "640")
        let groups = (root.children ?? []).compactMap { $0 as? XMLElement }.filter { $0.name == "g" }
        let byClass = Dictionary(grouping: groups) { attribute($0, "class") ?? "" }
        let series = try #require(byClass["series"])
        #expect(series.map { attribute($0, "data-name") } == ["train loss", "test loss", "train acc", "test acc"])
        for line in series {
            let circles = (line.children ?? []).filter { $0.name == "circle" }
            #expect(circles.count == 4)
            let polyline = try #require(line.children?.first { $0.name == "polyline" } as? XMLElement)
            #expect(attribute(polyline, "points")?.split(separator: " ").count == 4)
        }
        #expect(series[1].children?.first.flatMap { attribute($0 as? XMLElement, "stroke-dasharray") } != nil)
        // y runs from 0 to 2.5 (the largest value, 2.36, rounded up to a tick of 0.5); x ticks are the epochs.
        let tickNodes = byClass["ticks"]?.first?.children ?? []
        let tickLabels = tickNodes.compactMap { $0.stringValue }
        #expect(tickLabels == ["0.0", "0.5", "1.0", "1.5", "2.0", "2.5", "1", "2", "3", "4", "epoch"])
        let legendNodes = byClass["legend"]?.first?.children ?? []
        let legend = legendNodes.filter { $0.name == "text" }.compactMap { $0.stringValue }
        #expect(legend == ["train loss", "test loss", "train acc", "test acc"])
        #expect(svg.contains("LeNet &lt;digits&gt; &amp; more"))
    }

    @Test func pointsSitOnTheAxes() throws {
        let chart = LineChart(title: "t", series: [.init(name: "line", values: [0, 1])], width: 400, height: 300)
        let svg = chart.svg()
        // Plot area: x from 60 to 400 - 150 = 250, y from 40 to 300 - 50 = 250; the values 0 and 1 span the y axis.
        #expect(svg.contains("points=\"60.0,250.0 250.0,40.0\""))
    }

    @Test func sameDataSameBytes() {
        #expect(Self.history.chart(title: "x").svg() == Self.history.chart(title: "x").svg())
    }

    @Test func emptyAndOneEpochChartsAreStillValid() throws {
        _ = try Self.document(TrainingHistory().chart(title: "empty").svg())
        var one = TrainingHistory()
        one.epochs = [EpochMetrics(epoch: 1, trainLoss: .nan, trainAccuracy: 0.5, testLoss: 0.7, testAccuracy: 0.5)]
        let svg = one.chart(title: "one").svg()
        _ = try Self.document(svg)
        #expect(!svg.contains("nan"))
    }

    @Test func pngOnlyWhereAConverterExists() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-chart-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let chart = Self.history.chart(title: "curves")
        let base = directory.appendingPathComponent("curves").path
        #expect(try ChartFiles.write(chart, to: base, searchPath: "/nonexistent") == [base + ".svg"])
        #expect(try String(contentsOfFile: base + ".svg", encoding: .utf8) == chart.svg())
        // A converter that fails (here: one that only exits 1) leaves the SVG alone.
        let tools = directory.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
        try install("#!/bin/sh\nexit 1\n", as: "convert", in: tools)
        #expect(try ChartFiles.write(chart, to: base, searchPath: tools.path) == [base + ".svg"])
        // rsvg-convert is tried first, as `rsvg-convert in.svg -o out.png`.
        try install("#!/bin/sh\n[ \"$2\" = -o ] && printf '\\211PNG' > \"$3\"\n", as: "rsvg-convert", in: tools)
        #expect(ChartFiles.converterAvailable(searchPath: tools.path))
        #expect(try ChartFiles.write(chart, to: base, searchPath: tools.path) == [base + ".svg", base + ".png"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: base + ".png")) == Data([0x89, 0x50, 0x4E, 0x47]))
    }

    private func install(_ script: String, as name: String, in directory: URL) throws {
        let path = directory.appendingPathComponent(name).path
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }
}
