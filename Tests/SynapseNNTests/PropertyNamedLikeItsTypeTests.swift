import Testing
import SynapseNN

/// Hugging Face's BERT names a child after its type (`self.LayerNorm = nn.LayerNorm(...)`), and its checkpoints
/// carry the key `embeddings.LayerNorm.weight`. In Swift 6.3 the property can keep that name:
/// `let LayerNorm: LayerNorm = .init(32)` and `let LayerNorm = SynapseNN.LayerNorm(32)` compile, but
/// `let LayerNorm = LayerNorm(32)` and `let LayerNorm: LayerNorm = LayerNorm(32)` don't (inside the class, an
/// unqualified `LayerNorm` in an expression names the property, not the type; in a type annotation it still names
/// the type), and neither does `self.LayerNorm = LayerNorm(32)` in an initialiser.
@Suite struct PropertyNamedLikeItsTypeTests {
    /// The spelling the documentation recommends: the type in the annotation, `.init` for the value.
    final class BertEmbeddings: Module {
        let wordEmbeddings = Embedding(10, 32)
        let LayerNorm: LayerNorm = .init(32, eps: 1e-12)
        let dropout = Dropout(0.1)

        override func forward(_ input: Tensor) -> Tensor { dropout(LayerNorm(wordEmbeddings(input))) }
    }

    /// The module-qualified spelling, and the property assigned in an initialiser.
    final class QualifiedEmbeddings: Module {
        let LayerNorm = SynapseNN.LayerNorm(32)
        let second: LayerNorm

        init(size: Int) {
            second = .init(size)
            super.init()
        }
    }

    @Test func keepsTheNameAsItsStateDictKey() {
        let embeddings = BertEmbeddings().eval()
        #expect(Array(embeddings.stateDict().keys) == ["wordEmbeddings.weight", "LayerNorm.weight", "LayerNorm.bias"])
        #expect(embeddings.LayerNorm.eps == 1e-12)
        #expect(embeddings(Tensor([[1, 2, 3]])).shape == [1, 3, 32])
        let qualified = QualifiedEmbeddings(size: 8)
        #expect(Array(qualified.stateDict().keys)
            == ["LayerNorm.weight", "LayerNorm.bias", "second.weight", "second.bias"])
    }
}
