import Testing
import SynapseData

/// Datasets, subsets and collation.
@Suite("Datasets and collation")
struct DatasetTests {
    struct Squares: Dataset {
        var count: Int { 5 }
        subscript(index: Int) -> (Double, Int) { (Double(index) / 2, index * index) }
    }

    @Test("TensorDataset rows, ConcatDataset and Subset indexing, negative indices")
    func indexing() {
        let data = TensorDataset(Tensor.arange(6).view(3, 2), Tensor([10, 20, 30]))
        #expect(data.count == 3)
        #expect(data[1][0].toArray(of: Int64.self) == [2, 3] && data[-1][1].item(as: Int64.self) == 30)
        let both = ConcatDataset([data, data])
        #expect(both.count == 6 && both.cumulativeSizes == [3, 6] && both[4][1].item(as: Int64.self) == 20)
        let subset = Subset(data, indices: [2, 0])
        #expect(subset[0][1].item(as: Int64.self) == 30 && subset.count == 2)
    }

    @Test("Tuple samples batch per position, numbers into tensors of PyTorch's dtypes")
    func tupleBatches() {
        let loader = DataLoader(Squares(), batchSize: 2)
        let batches = Array(loader)
        #expect(batches.count == 3)
        let (halves, squares) = batches[1]
        #expect(halves.dtype == .float64 && halves.toArray(of: Double.self) == [1, 1.5])
        #expect(squares.dtype == .int64 && squares.toArray(of: Int64.self) == [4, 9])
    }

    @Test("Arrays, dictionaries and strings collate as default_collate does")
    func collation() {
        let samples: [[String: [Float]]] = [["x": [1, 2]], ["x": [3, 4]]]
        let batch = [String: [Float]].collate(samples)
        #expect(batch["x"]!.map { $0.toArray(of: Float.self) } == [[1, 3], [2, 4]])
        #expect(String.collate(["a", "b"]) == ["a", "b"])
        #expect(Tensor.collate([Tensor([1.0, 2]), Tensor([3.0, 4])]).shape == [2, 2])
    }
}
