import Testing
import CSynapseKernels
@testable import SynapseTensor

/// `synapse_reduce_rows_f32` reads a range of rows in parts taken in turn (short rows) or takes the blocks of
/// several long rows in turn (sums): each row's result must be exactly the one it gets reduced alone.
@Suite struct RowPartsTests {
    @Test("A range of rows gives the same doubles as each row reduced alone, at every level")
    func sameAsOneRowAtATime() {
        let generator = Generator(seed: 47)
        for length in [1, 255, 256, 1024, 1025, 4096, 16_385, 65_536] {
            for rows in [1, 2, 3, 4, 5, 9] {
                // The last row is cut short by 3 elements when it has them.
                let n = rows * length - Swift.min(3, length - 1)
                let x = (Tensor.randn([n], generator: generator) + 0.5).toArray(of: Float.self)
                for op in [SYNAPSE_REDUCE_SUM, SYNAPSE_REDUCE_MOMENTS, SYNAPSE_REDUCE_MAX, SYNAPSE_REDUCE_MIN] {
                    for level in VectorMath.supportedLevels {
                        var values = [Double](repeating: 0, count: rows), m2 = values
                        var alone = values, aloneM2 = values
                        #expect(synapse_reduce_rows_f32(Int32(op), x, n, length, 0, rows, &values, &m2, Int32(level)) == 0)
                        for row in 0..<rows {
                            #expect(synapse_reduce_rows_f32(Int32(op), x, n, length, row, row + 1, &alone, &aloneM2,
                                                            Int32(level)) == 0)
                        }
                        #expect(values == alone, "op \(op) length \(length) rows \(rows) level \(level)")
                        if op == SYNAPSE_REDUCE_MOMENTS { #expect(m2 == aloneM2) }
                    }
                }
            }
        }
    }
}
