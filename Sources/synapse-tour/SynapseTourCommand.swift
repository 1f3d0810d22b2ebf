import ArgumentParser
import SynapseTour

/// `synapse-tour [--seed 42]`: the user's articles, end to end, in Swift. Each step prints what its PyTorch twin
/// (`scripts/fixtures/seeds.py`) prints from the same seed.
@main
struct SynapseTourCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synapse-tour",
        abstract: "Walk through the articles' snippets in Swift, printing what PyTorch prints for the same seed.")

    @Option(help: "The seed every step starts from (torch.manual_seed).")
    var seed = 42

    func run() throws {
        print(try Tour.run(seed: seed), terminator: "")
    }
}
