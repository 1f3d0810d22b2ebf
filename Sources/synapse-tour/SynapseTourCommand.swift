import ArgumentParser
import Foundation
import SynapseTour

/// `synapse-tour`: the user's articles as a lesson, in Swift. Each step shows its Swift code (the code that runs),
/// the PyTorch code it mirrors (`scripts/fixtures/seeds.py`), then what it prints, which is what PyTorch prints
/// from the same seed.
@main
struct SynapseTourCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synapse-tour",
        abstract: "Walk through the articles' snippets in Swift, printing what PyTorch prints for the same seed.",
        discussion: """
            Every step shows its Swift code, the PyTorch code it mirrors, and its output. Colour and the \
            terminal's width are used only on a terminal. --train trains the D2L MLP and LeNet instead, with \
            progress bars, a model summary, TensorBoard event files and loss curves.
            """)

    @Option(help: "The seed every step starts from (torch.manual_seed).")
    var seed = 42

    @Flag(help: "List the steps' names and stop.")
    var list = false

    @Option(name: .customLong("step"), help: "Run only this step (repeatable); see --list.")
    var steps: [String] = []

    @Flag(help: "Print only the outputs under `== name` lines, exactly as the PyTorch twin's --print does.")
    var plain = false

    @Flag(help: "Train the D2L MLP and LeNet on the UCI digits Synapse ships, as a lesson.")
    var train = false

    @Option(help: "Epochs per network for --train.")
    var epochs = 10

    @Option(help: "Where --train writes TensorBoard runs and curves.")
    var output = "runs/synapse-tour"

    @Flag(help: .hidden)
    var writeSnippets = false

    func validate() throws {
        let unknown = steps.filter { Tour.step(named: $0) == nil }
        if !unknown.isEmpty {
            throw ValidationError("no step named \(unknown.joined(separator: ", ")); `synapse-tour --list` shows them")
        }
        if epochs < 1 { throw ValidationError("--epochs must be at least 1, found \(epochs)") }
    }

    func run() throws {
        if writeSnippets { return print("wrote", try Tour.writeSnippets()) }
        if list { return print(Tour.steps.map(\.name).joined(separator: "\n")) }
        if train {
            return try TrainingLesson(epochs: epochs, output: output, style: .standardOutput, sink: .standardOutput).run()
        }
        let selected = steps.isEmpty ? Tour.steps : steps.compactMap(Tour.step(named:))
        let style = LessonStyle.standardOutput
        for step in selected {
            let text = plain ? "== \(step.name)\n" + (try step.run(seed: seed)) : try step.lesson(seed: seed, style: style) + "\n"
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
