import Foundation
import Testing
@testable import SynapseTour

/// The tour prints the code that runs: `TourSnippets.swift` is what the markers in the sources and the Python
/// twin's cases give now, and every step has both snippets.
@Suite struct TourSnippetTests {
    @Test func generatedSnippetsAreUpToDate() throws {
        let committed = try String(contentsOf: SnippetExtraction.generatedFile, encoding: .utf8)
        #expect(committed == (try SnippetExtraction.currentGeneratedSource()),
                "TourSnippets.swift is out of date: run `swift run synapse-tour --write-snippets`")
    }

    @Test(arguments: Tour.steps.map(\.name))
    func everyStepShowsSwiftAndPyTorch(_ name: String) throws {
        let step = try #require(Tour.step(named: name))
        #expect(!step.swiftSnippet.isEmpty)
        #expect(!step.pytorchSnippet.isEmpty)
        #expect(step.pytorchSnippet.contains("print("))
    }

    @Test(arguments: ["train_data", "train_mlp", "train_lenet"])
    func trainingLessonShowsSwiftAndPyTorch(_ name: String) throws {
        let swift = try #require(Tour.swiftSnippets[name])
        let pytorch = try #require(Tour.pytorchSnippets[name])
        #expect(!swift.contains("// ") && !pytorch.hasPrefix("//"))
        if name != "train_data" {
            #expect(swift.contains("summary(net, inputShape: [1, 1, 8, 8])"))
            #expect(swift.contains("func fit<Options>"))   // the shared loop, shown before the body
            #expect(pytorch.contains("torchinfo.summary(net, input_size=(1, 1, 8, 8)"))
        }
    }

    @Test func extractionJoinsContextAndBodyAndDedents() {
        let swift = """
            // snippet-context: a b
            final class Net: Module {
                let x = 1
            }
            // end snippet
            let steps = [
                TourStep("a") { seed, print in
                    // snippet: a
                    print(Net())

                    print(2)
                    // end snippet
                },
            ]
            // pytorch: b
            // print(3)
            //     indented
            // end pytorch
            """
        let python = """
            @case("a")
            def _():
                torch.manual_seed(SEED)
                print(1)


            @case("c")
            def _():
                print(2)
            """
        let snippets = SnippetExtraction.snippets(swiftSources: [("A.swift", swift)], python: python)
        #expect(snippets.swift == ["a": "final class Net: Module {\n    let x = 1\n}\n\nprint(Net())\n\nprint(2)"])
        #expect(snippets.pytorch == ["a": "torch.manual_seed(SEED)\nprint(1)", "b": "print(3)\n    indented", "c": "print(2)"])
    }

    @Test func lessonShowsCodeThenOutputAndColoursOnlyOnATerminal() throws {
        let step = try #require(Tour.step(named: "001_tied_layers"))
        let plain = try step.lesson(seed: 42, style: .plain)
        #expect(plain.hasPrefix("== 001_tied_layers\nSwift\n    manualSeed(seed)\n"))
        #expect(plain.contains("\nPyTorch\n    torch.manual_seed(SEED)\n"))
        #expect(plain.hasSuffix("Output\n" + (try step.run(seed: 42))))
        #expect(!plain.contains("\u{1B}"))
        let terminal = try step.lesson(seed: 42, style: LessonStyle(colour: true, width: 40))
        #expect(terminal.hasPrefix("\u{1B}[1m── 001_tied_layers ─"))
        #expect(terminal.contains("\u{1B}[36mSwift\u{1B}[0m"))
        #expect(terminal.split(separator: "\n")[0].count == 40 + "\u{1B}[1m\u{1B}[0m".count)
    }
}
