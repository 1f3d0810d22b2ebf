import SynapseDistributed
import SynapseNN
import SynapseOptim
import SynapseTensor

/// An autoencoder whose decoder is the encoder's weight transposed (a tied parameter), with a layer used only
/// when `useExtra` is set and one never used.
final class TiedNet: Module {
    let encoder = Linear(4, 6, dtype: .float64)
    let decoderBias = Parameter(Tensor.zeros([4], dtype: .float64))
    let extra = Linear(6, 6, dtype: .float64)
    let neverUsed = Linear(6, 6, dtype: .float64)
    var useExtra = false

    override func forward(_ input: Tensor) -> Tensor {
        var hidden = encoder(input).tanh()
        if useExtra { hidden = extra(hidden).tanh() }
        return Functional.linear(hidden, weight: encoder.weight.t(), bias: decoderBias)
    }
}

extension DataParallelChecks {
    /// `findUnusedParameters` with a layer only rank 0 uses and one nobody uses, and a tied weight counted once.
    mutating func checkTiedAndUnused() throws {
        let world = group.worldSize
        let chunkSize = Self.batch / world
        let generator = Generator(seed: 13)
        let x = Tensor.randn([Self.batch, 4], dtype: .float64, generator: generator)
        func chunk(_ index: Int) -> Tensor { x.narrow(0, start: index * chunkSize, length: chunkSize) }

        manualSeed(0)
        let reference = TiedNet()
        Self.trainReference(reference, chunks: world) { index in
            reference.useExtra = index == 0
            return Functional.mseLoss(reference(chunk(index)), chunk(index))
        }

        manualSeed(UInt64(group.rank))
        let net = TiedNet()
        let model = try DistributedDataParallel(net, processGroup: group, findUnusedParameters: true)
        let optimizer = SGD(model.parameters(), lr: 0.05, momentum: 0.9)
        net.useExtra = group.rank == 0
        for _ in 0..<Self.steps {
            optimizer.zeroGrad()
            Functional.mseLoss(model(chunk(group.rank)), chunk(group.rank)).backward()
            optimizer.step()
        }
        let label = "DDP tied weight and unused layers, \(world) ranks"
        report.expectEqual(Tensor([Double(model.bucketNames.joined().count)]), Tensor([7.0]),
                           "\(label): 7 distinct parameters in the buckets")
        report.expectClose(
            net.parameters().flatMap { $0.data.contiguous().toArray(of: Double.self) },
            reference.parameters().flatMap { $0.data.contiguous().toArray(of: Double.self) },
            tolerance: 1e-12, label)
        if net.neverUsed.weight.grad != nil { report.fail("\(label): a parameter no rank used got a gradient") }
        if net.extra.weight.grad == nil { report.fail("\(label): a parameter rank 0 used got no gradient on rank \(group.rank)") }
    }
}
