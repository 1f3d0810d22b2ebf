import Synapse

/// One step of the tour: a snippet of the articles, run from `manualSeed(seed)`, printing into a ``Printout``
/// what its Python original prints (`scripts/fixtures/seeds.py` has the PyTorch twin of every step, by name).
public struct TourStep: Sendable {
    /// The snippet's name, shared with the Python twin (`001_parameter_access`).
    public let name: String
    let body: @Sendable (Int, inout Printout) throws -> Void

    init(_ name: String, body: @escaping @Sendable (_ seed: Int, _ out: inout Printout) throws -> Void) {
        self.name = name
        self.body = body
    }

    /// What the step prints when run from `seed`.
    public func run(seed: Int) throws -> String {
        var out = Printout()
        try body(seed, &out)
        return out.text
    }
}

/// The walk through the user's articles (`../shared/seeds/`), in their order, then saving and training: what
/// `swift run synapse-tour` prints. Every step resets the default generator to the tour's seed, as the Python
/// twin does, so the numbers are PyTorch's for the same seed.
public enum Tour {
    /// Every step, by article (the name's first three digits), each article's steps in the order written.
    public static let steps: [TourStep] = {
        let all = seed000Steps + seed001Steps + seed002and003Steps + seed004Steps + checkpointSteps + trainingSteps
            + regressionSteps + parameterMachinerySteps
        return all.enumerated().sorted { ($0.element.name.prefix(3), $0.offset) < ($1.element.name.prefix(3), $1.offset) }
            .map(\.element)
    }()

    /// The whole tour as its PyTorch twin prints it: each step under a `== name` line, then what it printed.
    public static func run(seed: Int = 42) throws -> String {
        var text = ""
        for step in steps { text += "== \(step.name)\n" + (try step.run(seed: seed)) }
        return text
    }
}
