import Testing
import SynapseNN
import SynapseTensor

/// The deprecated `nn.Container`: its children and printout, compared with torch 2.15's
/// `nn.Container(a=nn.Linear(2, 3), b=nn.ReLU())`.
@Suite struct ContainerTests {
    @Test func holdsItsChildrenInOrder() throws {
        let container = try Container(["a": Linear(2, 3, generator: Generator(seed: 0)), "b": ReLU()])
        #expect(container.namedChildren().map(\.0) == ["a", "b"])
        #expect(container.description == """
            Container(
              (a): Linear(in_features=2, out_features=3, bias=True)
              (b): ReLU()
            )
            """)
    }

    @Test func refusesADottedName() {
        #expect(throws: ModuleError.self) { try Container(["a.b": ReLU()]) }
    }
}
